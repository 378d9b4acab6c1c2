#!/usr/bin/env python3
"""The Allegro dialect's application-layer modules (dns, dhcp, http, ssl) against real captures, checked
with tshark.

Usage: allegro_l7_test.py PATH_TO_NETMETER [unittest args]

One daemon analyses four captures of ../shared/pcaps (one slot each). What netmeter counts and how it
differs from tshark's own statistics (docs/allegro/l7.md "Compared with tshark"):
- DNS: netmeter counts standard queries on UDP/TCP 53, mDNS (5353) and LLMNR (5355); `tshark -z dns,tree`
  leaves mDNS and LLMNR out, so they are added from a per-frame count.
- HTTP: netmeter reads requests and status lines at the start of TCP segments (not retransmissions) and
  does not reassemble; `-z http,tree` counts reassembled messages only and HTTP over UDP (SSDP) too. The
  exact oracle is therefore tshark per frame with reassembly off. The tree (on TCP) agrees where every
  message completes in the capture (android, alexa-app); on 1kxun it misses the 206 Partial Content whose
  body the capture cuts off.
- TLS: ClientHellos and ServerHellos of TCP connections, as tshark's handshake types 1 and 2.
- DHCP: message types per BOOTP message, as tshark's option 53.
"""
import collections
import os
import sys
import unittest

import api_test
import allegro_support as support

CAPTURES = ("android.pcap", "bad-dns-traffic.pcap", "1kxun.pcap", "alexa-app.pcapng")
ANDROID, BAD_DNS, KXUN, ALEXA = range(4)
MODULES = "/API/stats/modules"
RCODES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED"}
DHCP_TYPES = {1: "DISCOVER", 2: "OFFER", 3: "REQUEST", 4: "DECLINE", 5: "ACK", 6: "NAK", 7: "RELEASE",
              8: "INFORM"}
TLS_VERSIONS = {0x0300: "SSLv3", 0x0301: "TLSv1.0", 0x0302: "TLSv1.1", 0x0303: "TLSv1.2", 0x0304: "TLSv1.3"}
HTTP_NO_REASSEMBLY = ("-o", "tcp.desegment_tcp_streams:FALSE")
FIRST_SEGMENTS = "tcp && !tcp.analysis.retransmission"


def tshark_rows(capture, display_filter, *fields, options=()):
    """Rows of `fields` (lists, split on tabs) of the frames matching `display_filter`."""
    args = ["-r", capture, *options, "-Y", display_filter, "-T", "fields"]
    for f in fields:
        args += ["-e", f]
    out = support.tshark(*args)
    return [line.split("\t") for line in out.splitlines()]


def tree_counts(text):
    """{item: (count, [average, min, max])} of a `tshark -q -z X,tree` table."""
    rows = {}
    for line in text.splitlines():
        cells = line.split("  ")
        cells = [c.strip() for c in cells if c.strip()]
        if len(cells) >= 2 and cells[1].isdigit():
            numbers = []
            for c in cells[2:5]:
                try:
                    numbers.append(float(c))
                except ValueError:
                    break
            rows.setdefault(cells[0], (int(cells[1]), numbers))
    return rows


def host_of(header):
    """An HTTP Host header without its port, as netmeter keeps host names."""
    if header.startswith("["):
        return header[:header.find("]") + 1]
    return header.split(":")[0] if header.count(":") == 1 else header


class AllegroL7Test(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.paths = [support.need_pcap(c) for c in CAPTURES]
        cls.daemon = support.AnalysisDaemon(*cls.paths)
        try:
            cls.daemon.start()
        except Exception:
            cls.daemon.stop()  # setUpClass failed: tearDownClass will not run
            raise
        cls.http = cls.daemon.session()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    def get(self, path, slot, session=None, status=200, **params):
        r = (session or self.http).get(self.daemon.host + MODULES + path, params={"mm-id": slot, **params},
                                       timeout=30)
        self.assertEqual(r.status_code, status, r.text)
        return r.json()

    def all_items(self, path, slot, session=None, **params):
        """Every element of a paged list, page by page as the spec's pagination script walks ips_paged."""
        first = self.get(path, slot, session, count=100, page=0, **params)
        items = list(first["displayedItems"])
        for page in range(1, first["numberOfPages"]):
            items += self.get(path, slot, session, count=100, page=page, **params)["displayedItems"]
        self.assertEqual(len(items), first["numberOfItems"])
        return items

    # ---- discovery ----

    def test_options_list_what_answers(self):
        def children(path):
            r = self.http.options(self.daemon.host + path, timeout=10)
            self.assertEqual(r.status_code, 200, r.text)
            return set(r.json()["subResources"])

        self.assertLessEqual({"dns", "dhcp", "http", "ssl"}, children(MODULES))
        self.assertEqual(children(MODULES + "/dns"), {"ips_paged", "servers_paged", "names_paged"})
        self.assertEqual(children(MODULES + "/dhcp"), {"ips_paged", "servers"})
        self.assertEqual(children(MODULES + "/http"), {"ips_paged", "response-stats", "codes"})
        # Nothing per address is measured for TLS: no ips_paged, no response-stats.
        self.assertEqual(children(MODULES + "/ssl"), {"top-ssl"})
        for path in ("/ssl/ips_paged", "/ssl/response-stats", "/dhcp/response-stats"):
            self.get(path, ANDROID, status=404)
        for path in ("", "/dns", "/dhcp", "/http", "/ssl"):
            for leaf in children(MODULES + path) if path else ("dns", "dhcp", "http", "ssl"):
                self.get(f"{path}/{leaf}", ANDROID)

    # ---- DNS ----

    def dns_oracle(self, slot):
        """Per-frame DNS facts of the capture: (queries, responses) as rows of (src, dst, rcode, qtype, mdns)."""
        rows = tshark_rows(self.paths[slot], "dns.flags.opcode == 0", "frame.protocols", "dns.flags.response",
                           "ip.src", "ip.dst", "dns.flags.rcode", "dns.qry.type", "ipv6.src", "ipv6.dst")
        for r in rows:  # one address column whatever the IP version; the first question's type
            r[2], r[3], r[5] = r[2] or r[6], r[3] or r[7], r[5].split(",")[0]
        queries = [r for r in rows if r[1] in ("0", "False")]
        responses = [r for r in rows if r[1] in ("1", "True")]
        return queries, responses

    def check_dns(self, slot):
        queries, responses = self.dns_oracle(slot)
        tree = tree_counts(support.tshark("-r", self.paths[slot], "-q", "-z", "dns,tree"))
        multicast = [r for r in queries + responses if ":mdns" in r[0] or ":llmnr" in r[0]]
        # The tree leaves mDNS and LLMNR out; per frame they are the rest.
        self.assertEqual(tree["Query"][0] + sum(r in queries for r in multicast), len(queries))
        self.assertEqual(tree["Response"][0] + sum(r in responses for r in multicast), len(responses))

        m = self.get("/dns", slot)
        self.assertEqual(m["requests"], len(queries))
        self.assertEqual(m["responses"], len(responses))
        self.assertEqual(m["allTime"], [m["responses"], m["requests"], m["responsesOk"], m["responsesError"]])
        rcodes = collections.Counter(RCODES.get(int(r[4]), f"RCODE{r[4]}") for r in responses)
        self.assertEqual(m["responseCodes"], dict(rcodes))
        self.assertEqual(m["responsesError"], sum(n for code, n in rcodes.items() if code != "NOERROR"))
        # Query types: the tree counts them over queries and responses; netmeter over queries.
        qtypes = collections.Counter(int(r[5]) for r in queries)
        self.assertEqual(sum(m["queryTypes"].values()), sum(qtypes.values()))
        self.assertEqual(len(m["queryTypes"]), len(qtypes))
        # Response times: query → response of the same transaction, as the tree's service statistics.
        times = m["globalResponseTimes"]
        count, (avg, low, high) = tree["request-response time (msec)"]
        self.assertEqual(times["count"], count)
        self.assertAlmostEqual(times["avg"], avg, delta=0.01)
        self.assertAlmostEqual(times["min"], low, delta=0.001)
        self.assertAlmostEqual(times["max"], high, delta=0.01)

        # Servers: queries each was sent; clients: queries each sent.
        servers = {s["ip"]: s for s in self.all_items("/dns/servers_paged", slot)}
        self.assertEqual({ip: s["requests"] for ip, s in servers.items()},
                         dict(collections.Counter(r[3] for r in queries)))
        self.assertEqual({ip: s["allTime"][0] for ip, s in servers.items()},
                         {ip: sum(r[2] == ip for r in responses) for ip in servers})
        clients = {c["ip"]: c for c in self.all_items("/dns/ips_paged", slot)}
        self.assertEqual({ip: c["requests"] for ip, c in clients.items()},
                         dict(collections.Counter(r[2] for r in queries)))
        return m

    def test_dns_android(self):
        m = self.check_dns(ANDROID)
        self.assertNotIn("topNames", m)
        full = self.get("/dns", ANDROID, detail="full")
        names = self.all_items("/dns/names_paged", ANDROID, sort="requests", reverse="true")
        self.assertEqual(full["topNames"], [{"name": n["name"], "requests": n["requests"]} for n in names])
        oracle = collections.Counter(r[0] for r in tshark_rows(self.paths[ANDROID],
                                                               "dns.flags.opcode == 0 && dns.flags.response == 0",
                                                               "dns.qry.name"))
        self.assertEqual({n["name"]: n["requests"] for n in names}, dict(oracle))
        self.assertTrue(all(n["overcount"] == 0 for n in names))

    def test_dns_errors_and_response_times(self):
        m = self.check_dns(BAD_DNS)
        self.assertEqual(m["responseCodes"].get("SERVFAIL"), 3)
        server = self.get("/dns/servers_paged", BAD_DNS, sort="requests", reverse="true")["displayedItems"][0]
        self.assertEqual(server["responseTimes"], m["globalResponseTimes"])  # one server answered all

    def test_dns_sorting_paging_csv(self):
        by_requests = self.all_items("/dns/ips_paged", KXUN, sort="requests", reverse="true")
        counts = [c["requests"] for c in by_requests]
        self.assertEqual(counts, sorted(counts, reverse=True))
        one_by_one = [self.get("/dns/ips_paged", KXUN, sort="requests", reverse="true", count=1, page=p)
                      ["displayedItems"][0]["ip"] for p in range(len(by_requests))]
        self.assertEqual(one_by_one, [c["ip"] for c in by_requests])
        r = self.http.get(self.daemon.host + MODULES + "/dns/servers_paged",
                          params={"mm-id": KXUN, "csv": "true"}, timeout=30)
        self.assertEqual(r.status_code, 200)
        self.assertTrue(r.headers["Content-Type"].startswith("text/csv"))
        lines = r.text.splitlines()
        self.assertEqual(lines[0].split(",")[:4], ["ip", "vlan", "name", "requests"])
        self.assertEqual(len(lines) - 1, self.get("/dns/servers_paged", KXUN)["numberOfItems"])
        for sort in ("ip", "dns_server", "name", "responses", "errors", "avg", "min", "max"):
            self.get("/dns/servers_paged", KXUN, sort=sort)
        err = self.get("/dns/ips_paged", KXUN, status=400, sort="bytes")
        self.assertIn("requests", err["error"])

    # ---- HTTP ----

    def http_oracle(self, slot):
        rows = tshark_rows(self.paths[slot], FIRST_SEGMENTS + " && (http.request || http.response)",
                           "http.request.method", "http.response.code", "ip.src", "ip.dst", "http.host",
                           options=HTTP_NO_REASSEMBLY)
        requests = [r for r in rows if r[0]]
        responses = [r for r in rows if r[1]]
        return requests, responses

    def check_http(self, slot):
        requests, responses = self.http_oracle(slot)
        m = self.get("/http", slot, detail="full")
        self.assertEqual(m["requests"], len(requests))
        self.assertEqual(m["responses"], len(responses))
        self.assertEqual(m["methods"], dict(collections.Counter(r[0] for r in requests)))
        self.assertEqual(m["statusCodes"], dict(collections.Counter(r[1] for r in responses)))
        classes = collections.Counter(f"{r[1][0]}xx" for r in responses)
        self.assertEqual({k: v for k, v in m["statusClasses"].items() if v}, dict(classes))
        hosts = collections.Counter(host_of(r[4]) for r in requests if r[4])
        self.assertEqual({n["name"]: n["requests"] for n in m["topHostNames"]}, dict(hosts))

        # Per server: requests it received, responses by class it sent.
        stats = {s["ip"]: s for s in self.all_items("/http/response-stats", slot)}
        self.assertEqual({ip: s["requests"] for ip, s in stats.items()},
                         dict(collections.Counter(r[3] for r in requests)))
        codes = {s["ip"]: s for s in self.all_items("/http/codes", slot)}
        for ip, s in codes.items():
            sent = collections.Counter(r[1][0] for r in responses if r[2] == ip)
            self.assertEqual({c: s[f"xx{c}"] for c in "12345" if s[f"xx{c}"]}, dict(sent), ip)
        timed = sum(s["responseTimes"]["count"] for s in stats.values())
        self.assertEqual(timed, m["globalResponseTimes"]["count"])
        # ips_paged: every host in either role; a client's requests are what it sent.
        hosts = {h["ip"]: h for h in self.all_items("/http/ips_paged", slot)}
        sent = collections.Counter(r[2] for r in requests)
        self.assertEqual({ip: h["requestsSent"] for ip, h in hosts.items() if h["requestsSent"]}, dict(sent))
        self.assertEqual(set(hosts), set(sent) | set(stats))
        return m

    def test_http_android(self):
        m = self.check_http(ANDROID)
        self.assertEqual(m["statusCodes"], {"200": 4})
        self.check_http_tree(ANDROID, m)

    def test_http_alexa(self):
        m = self.check_http(ALEXA)
        self.assertEqual(m["statusCodes"], {"200": 18, "204": 2, "404": 2})
        self.check_http_tree(ALEXA, m)

    def test_http_1kxun_codes(self):
        m = self.check_http(KXUN)
        # 100 Continue before the final answers, a redirect, a partial content, bad gateways.
        self.assertEqual(m["statusCodes"], {"100": 4, "200": 20, "206": 1, "302": 1, "502": 2})
        tree = tree_counts(support.tshark("-r", self.paths[KXUN], "-q", "-z", "http,tree,tcp"))
        # The tree counts reassembled messages only: the 206, cut off by the end of the capture, is missing.
        self.assertEqual(tree["HTTP Request Packets"][0], m["requests"])
        self.assertEqual(tree["HTTP Response Packets"][0], m["responses"] - 1)
        self.assertEqual(tree["200 OK"][0], m["statusCodes"]["200"])
        self.assertNotIn("206 Partial Content", tree)
        top = self.get("/http/codes", KXUN, sort="xx5", reverse="true", count=1)["displayedItems"][0]
        self.assertEqual(top["xx5"], 2)
        slow = self.get("/http/response-stats", KXUN, sort="max", reverse="true")["displayedItems"]
        maxima = [s["responseTimes"].get("max", 0) for s in slow]
        self.assertEqual(maxima, sorted(maxima, reverse=True))
        self.assertAlmostEqual(maxima[0], m["globalResponseTimes"]["max"], places=6)

    def check_http_tree(self, slot, m):
        tree = tree_counts(support.tshark("-r", self.paths[slot], "-q", "-z", "http,tree,tcp"))
        self.assertEqual(tree["HTTP Request Packets"][0], m["requests"])
        self.assertEqual(tree["HTTP Response Packets"][0], m["responses"])

    # ---- TLS ----

    def check_tls(self, slot):
        hellos = tshark_rows(self.paths[slot], FIRST_SEGMENTS + " && tls.handshake.type == 1",
                             "tls.handshake.extensions_server_name")
        server_hellos = tshark_rows(self.paths[slot], FIRST_SEGMENTS + " && tls.handshake.type == 2",
                                    "tls.handshake.version", "tls.handshake.extensions.supported_version")
        m = self.get("/ssl", slot, detail="full")
        self.assertEqual(m["clientHellos"], len(hellos))
        self.assertEqual(m["clientHellosWithoutSni"], sum(not r[0] for r in hellos))
        self.assertEqual(m["serverHellos"], len(server_hellos))
        chosen = collections.Counter(TLS_VERSIONS[int(r[1] or r[0], 16)] for r in server_hellos)
        self.assertEqual(m["serverVersions"], dict(chosen))
        snis = collections.Counter(r[0] for r in hellos if r[0])
        top = self.all_items("/ssl/top-ssl", slot, sort="requests", reverse="true")
        self.assertEqual({n["name"]: n["clientHellos"] for n in top}, dict(snis))
        self.assertEqual([n["name"] for n in m["topServerNames"]], [n["name"] for n in top][:100])
        self.assertEqual(m["globalHelloResponseTimes"]["count"], len(server_hellos))
        return m

    def test_tls(self):
        m = self.check_tls(ALEXA)
        self.assertEqual(m["clientHellos"], 88)
        self.check_tls(ANDROID)

    # ---- DHCP ----

    def check_dhcp(self, slot):
        rows = tshark_rows(self.paths[slot], "dhcp", "dhcp.option.dhcp", "dhcp.hw.mac_addr",
                           "dhcp.option.hostname", "dhcp.option.dhcp_server_id", "ip.src")
        for r in rows:  # tshark repeats chaddr when option 61 carries it too
            r[1] = r[1].split(",")[0]
        m = self.get("/dhcp", slot)
        self.assertEqual(m["messages"], len(rows))
        types = collections.Counter(DHCP_TYPES.get(int(r[0] or 0), "none") for r in rows)
        self.assertEqual(m["messageTypes"], dict(types))
        clients = {c["mac"]: c for c in self.all_items("/dhcp/ips_paged", slot)}
        self.assertEqual(set(clients), {r[1] for r in rows})
        # The client's own messages name it (the last one that did).
        for mac, c in clients.items():
            named = [r[2] for r in rows if r[1] == mac and r[2] and int(r[0]) not in (2, 5)]
            if named:
                self.assertEqual(c["hostName"], named[-1], mac)
        acks = collections.Counter(r[3] or r[4] for r in rows if r[0] == "5")
        servers = {s["ip"]: s["acks"] for s in self.all_items("/dhcp/servers", slot)}
        self.assertEqual({ip: n for ip, n in servers.items() if n}, dict(acks))
        return clients

    def test_dhcp(self):
        clients = self.check_dhcp(ANDROID)
        acked = [c for c in clients.values() if "issueTime" in c]
        self.assertEqual(len(acked), 1)
        self.assertEqual(acked[0]["ip"], "192.168.2.16")
        clients = self.check_dhcp(KXUN)
        by_issue = self.all_items("/dhcp/ips_paged", KXUN, sort="issueTime", reverse="true")
        issued = [c.get("issueTime", 0) for c in by_issue]
        self.assertEqual(issued, sorted(issued, reverse=True))
        self.assertEqual(self.get("/dhcp/ips_paged", KXUN, filter="Joanna")["displayedItems"][0]["hostName"],
                         "Joanna-PC")

    # ---- rights ----

    def test_allowed_networks_limit_every_address_list(self):
        r = self.http.post(self.daemon.host + "/API/system/users", timeout=10,
                           json={"name": "l7-limited", "password": "l7-limited-pw", "confirmPassword": "l7-limited-pw",
                                 "role": "user", "allowedNetworks": "192.168.5.0/24"})
        self.assertIn(r.status_code, (200, 201), r.text)
        limited = self.daemon.session("l7-limited", "l7-limited-pw")

        def inside(ip):
            return ip.startswith("192.168.5.")

        for path in ("/dns/ips_paged", "/dns/servers_paged", "/http/ips_paged", "/http/response-stats",
                     "/http/codes", "/dhcp/ips_paged", "/dhcp/servers"):
            seen = self.all_items(path, KXUN, limited)
            everything = self.all_items(path, KXUN)
            self.assertTrue(all("ip" in i and inside(i["ip"]) for i in seen), path)
            self.assertEqual(len(seen), sum("ip" in i and inside(i["ip"]) for i in everything), path)
        self.assertGreater(len(self.all_items("/dhcp/ips_paged", KXUN, limited)), 0)
        # Names cannot be attributed to addresses: not for this user.
        self.get("/dns/names_paged", KXUN, limited, status=403)
        self.get("/ssl/top-ssl", ALEXA, limited, status=403)
        self.assertNotIn("topNames", self.get("/dns", KXUN, limited, detail="full"))
        self.assertNotIn("topHostNames", self.get("/http", KXUN, limited, detail="full"))
        self.assertIn("topHostNames", self.get("/http", KXUN, detail="full"))


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    # requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override a session's verify=False (psf/requests
    # #3829), which allegro_support's sessions rely on for the daemon's self-signed certificate.
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        os.environ.pop(name, None)
    unittest.main(verbosity=2)
