#!/usr/bin/env python3
"""The ntopng dialect's host endpoints (issue 10) over real captures, in the style of ntop's Python client
(`Authorization: Token`, GET with params, `rsp` unwrapped): get/host/active.lua (paging through every
host, sorting, filters, `all`, `totalRows`), get/host/data.lua (+ host_stats_flows), custom_data.lua,
interfaces.lua, l7/stats.lua and dscp/stats.lua. Numbers are checked against `tshark -z endpoints`,
tshark's DSCP fields, nDPI's reference results (hosts on a VLAN) and the Allegro dialect's /API/stats/modules/ip/ips/<ip> for the same slot.

Usage: ntopng_hosts_test.py PATH_TO_NETMETER [unittest args]
"""
import collections
import os
import re
import sys
import unittest
import warnings

import urllib3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import api_test  # noqa: E402
import ntopng_support as support  # noqa: E402

TOR = "tor.pcap"      # ifid 0: one local client, TLS/Tor to a few servers
SKYPE = "skype.pcap"  # ifid 1: ~190 hosts, IPv6 too, a few packets with DSCP marks
AJP = "ajp.pcap"      # ifid 2: two hosts on VLAN 7
DSCP_LABELS = {0: "Best Effort (CS0)", 1: "Priority (CS1)", 2: "Immediate (CS2)", 3: "Flash (CS3)",
               4: "Flash Override (CS4)", 5: "Critical (CS5)", 6: "Internetwork Control (CS6)",
               7: "Network Control (CS7)"}


def call(client, path, **params):
    """The whole answer; `params` may hold `version` (the IP version filter), which NtopClient.call takes
    as the API version."""
    return client.s.get(f"{client.host}/lua/rest/v2/{path}", params=params, timeout=60)


def rsp(client, path, **params):
    r = call(client, path, **params)
    body = r.json()
    if r.status_code != 200 or body.get("rc") != 0:
        raise AssertionError(f"{path} {params}: HTTP {r.status_code} {body}")
    return body["rsp"]


def tshark_vlan_hosts(capture, vlan):
    """{ip: {"tx_packets", "tx_bytes", "rx_packets", "rx_bytes"}} of the IPv4 hosts in frames of `vlan`, from
    tshark's endpoint table (it decodes the capture's Cisco FabricPath frames as netmeter does; nDPI's
    reference reader does not)."""
    out = support.tshark("-n", "-q", "-r", support.need_pcap(capture), "-z", f"endpoints,ip,vlan.id=={vlan}")
    hosts = {}
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 7 and fields[0].count(".") == 3 and all(f.isdigit() for f in fields[1:]):
            tx_p, tx_b, rx_p, rx_b = map(int, fields[3:7])
            hosts[fields[0]] = {"tx_packets": tx_p, "tx_bytes": tx_b, "rx_packets": rx_p, "rx_bytes": rx_b}
    return hosts


def jquery_id(ip):
    return ip.replace(".", "__").replace(":", "____")


def dscp_class(dscp):
    """ntopng's class of a code point: the class selectors, AF11..AF43 under their class, EF under CS5, LE;
    anything else "Unknown"."""
    if dscp == 1:
        return "LE"
    cls, low = dscp >> 3, dscp & 7
    if low == 0 or (1 <= cls <= 4 and low in (2, 4, 6)) or dscp == 46:
        return cls
    return "Unknown"


class NtopngHostsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        cls.tor = support.need_pcap(TOR)
        cls.skype = support.need_pcap(SKYPE)
        cls.ajp = support.need_pcap(AJP)
        cls.daemon = support.AnalysisDaemon(cls.tor, cls.skype, cls.ajp).start()
        cls.ntop = support.NtopClient(cls.daemon)
        cls.endpoints = {0: support.tshark_ip_endpoints(cls.tor), 1: support.tshark_ip_endpoints(cls.skype)}

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    def rsp(self, path, **params):
        return rsp(self.ntop, path, **params)

    def error(self, path, status, rc_str, client=None, **params):
        r = call(client or self.ntop, path, **params)
        self.assertEqual(r.status_code, status, r.text)
        body = r.json()
        self.assertEqual(body["rc_str"], rc_str, body)
        self.assertEqual(body["rsp"], [])
        return body

    def all_hosts(self, ifid, per_page=7, client=None, **params):
        """Every record, page by page, as a client looping on totalRows does."""
        client = client or self.ntop
        first = rsp(client, "get/host/active.lua", ifid=ifid, perPage=per_page, currentPage=1, **params)
        records = list(first["data"])
        pages = (first["totalRows"] + per_page - 1) // per_page
        for page in range(2, pages + 1):
            r = rsp(client, "get/host/active.lua", ifid=ifid, perPage=per_page, currentPage=page, **params)
            self.assertEqual(r["totalRows"], first["totalRows"])
            records += r["data"]
        self.assertEqual(len(records), first["totalRows"])
        return records

    # ---- get/host/active.lua ----

    def test_active_pages_through_every_tshark_endpoint(self):
        for ifid in (0, 1):
            records = self.all_hosts(ifid, sortColumn="traffic", sortOrder="desc")
            by_ip = {r["ip"]: r for r in records}
            self.assertEqual(len(by_ip), len(records), "a host was listed twice")
            expected = self.endpoints[ifid]
            # Hosts netmeter learnt from ARP alone carry no IP traffic, so tshark's IP table lacks them.
            arp_only = {ip for ip, r in by_ip.items() if ip not in expected and r["bytes"]["total"] == 0}
            self.assertEqual(set(by_ip) - arp_only, set(expected))
            for ip, e in expected.items():
                b = by_ip[ip]["bytes"]
                self.assertEqual((b["sent"], b["recvd"]), (e["tx_bytes"], e["rx_bytes"]), ip)
                self.assertEqual(b["total"], e["bytes"], ip)

    def test_active_record_shape(self):
        rsp = self.rsp("get/host/active.lua", ifid=0, perPage=100)
        self.assertEqual(set(rsp), {"currentPage", "perPage", "totalRows", "sort", "data"})
        self.assertEqual(rsp["sort"], [[]])
        for r in rsp["data"]:
            self.assertEqual(r["key"], jquery_id(r["ip"]))
            self.assertNotIn(".", r["key"])
            self.assertEqual(r["vlan"], 0)
            for k in ("first_seen", "last_seen"):
                self.assertIsInstance(r[k], int)
            self.assertLessEqual(r["first_seen"], r["last_seen"])
            for k in ("is_localhost", "is_multicast", "is_broadcast"):
                self.assertIsInstance(r[k], bool)
            self.assertEqual(set(r["thpt"]), {"pps", "bps"})
            self.assertEqual(set(r["bytes"]), {"total", "sent", "recvd"})
            n = r["num_flows"]
            self.assertEqual(n["total"], n["as_client"] + n["as_server"])
            self.assertIsInstance(r["name"], str)
            self.assertIsInstance(r["country"], str)
        local = {r["ip"]: r["is_localhost"] for r in rsp["data"]}
        self.assertTrue(local["192.168.1.252"])  # ntopng's default local networks: 192.168.1.0/24 ...
        self.assertFalse(local["38.229.70.53"])

    def test_active_all_really_returns_all(self):
        rsp = self.rsp("get/host/active.lua", ifid=1, all="true", perPage=5)
        self.assertEqual(len(rsp["data"]), rsp["totalRows"])
        self.assertEqual(rsp["totalRows"], len(self.endpoints[1]))

    def test_active_sorts_the_whole_list(self):
        def values(column, order, key):
            return [key(r) for r in self.all_hosts(1, per_page=9, sortColumn=column, sortOrder=order)]

        traffic = values("traffic", "desc", lambda r: r["bytes"]["total"])
        self.assertEqual(traffic, sorted(traffic, reverse=True))
        self.assertEqual(traffic[0], max(e["bytes"] for e in self.endpoints[1].values()))
        since = values("since", "asc", lambda r: r["first_seen"])
        self.assertEqual(since, sorted(since))
        last = values("last", "desc", lambda r: r["last_seen"])
        self.assertEqual(last, sorted(last, reverse=True))
        flows = values("num_flows", "desc", lambda r: r["num_flows"]["total"])
        self.assertEqual(flows, sorted(flows, reverse=True))
        vlans = values("vlan", "asc", lambda r: r["vlan"])
        self.assertEqual(vlans, sorted(vlans))
        countries = values("country", "desc", lambda r: r["country"])
        self.assertEqual(countries, sorted(countries, reverse=True))
        ips = [r["ip"] for r in self.all_hosts(1, per_page=11, sortColumn="ip", sortOrder="asc")]
        v4 = [tuple(map(int, ip.split("."))) for ip in ips if ":" not in ip]
        self.assertEqual(v4, sorted(v4))
        self.assertTrue(all(":" not in ip for ip in ips[:len(v4)]), "IPv4 before IPv6")
        rsp = self.rsp("get/host/active.lua", ifid=1, sortColumn="traffic", sortOrder="desc")
        self.assertEqual(rsp["sort"], [["column_traffic", "desc"]])
        self.assertEqual(len(rsp["data"]), 10)  # the default perPage
        self.error("get/host/active.lua", 400, "INVALID_ARGUMENTS", ifid=1, sortColumn="alerts")
        self.error("get/host/active.lua", 400, "INVALID_ARGUMENTS", ifid=1, sortOrder="sideways")

    def test_active_filters(self):
        hosts = self.all_hosts(1)
        every = {r["ip"] for r in hosts}
        local = self.all_hosts(1, mode="local")
        remote = self.all_hosts(1, mode="remote")
        self.assertTrue(all(r["is_localhost"] and not r["is_multicast"] and not r["is_broadcast"] for r in local))
        self.assertFalse(any(r["is_localhost"] for r in remote))
        # ntopng's local hosts are unicast: a local network's broadcast address is in neither list.
        local_non_unicast = {r["ip"] for r in hosts if r["is_localhost"] and (r["is_multicast"] or r["is_broadcast"])}
        self.assertIn("192.168.1.255", local_non_unicast)
        self.assertEqual({r["ip"] for r in local} | {r["ip"] for r in remote} | local_non_unicast, every)
        self.assertEqual({r["ip"] for r in self.all_hosts(1, mode="all")}, every)
        v6 = {r["ip"] for r in self.all_hosts(1, version=6)}
        self.assertTrue({ip for ip in self.endpoints[1] if ":" in ip} <= v6)
        self.assertTrue(all(":" in ip for ip in v6))
        v4 = {r["ip"] for r in self.all_hosts(1, version=4)}
        self.assertEqual(v4 | v6, every)
        net = {r["ip"] for r in self.all_hosts(1, network_cidr="192.168.0.0/16")}
        self.assertEqual(net, {ip for ip in every if ip.startswith("192.168.")})
        first_local = {r["ip"] for r in self.all_hosts(1, network=0)}  # 192.168.1.0/24
        self.assertEqual(first_local, {ip for ip in every if ip.startswith("192.168.1.")})
        self.assertEqual(self.rsp("get/host/active.lua", ifid=1, vlan=7)["totalRows"], 0)
        self.assertEqual(len(self.all_hosts(1, vlan=0)), len(every))
        for bad in ({"mode": "blacklisted"}, {"mode": "nonsense"}, {"version": "5"}, {"vlan": "x"},
                    {"network_cidr": "300.1.1.1/8"}, {"network": "99"}, {"os": "2"}, {"currentPage": "x"}):
            self.error("get/host/active.lua", 400, "INVALID_ARGUMENTS", ifid=1, **bad)
        self.error("get/host/active.lua", 400, "INVALID_INTERFACE")
        self.error("get/host/active.lua", 400, "INVALID_INTERFACE", ifid=9)

    def test_vlan_hosts(self):
        expected = tshark_vlan_hosts(AJP, 7)
        self.assertEqual(len(expected), 2)
        records = self.all_hosts(2, per_page=1, vlan=7)
        self.assertEqual({r["ip"] for r in records}, set(expected))
        for r in records:
            self.assertEqual((r["vlan"], r["key"]), (7, jquery_id(r["ip"]) + "@7"))
            self.assertEqual(r["bytes"]["sent"], expected[r["ip"]]["tx_bytes"])
            for params in ({"host": r["ip"] + "@7"}, {"host": r["ip"], "vlan": 7}):
                d = self.rsp("get/host/data.lua", ifid=2, **params)
                self.assertEqual((d["ip"], d["vlan"], d["tskey"]), (r["ip"], 7, r["ip"] + "@7"))
                self.assertEqual(d["packets.rcvd"], expected[r["ip"]]["rx_packets"])
            self.error("get/host/data.lua", 404, "NOT_FOUND", ifid=2, host=r["ip"])  # VLAN 0: another host
            self.assertEqual(self.rsp("get/host/interfaces.lua", host=r["ip"] + "@7"), {r["ip"] + "@7": [{"ifid": 2}]})
        self.assertEqual(self.rsp("get/host/active.lua", ifid=2, vlan=0)["totalRows"], 0)

    def test_geolocation_filters_and_fields(self):
        records = self.all_hosts(1, per_page=50)
        located = [r for r in records if r["country"]]
        if not located:
            self.skipTest("no geolocation databases installed (scripts/setup)")
        code = collections.Counter(r["country"] for r in located).most_common(1)[0][0]
        in_country = self.all_hosts(1, country=code.lower())
        self.assertEqual({r["ip"] for r in in_country}, {r["ip"] for r in located if r["country"] == code})
        d = self.rsp("get/host/data.lua", ifid=1, host=located[0]["ip"])
        self.assertEqual(d["country"], located[0]["country"])
        for r in located[:5]:
            d = self.rsp("get/host/data.lua", ifid=1, host=r["ip"])
            if "asn" not in d:
                continue
            same_as = {h["ip"] for h in self.all_hosts(1, asn=d["asn"])}
            self.assertIn(r["ip"], same_as)
            for ip in same_as:
                self.assertEqual(self.rsp("get/host/data.lua", ifid=1, host=ip).get("asn"), d["asn"])
            break
        self.assertEqual(self.rsp("get/host/active.lua", ifid=1, country="zz")["totalRows"], 0)

    # ---- get/host/data.lua ----

    def test_data_counters_equal_tshark_and_allegro(self):
        for ifid, capture in ((0, self.tor), (1, self.skype)):
            for ip, e in self.endpoints[ifid].items():
                d = self.rsp("get/host/data.lua", ifid=ifid, host=ip)
                self.assertEqual((d["bytes.sent"], d["bytes.rcvd"], d["packets.sent"], d["packets.rcvd"]),
                                 (e["tx_bytes"], e["rx_bytes"], e["tx_packets"], e["rx_packets"]), ip)
                if ifid == 0 or ip.startswith("192.168."):  # the Allegro dialect, same slot
                    a = self.daemon.get(f"/API/stats/modules/ip/ips/{ip}", **{"mm-id": str(ifid)})
                    self.assertEqual(a["allTime"], [d["packets.rcvd"], d["bytes.rcvd"], d["packets.sent"],
                                                    d["bytes.sent"]])
                    self.assertEqual(a["connections"]["totalAsClient"], d["total_flows.as_client"])

    def test_data_object_shape(self):
        d = self.rsp("get/host/data.lua", ifid=0, host="192.168.1.252")
        self.assertEqual(d["ip"], "192.168.1.252")
        self.assertEqual((d["vlan"], d["ifid"], d["tskey"], d["ipkey"]), (0, 0, "192.168.1.252", 3232236028))
        self.assertTrue(d["localhost"])
        self.assertTrue(d["privatehost"])
        self.assertEqual(d["local_network_name"], "192.168.1.0/24")
        self.assertEqual(d["duration"], 1 + d["seen.last"] - d["seen.first"])
        self.assertRegex(d["mac"], r"^([0-9a-f]{2}:){5}[0-9a-f]{2}$")
        ndpi = d["ndpi"]
        self.assertEqual(sum(p["bytes.sent"] + p["bytes.rcvd"] for p in ndpi.values()),
                         d["bytes.sent"] + d["bytes.rcvd"])
        self.assertIn("TLS", ndpi)
        self.assertIn("Tor", ndpi)  # ntopng's name: the app protocol, not TLS.Tor
        for p in ndpi.values():
            self.assertEqual(set(p), {"bytes.sent", "bytes.rcvd", "packets.sent", "packets.rcvd", "duration",
                                      "num_flows"})
        self.assertEqual(sum(c["bytes"] for c in d["ndpi_categories"].values()), d["bytes.sent"] + d["bytes.rcvd"])
        self.assertEqual(d["dscp"]["cs0"]["packets.sent"], d["packets.sent"])
        self.assertEqual(set(d["dns"]), {"sent", "rcvd"})
        self.assertEqual(set(d["http"]), {"sender", "receiver"})
        self.assertIn("retransmissions", d["tcpPacketStats.sent"])
        self.assertIsInstance(d["throughput_bps"], int)
        self.assertAlmostEqual(d["bytes_ratio"], (d["bytes.sent"] - d["bytes.rcvd"]) / (d["bytes.sent"] + d["bytes.rcvd"]))
        self.assertNotIn("flows", d)
        self.assertEqual(self.rsp("get/host/data.lua", ifid=0, host="192.168.1.252", host_stats="false"), {})

    def test_data_host_stats_flows(self):
        d = self.rsp("get/host/data.lua", ifid=0, host="192.168.1.252", host_stats_flows="true")
        flows = d["flows"]
        bytes_ = [f["bytes"] for f in flows]
        self.assertEqual(bytes_, sorted(bytes_, reverse=True))
        conns = self.daemon.get("/API/stats/modules/ip/ips/192.168.1.252/connections", count=1000)
        self.assertEqual(d["flows_count"], conns["numberOfItems"])
        self.assertEqual(len(flows), d["flows_count"])
        self.assertGreater(d["flows_count"], 0)  # ntopng always says 0
        for f in flows:
            self.assertIn("192.168.1.252", (f["cli.ip"], f["srv.ip"]))
            self.assertIn(f["proto.ndpi"], d["ndpiThroughputStats"])
        two = self.rsp("get/host/data.lua", ifid=0, host="192.168.1.252", host_stats_flows="1", limit=2)
        self.assertEqual(two["flows"], flows[:2])
        self.assertEqual(two["flows_count"], d["flows_count"])

    def test_data_errors(self):
        self.error("get/host/data.lua", 404, "NOT_FOUND", ifid=0, host="1.2.3.4")
        self.error("get/host/data.lua", 404, "NOT_FOUND", ifid=0, host="192.168.1.252@5")
        self.error("get/host/data.lua", 404, "NOT_FOUND", ifid=0, host="192.168.1.252", vlan=5)
        self.error("get/host/data.lua", 400, "INVALID_ARGUMENTS", ifid=0)
        self.error("get/host/data.lua", 400, "INVALID_ARGUMENTS", ifid=0, host="not-an-ip")
        self.error("get/host/data.lua", 400, "INVALID_INTERFACE", host="192.168.1.252")
        self.assertEqual(self.rsp("get/host/data.lua", ifid=0, host="192.168.1.252", vlan=0)["ip"], "192.168.1.252")
        self.assertEqual(self.ntop.rsp("get/host/data.lua", version="v1", ifid=0, host="192.168.1.252")["ip"],
                         "192.168.1.252")
        # A JSON body counts as parameters (ntopng copies its keys into _GET).
        r = self.ntop.s.post(f"{self.ntop.host}/lua/rest/v2/get/host/data.lua", json={"ifid": 0, "host": "192.168.1.252"},
                             timeout=30)
        self.assertEqual((r.status_code, r.json()["rsp"]["ip"]), (200, "192.168.1.252"), r.text)

    # ---- custom_data, interfaces ----

    def test_custom_data(self):
        one = self.rsp("get/host/custom_data.lua", ifid=0, host="192.168.1.252", field_alias="ip,bytes.rcvd=rdb")
        e = self.endpoints[0]["192.168.1.252"]
        self.assertEqual(one, {"ip": "192.168.1.252", "rdb": e["rx_bytes"]})
        every = self.rsp("get/host/custom_data.lua", ifid=0, field_alias="ip,bytes.sent=s,packets.rcvd")
        self.assertEqual({h["ip"]: (h["s"], h["packets.rcvd"]) for h in every if h["ip"] in self.endpoints[0]},
                         {ip: (v["tx_bytes"], v["rx_packets"]) for ip, v in self.endpoints[0].items()})
        self.error("get/host/custom_data.lua", 404, "NOT_FOUND", ifid=0, host="1.2.3.4", field_alias="ip")
        self.error("get/host/custom_data.lua", 400, "INVALID_ARGUMENTS", ifid=0, host="192.168.1.252")

    def test_interfaces(self):
        self.assertEqual(self.rsp("get/host/interfaces.lua", host="192.168.1.252"), {"192.168.1.252": [{"ifid": 0}]})
        skype_ip = next(iter(self.endpoints[1]))
        self.assertEqual(self.rsp("get/host/interfaces.lua", host=skype_ip), {skype_ip: [{"ifid": 1}]})
        self.assertEqual(self.rsp("get/host/interfaces.lua", host="1.2.3.4"), {"1.2.3.4": []})
        self.assertEqual(self.rsp("get/host/interfaces.lua", host="192.168.1.252", vlan=3),
                         {"192.168.1.252@3": []})
        self.error("get/host/interfaces.lua", 400, "INVALID_ARGUMENTS")

    # ---- charts ----

    def test_l7_stats(self):
        d = self.rsp("get/host/data.lua", ifid=0, host="192.168.1.252")
        total = d["bytes.sent"] + d["bytes.rcvd"]
        for mode in ({}, {"breed": "true"}, {"ndpi_category": "true"}):
            chart = self.rsp("get/host/l7/stats.lua", ifid=0, host="192.168.1.252", **mode)
            self.assertEqual(chart[-1]["label"], "Other")
            self.assertNotIn("duration", chart[-1])
            values = [s["value"] for s in chart[:-1]]
            self.assertEqual(values, sorted(values, reverse=True))
            if not mode.get("breed"):
                self.assertEqual(sum(s["value"] for s in chart), total, mode)
        protocols = self.rsp("get/host/l7/stats.lua", ifid=0, host="192.168.1.252")
        self.assertEqual(protocols[0]["label"], "TLS")
        self.assertEqual(protocols[0]["value"], d["ndpi"]["TLS"]["bytes.sent"] + d["ndpi"]["TLS"]["bytes.rcvd"])
        breeds = {s["label"] for s in self.rsp("get/host/l7/stats.lua", ifid=0, host="192.168.1.252", breed="true")}
        self.assertTrue(breeds <= {"Safe", "Acceptable", "Fun", "Unsafe", "Potentially Dangerous", "Dangerous",
                                   "Unrated", "Other"}, breeds)
        self.error("get/host/l7/stats.lua", 404, "NOT_FOUND", ifid=0, host="1.2.3.4")

    def test_dscp_stats_equal_tshark(self):
        rows = support.tshark("-r", self.skype, "-Y", "ip", "-T", "fields", "-e", "ip.src", "-e", "ip.dst",
                              "-e", "ip.dsfield.dscp")
        sent, rcvd = collections.defaultdict(collections.Counter), collections.defaultdict(collections.Counter)
        for line in rows.splitlines():
            src, dst, dscp = (f.split(",")[0] for f in line.split("\t"))  # the outer header
            cls = dscp_class(int(dscp))
            sent[src][cls] += 1
            rcvd[dst][cls] += 1
        for host in ("224.0.0.1", "192.168.1.34"):
            for direction, counts in (("sent", sent[host]), ("recv", rcvd[host])):
                chart = self.rsp("get/host/dscp/stats.lua", ifid=1, host=host, direction=direction)
                if not counts:
                    self.assertEqual(chart, [])
                    continue
                self.assertEqual(chart[-1]["label"], "Other")
                got = {s["label"]: s["value"] for s in chart[:-1]}
                want = {DSCP_LABELS.get(c, c): n for c, n in counts.items()}
                self.assertEqual(sum(s["value"] for s in chart), sum(want.values()), (host, direction))
                for label, n in got.items():
                    self.assertEqual(n, want[label], (host, direction, label))
        same = self.rsp("get/host/dscp/stats.lua", ifid=1, host="224.0.0.1", direction_rcvd="true")
        self.assertEqual(same, self.rsp("get/host/dscp/stats.lua", ifid=1, host="224.0.0.1", direction="recv"))
        self.error("get/host/dscp/stats.lua", 400, "INVALID_ARGUMENTS", ifid=1, host="224.0.0.1", direction="up")
        self.error("get/host/dscp/stats.lua", 404, "NOT_FOUND", ifid=1, host="1.2.3.4")

    # ---- rights ----

    def test_allowed_networks_limit_every_endpoint(self):
        http = self.daemon.session()
        r = http.post(self.daemon.host + "/API/system/users", timeout=10,
                      json={"name": "host-limited", "password": "host-limited-pw", "role": "user",
                            "allowedNetworks": "38.229.70.0/24"})
        self.assertIn(r.status_code, (200, 201), r.text)
        limited = support.NtopClient(self.daemon, "host-limited", "host-limited-pw")
        rsp = limited.rsp("get/host/active.lua", ifid=0, perPage=50)
        self.assertEqual((rsp["totalRows"], [h["ip"] for h in rsp["data"]]), (1, ["38.229.70.53"]))
        self.assertEqual(limited.rsp("get/host/data.lua", ifid=0, host="38.229.70.53")["ip"], "38.229.70.53")
        self.error("get/host/data.lua", 404, "NOT_FOUND", client=limited, ifid=0, host="192.168.1.252")
        self.error("get/host/l7/stats.lua", 404, "NOT_FOUND", client=limited, ifid=0, host="192.168.1.252")
        self.error("get/host/dscp/stats.lua", 404, "NOT_FOUND", client=limited, ifid=0, host="192.168.1.252")
        self.assertEqual(limited.rsp("get/host/interfaces.lua", host="192.168.1.252"), {"192.168.1.252": []})
        every = limited.rsp("get/host/custom_data.lua", ifid=0, field_alias="ip")
        self.assertEqual(every, [{"ip": "38.229.70.53"}])
        flows = limited.rsp("get/host/data.lua", ifid=0, host="38.229.70.53", host_stats_flows="1")["flows"]
        self.assertTrue(all(re.match(r"38\.229\.70\.", f["srv.ip"]) or re.match(r"38\.229\.70\.", f["cli.ip"])
                            for f in flows))


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        os.environ.pop(name, None)
    unittest.main(verbosity=2)
