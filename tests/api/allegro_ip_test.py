#!/usr/bin/env python3
"""The Allegro dialect's IP module, slots and location over real HTTPS (issue 9), checked against tshark
on real captures: `ips`, `ips_paged` (sorting, paging, CSV), per-IP objects and lists, `peers_ports`,
`globalConnections` through `/API/async`, `ipsTCP`, the location module, `mm-id`, rights (allowed
networks, reset for admins), and answers reused only while the data is unchanged.

Usage: allegro_ip_test.py PATH_TO_NETMETER [unittest args]
"""
import collections
import csv
import io
import os
import sys
import time
import unittest
import warnings

import urllib3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import allegro_support as support  # noqa: E402
import api_test  # noqa: E402

TOR = "tor.pcap"          # slot 0: one client, TLS to a few servers, IPv6 link-local
SECOND = "anydesk.pcap"   # slot 1
IP = "/API/stats/modules/ip"


def tshark_connections(capture):
    """{(client, cport, server, sport): [frames, bytes]} of the TCP connections: the client is the
    sender of the first packet seen of the connection (a SYN in these captures)."""
    conns = {}
    out = support.tshark("-r", capture, "-Y", "tcp", "-T", "fields", "-e", "tcp.stream", "-e", "ip.src",
                         "-e", "tcp.srcport", "-e", "ip.dst", "-e", "tcp.dstport", "-e", "frame.len")
    first = {}
    for line in out.splitlines():
        stream, src, sport, dst, dport, length = line.split("\t")
        if stream not in first:
            first[stream] = (src, int(sport), dst, int(dport))
        key = first[stream]
        row = conns.setdefault(key, [0, 0])
        row[0] += 1
        row[1] += int(length)
    return conns


class AllegroIpTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        cls.tor = support.need_pcap(TOR)
        cls.second = support.need_pcap(SECOND)
        cls.daemon = support.AnalysisDaemon(cls.tor, cls.second).start()
        cls.http = cls.daemon.session()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    def get(self, path, session=None, status=200, **params):
        r = (session or self.http).get(self.daemon.host + path, params=params, timeout=30)
        self.assertEqual(r.status_code, status, f"{path} {params}: {r.text[:300]}")
        return r.json() if r.headers.get("Content-Type", "").startswith("application/json") else r.text

    def all_pages(self, path, count=3, **params):
        first = self.get(path, count=count, page=0, **params)
        items = list(first["displayedItems"])
        for page in range(1, first["numberOfPages"]):
            items += self.get(path, count=count, page=page, **params)["displayedItems"]
        return first, items

    # ---- IPs ----

    def test_ips_paged_totals_equal_tshark_endpoints(self):
        expected = support.tshark_ip_endpoints(self.tor)
        first, items = self.all_pages(IP + "/ips_paged", sort="bytes", reverse="true")
        by_ip = {i["ip"]: i for i in items}
        self.assertEqual(first["numberOfItems"], len(items))
        self.assertEqual(len(by_ip), len(items), "an IP was listed twice")
        for ip, e in expected.items():
            self.assertIn(ip, by_ip)
            a = by_ip[ip]["allTime"]
            self.assertEqual(a, [e["rx_packets"], e["rx_bytes"], e["tx_packets"], e["tx_bytes"]], ip)
        totals = [i["allTime"][1] + i["allTime"][3] for i in items]
        self.assertEqual(totals, sorted(totals, reverse=True))
        self.assertEqual(set(self.get(IP + "/ips")), set(by_ip))

    def test_sort_names_and_errors(self):
        ips = [i["ip"] for i in self.get(IP + "/ips_paged", sort="ip", count=100)["displayedItems"]]
        self.assertEqual(len(ips), len(self.get(IP + "/ips")))
        err = self.get(IP + "/ips_paged", status=400, sort="nonsense")
        self.assertIn("bytes", err["error"])
        self.get(IP + "/ips_paged", status=400, count=101)
        self.get(IP + "/ips_paged", status=400, starttime=20, endtime=10)
        self.get(IP + "/ips/not-an-ip", status=404)
        self.get(IP + "/ips/10.99.99.99", status=404)

    def test_csv_has_one_row_per_ip(self):
        text = self.get(IP + "/ips_paged", csv="true", sort="bytes", reverse="true")
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual(rows[0][:2], ["ip", "vlan"])
        self.assertEqual(len(rows) - 1, len(self.get(IP + "/ips")))
        expected = support.tshark_ip_endpoints(self.tor)
        top = max(expected, key=lambda ip: expected[ip]["bytes"])
        self.assertEqual(rows[1][0], top)
        r = self.http.get(self.daemon.host + IP + "/ips_paged", params={"csv": "true"},
                          headers={"Accept-Encoding": "gzip"}, stream=True, timeout=30)
        self.assertEqual(r.headers.get("Content-Encoding"), "gzip")

    def test_one_ip_and_its_lists(self):
        ip = "192.168.1.252"
        e = support.tshark_ip_endpoints(self.tor)[ip]
        o = self.get(IP + "/ips/" + ip)
        self.assertEqual(o["allTime"], [e["rx_packets"], e["rx_bytes"], e["tx_packets"], e["tx_bytes"]])
        self.assertEqual(o["history"]["rows"], ["rxPackets", "rxBytes", "txPackets", "txBytes"])
        self.assertEqual(len(o["history"]["data"]) % 5, 0)
        self.assertNotIn("data", self.get(IP + "/ips/" + ip, skiphistorydata="true")["history"])
        self.assertNotIn("history", self.get(IP + "/ips/" + ip, history="false"))
        conns = tshark_connections(self.tor)
        mine = {k: v for k, v in conns.items() if ip in (k[0], k[2])}
        peers = self.get(IP + f"/ips/{ip}/peers", count=9999, sort="bytes", reverse="true")["displayedItems"]
        expected_peers = collections.Counter()
        for line in support.tshark("-r", self.tor, "-Y", "ip", "-T", "fields", "-e", "ip.src", "-e", "ip.dst",
                                   "-e", "frame.len").splitlines():
            src, dst, size = line.split("\t")
            if ip in (src, dst) and src != dst:
                expected_peers[dst if src == ip else src] += int(size)
        self.assertEqual({p["ip"]: p["allTime"][1] + p["allTime"][3] for p in peers}, dict(expected_peers))
        got = self.get(IP + f"/ips/{ip}/connections", count=9999)["displayedItems"]
        tcp = {(c["clientIp"], c["clientPort"], c["serverIp"], c["serverPort"]): [c["packets"], c["bytes"]]
               for c in got if c["l4ProtocolShortName"] == "TCP"}
        self.assertEqual(tcp, {k: v for k, v in mine.items()})
        only443 = self.get(IP + f"/ips/{ip}/connections", count=9999, filter="port==443 and l4Protocol==TCP")
        self.assertEqual(only443["numberOfItems"], sum(1 for k in mine if k[3] == 443))
        self.get(IP + f"/ips/{ip}/connections", status=400, filter="ip==1.2.3")
        for sub in ("ports", "protocols", "macs", "qos", "tcpStats"):
            self.get(IP + f"/ips/{ip}/{sub}")

    def test_peers_ports_csv_gives_port_and_peer_role(self):
        ip = "192.168.1.252"
        text = self.get(IP + f"/ips/{ip}/peers_ports", csv="true")
        rows = list(csv.reader(io.StringIO(text)))[1:]
        contacted = {(r[0], int(r[1])) for r in rows if r[6] == "server"}
        expected = {(s, sp) for (c, _, s, sp) in tshark_connections(self.tor) if c == ip}
        self.assertEqual({x for x in contacted if x[1] == 443}, expected)
        self.assertTrue(all(r[6] in ("client", "server") for r in rows))

    def test_global_connections_asynchronous(self):
        r = self.get(IP + "/globalConnections", sort="bytes", reverse="true", filter="l4Protocol==TCP")
        self.assertEqual(set(r), {"asyncID", "asyncUUID"})
        result = None
        for _ in range(100):
            resp = self.http.get(self.daemon.host + f"/API/async/{r['asyncID']}", params={"uuid": r["asyncUUID"]},
                                 timeout=10)
            if resp.status_code == 202:
                time.sleep(0.05)
                continue
            self.assertEqual(resp.status_code, 200, resp.text)
            body = resp.json()
            self.assertEqual(body["errorCode"], 0)
            result = body["asyncResult"]
            break
        self.assertIsNotNone(result)
        conns = tshark_connections(self.tor)
        biggest = max(conns, key=lambda k: conns[k][1])
        top = result["displayedItems"][0]
        self.assertEqual((top["clientIp"], top["clientPort"], top["serverIp"], top["serverPort"]), biggest)
        self.assertEqual([top["packets"], top["bytes"]], conns[biggest])
        self.assertEqual(result["numberOfMatches"], len(conns))
        self.assertIsInstance(top["connectionStart"], int)
        self.assertGreater(top["lastActivity"], top["connectionStart"])
        wrong = self.http.get(self.daemon.host + f"/API/async/{r['asyncID']}", params={"uuid": "0" * 36})
        self.assertEqual(wrong.status_code, 404)
        self.get(IP + "/globalConnections", status=400, mode="sipStats")
        # rtpStats: the RTP connections only (this capture has none); the spec's RTP script is checked on
        # a capture with RTP in allegro_scripts_test.py.
        r = self.get(IP + "/globalConnections", mode="rtpStats")
        for _ in range(100):
            resp = self.http.get(self.daemon.host + f"/API/async/{r['asyncID']}", params={"uuid": r["asyncUUID"]},
                                 timeout=10)
            if resp.status_code != 202:
                break
            time.sleep(0.05)
        self.assertEqual(resp.status_code, 200, resp.text)
        self.assertEqual(resp.json()["asyncResult"]["displayedItems"], [])
        self.get(IP + "/globalConnections", status=400, filter="port==")
        text = self.get(IP + "/globalConnections/csv", csv="true", filter="l4Protocol==TCP")
        self.assertEqual(len(list(csv.reader(io.StringIO(text)))) - 1, len(conns))

    def test_ips_tcp(self):
        items = self.get(IP + "/ipsTCP", sort="requests", reverse="true", count=100)["displayedItems"]
        counts = [i["tcpSynResponseTimes"]["count"] for i in items]
        self.assertEqual(counts, sorted(counts, reverse=True))
        self.assertEqual(items[0]["ip"], "192.168.1.252")

    # ---- slots ----

    def test_mm_id_forms_and_unknown_slots(self):
        first = self.get(IP + "/ips")
        second = self.get(IP + "/ips", **{"mm-id": "local:1"})
        self.assertNotEqual(set(first), set(second))
        self.assertEqual(self.get(IP + "/ips", **{"mm-id": ":1"}), second)
        self.assertEqual(self.get(IP + "/ips", **{"mm-id": "1"}), second)
        self.assertEqual(self.get(IP + "/ips", **{"mm-id": "0"}), first)
        r = self.http.get(self.daemon.host + IP + "/ips", headers={"X-AllegroPackets-Multimeter-ID": ":1"})
        self.assertEqual(r.json(), second)
        self.get(IP + "/ips", status=404, **{"mm-id": ":7"})
        self.get(IP + "/ips", status=404, **{"mm-id": "otherdevice:1"})
        self.get(IP + "/ips", status=404, group="1")
        slots = self.get("/API/stats/processing")["slots"]
        self.assertEqual([s["id"] for s in slots], [0, 1])
        self.assertTrue(all(s["state"] == "finished" and s["progressPercent"] == 100 for s in slots))
        iface = self.get("/API/stats/interfaces")["interfaces"][0]
        total = sum(e["packets"] for e in support.tshark_ip_endpoints(self.tor).values())
        self.assertGreater(iface["allTime"][0], 0)
        self.assertLessEqual(total // 2, iface["allTime"][0])
        self.assertEqual(iface["name"], TOR)
        load = self.get("/API/stats/load")
        self.assertIn("http", {k["kind"] for k in load["cpu"]["threadKinds"]})

    def test_location_lists_add_up(self):
        countries = self.get("/API/stats/modules/location/countries_paged", count=100)["displayedItems"]
        self.assertEqual(sum(c["numberOfIps"] for c in countries), len(self.get(IP + "/ips")))
        self.assertEqual(sum(c["allTime"][1] for c in countries),
                         sum(i["allTime"][1] for i in self.get(IP + "/ips_paged", count=100)["displayedItems"]))
        known = [c for c in countries if c["code"] != "--"]
        if not known:
            self.skipTest("no geolocation databases installed (scripts/setup)")
        code = known[0]["code"]
        one = self.get("/API/stats/modules/location/country", country=code.lower())
        self.assertEqual(one["numberOfIps"], known[0]["numberOfIps"])
        in_country = self.get(IP + "/ips_paged", countryfilter=code, count=100)["displayedItems"]
        self.assertEqual(len(in_country), known[0]["numberOfIps"])
        self.assertTrue(all(i["countryCode"] == code for i in in_country))
        self.get("/API/stats/modules/location/country", status=400, country="xyz")

    # ---- rights ----

    def test_allowed_networks_limit_lists_and_objects(self):
        r = self.http.post(self.daemon.host + "/API/system/users", timeout=10,
                           json={"name": "ip-limited", "password": "ip-limited-pw", "role": "user",
                                 "allowedNetworks": "38.229.70.0/24"})
        self.assertIn(r.status_code, (200, 201), r.text)
        limited = self.daemon.session("ip-limited", "ip-limited-pw")
        self.assertEqual(self.get(IP + "/ips", limited), ["38.229.70.53"])
        page = self.get(IP + "/ips_paged", limited, count=100)
        self.assertEqual([i["ip"] for i in page["displayedItems"]], ["38.229.70.53"])
        self.get(IP + "/ips/192.168.1.252", limited, status=404)
        peers = self.get(IP + "/ips/38.229.70.53/peers", limited)["displayedItems"]
        self.assertEqual(peers, [])  # its only peer is outside the user's networks
        countries = self.get("/API/stats/modules/location/countries_paged", limited)["displayedItems"]
        self.assertEqual(sum(c["numberOfIps"] for c in countries), 1)
        self.get("/API/stats/reset", limited, status=405)  # POST only
        r = limited.post(self.daemon.host + "/API/stats/reset", timeout=10)
        self.assertEqual(r.status_code, 403)

    def test_reset_clears_and_changes_reused_answers(self):
        before = self.get(IP + "/ips", **{"mm-id": "1"})
        self.assertEqual(self.get(IP + "/ips", **{"mm-id": "1"}), before)  # reused: the same answer
        r = self.http.post(self.daemon.host + "/API/stats/reset", params={"mm-id": "1"}, timeout=10,
                           headers={"Origin": self.daemon.host})
        self.assertEqual(r.status_code, 200, r.text)
        self.assertEqual(self.get(IP + "/ips", **{"mm-id": "1"}), [])
        self.assertNotEqual(self.get(IP + "/ips"), [])  # other slots keep theirs


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        os.environ.pop(name, None)
    unittest.main(verbosity=2)
