"""The ntopng dialect's flow list, get/flow/active.lua (docs/ntopng/flows.md), against real captures.

One daemon analyses three captures of ../shared/pcaps (ifid 0: 1kxun, TCP and UDP over IPv4; ifid 1: ajp,
on VLAN 7; ifid 2: http_ipv6, IPv6). Flow counts per L4 protocol are checked against `tshark -z conv,tcp`
and `conv,udp`, each flow's ends, packets and bytes against tshark's packets of that conversation, the
same flows against the Allegro dialect's globalConnections; paging, sorting, filters, errors and a user
limited to some networks are checked too.
"""
import collections
import ipaddress
import os
import struct
import sys
import time
import unittest
import warnings

import urllib3

import api_test
import ntopng_support as support

CAPTURES = ("1kxun.pcap", "ajp.pcap", "http_ipv6.pcap")  # ifids 0, 1, 2
FLOWS = "get/flow/active.lua"
SORT_VALUES = {
    "bytes": lambda f: f["bytes"],
    "duration": lambda f: f["duration"],
    "first_seen": lambda f: f["first_seen"],
    "last_seen": lambda f: f["last_seen"],
    "vlan": lambda f: f["vlan"],
    "thpt": lambda f: f["thpt"]["bps"],
    "key": lambda f: int(f["key"]),
    "client": lambda f: ip_order(f["client"]["ip"]),
    "server": lambda f: ip_order(f["server"]["ip"]),
    "ndpi": lambda f: f["protocol"]["l7"],
}


def ip_order(text):
    """netmeter's address order: IPv4 before IPv6, then numeric."""
    ip = ipaddress.ip_address(text)
    return (ip.version, int(ip))


def ip_key(text):
    """ntopng's IpAddress::key(): IPv4 as a number, IPv6 as the sum of its 32-bit words read little-endian."""
    ip = ipaddress.ip_address(text)
    if ip.version == 4:
        return int(ip)
    return sum(struct.unpack("<4I", ip.packed)) & 0xFFFFFFFF


def flow_key(f, l4):
    swap = lambda p: ((p >> 8) | (p << 8)) & 0xFFFF  # noqa: E731 (ports in network order)
    return (ip_key(f["client"]["ip"]) + ip_key(f["server"]["ip"]) + swap(f["client"]["port"]) +
            swap(f["server"]["port"]) + f["vlan"] + l4) & 0xFFFFFFFF


def tshark_conversations(capture):
    """[(l4, client, cport, server, sport, packets, bytes)] of TCP and UDP: the client sends the first
    packet seen of the conversation (TCP: per tcp.stream; UDP: per address and port pair)."""
    out = support.tshark("-r", capture, "-Y", "tcp or udp", "-T", "fields", "-E", "occurrence=f",
                         "-e", "ip.src", "-e", "ipv6.src", "-e", "ip.dst", "-e", "ipv6.dst", "-e", "tcp.stream",
                         "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "udp.srcport", "-e", "udp.dstport",
                         "-e", "frame.len")
    first, conns = {}, {}  # by tcp.stream / UDP pair: a TCP 5-tuple used twice is two conversations
    for line in out.splitlines():
        s4, s6, d4, d6, stream, tsp, tdp, usp, udp_, length = line.split("\t")
        src, dst = s4 or s6, d4 or d6
        if stream:
            ident, l4, sp, dp = ("tcp", stream), "TCP", int(tsp), int(tdp)
        else:
            l4, sp, dp = "UDP", int(usp), int(udp_)
            ident = ("udp",) + tuple(sorted([(src, sp), (dst, dp)]))
        first.setdefault(ident, (l4, src, sp, dst, dp))
        row = conns.setdefault(ident, [0, 0])
        row[0] += 1
        row[1] += int(length)
    return [first[ident] + tuple(row) for ident, row in conns.items()]


def tshark_conv_count(capture, table):
    return sum(1 for line in support.tshark("-r", capture, "-q", "-z", table).splitlines() if "<->" in line)


class NtopngFlowsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        cls.pcaps = [support.need_pcap(c) for c in CAPTURES]
        cls.daemon = support.AnalysisDaemon(*cls.pcaps).start()
        cls.ntop = support.NtopClient(cls.daemon)
        cls.all = {i: cls.ntop.rsp(FLOWS, ifid=i, all="true", verbose="true")["data"] for i in range(3)}

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    def flows(self, **params):
        return self.ntop.rsp(FLOWS, **params)

    def total(self, **params):
        return self.flows(perPage=1, **params)["totalRows"]

    def raw(self, **params):
        """The whole answer (also for `version`, a name NtopClient keeps for the API version)."""
        return self.ntop.s.get(f"{self.ntop.host}/lua/rest/v2/{FLOWS}", params=params, timeout=60)

    def test_counts_per_l4_protocol_match_tshark(self):
        for ifid, capture in enumerate(self.pcaps):
            tcp = tshark_conv_count(capture, "conv,tcp")
            udp = tshark_conv_count(capture, "conv,udp")
            self.assertEqual(self.total(ifid=ifid, l4proto="tcp"), tcp, capture)
            self.assertEqual(self.total(ifid=ifid, l4proto="6"), tcp, capture)
            self.assertEqual(self.total(ifid=ifid, l4proto="UDP"), udp, capture)
            counts = collections.Counter(f["protocol"]["l4"] for f in self.all[ifid])
            self.assertEqual((counts["TCP"], counts["UDP"]), (tcp, udp), capture)
            self.assertEqual(len(self.all[ifid]), self.total(ifid=ifid))

    def test_ends_packets_and_bytes_match_tshark(self):
        # ajp.pcap is left out: tshark's tcp.stream numbering gives frames of its second connection to the
        # first (its conv,tcp table agrees with netmeter: 13 frames, 2223 bytes to port 8010).
        for ifid, capture in ((0, self.pcaps[0]), (2, self.pcaps[2])):
            got = [(f["protocol"]["l4"], f["client"]["ip"], f["client"]["port"], f["server"]["ip"],
                    f["server"]["port"], f["packets"], f["bytes"])
                   for f in self.all[ifid] if f["protocol"]["l4"] in ("TCP", "UDP")]
            expected = tshark_conversations(capture)
            undirected = lambda rows: collections.Counter(  # noqa: E731
                (r[0], frozenset([r[1:3], r[3:5]]), r[5], r[6]) for r in rows)
            self.assertEqual(undirected(got), undirected(expected), capture)
            # The client sends the first packet; without a handshake (capture started mid-connection) the
            # end on the lower port is taken as the server, as ntopng's swap heuristics do.
            self.assertLessEqual({r for r in expected if r[2] > r[4]}, set(got), capture)

    def test_record_shape(self):
        for ifid in range(3):
            for f in self.all[ifid]:
                self.assertTrue(f["key"].isdigit() and f["hash_id"].isdigit(), f)
                l4 = {"TCP": 6, "UDP": 17}.get(f["protocol"]["l4"])
                if l4:
                    self.assertEqual(int(f["key"]), flow_key(f, l4), f)
                self.assertEqual(f["duration"], 1 + f["last_seen"] - f["first_seen"])
                self.assertEqual(f["breakdown"]["cli2srv"] + f["breakdown"]["srv2cli"], 100)
                self.assertIsInstance(f["protocol"]["l7"], str)
                self.assertIsInstance(f["thpt"]["bps"], (int, float))
                self.assertGreater(f["thpt"]["pps"], 0)
                for end in ("client", "server"):
                    self.assertEqual(set(f[end]), {"name", "ip", "port", "is_broadcast_domain"})
                self.assertEqual("tcp" in f, f["protocol"]["l4"] == "TCP")
                if "tcp" in f:
                    self.assertEqual(set(f["tcp"]) - {"nw_latency"}, {"retransmissions", "out_of_order", "lost"})
        # ntopng's own example of its key formula: 192.168.1.93:61683 -> 8.241.92.250:443 TCP.
        example = {"client": {"ip": "192.168.1.93", "port": 61683}, "server": {"ip": "8.241.92.250", "port": 443},
                   "vlan": 0}
        self.assertEqual(flow_key(example, 6), 3382381902)
        plain = self.flows(ifid=0, perPage=3)
        self.assertEqual(plain["sort"], [["column_", "desc"]])
        self.assertNotIn("packets", plain["data"][0])
        self.assertNotIn("tcp", plain["data"][0])
        self.assertEqual({f["vlan"] for f in self.all[1]}, {7})

    def test_paging_through_all_flows(self):
        total = self.total(ifid=0)
        seen, previous = [], None
        pages = (total + 6) // 7
        for page in range(1, pages + 2):
            r = self.flows(ifid=0, perPage=7, currentPage=page)
            self.assertEqual((r["totalRows"], r["perPage"], r["currentPage"]), (total, 7, page))
            self.assertEqual(len(r["data"]), 0 if page > pages else min(7, total - 7 * (page - 1)))
            for f in r["data"]:
                if previous is not None:
                    self.assertLessEqual(f["bytes"], previous)
                previous = f["bytes"]
                seen.append(f["hash_id"])
        self.assertEqual(len(seen), total)
        self.assertEqual(len(set(seen)), total)
        self.assertEqual(set(seen), {f["hash_id"] for f in self.all[0]})

    def test_sort_columns(self):
        for column, value in SORT_VALUES.items():
            for order in ("asc", "desc"):
                r = self.flows(ifid=0, sortColumn=column, sortOrder=order, all="true")
                self.assertEqual(r["sort"], [["column_" + column, order]])
                values = [value(f) for f in r["data"]]
                self.assertEqual(values, sorted(values, reverse=order == "desc"), (column, order))
        l4 = [f["protocol"]["l4"] for f in self.flows(ifid=0, sortColumn="proto_l4", sortOrder="asc",
                                                         all="true")["data"]]
        self.assertEqual(l4, sorted(l4, key=lambda name: {"TCP": 6, "UDP": 17}[name]))
        top = self.flows(ifid=0, sortColumn="column_bytes", perPage=1)["data"][0]
        self.assertEqual(top["bytes"], max(f["bytes"] for f in self.all[0]))

    def test_filters(self):
        flows = self.all[0]
        ip = "106.187.35.246"
        mine = [f for f in flows if ip in (f["client"]["ip"], f["server"]["ip"])]
        self.assertTrue(mine)
        self.assertEqual(self.total(ifid=0, host=ip), len(mine))
        self.assertEqual(self.total(ifid=0, host=ip + "@0"), len(mine))
        self.assertEqual(self.total(ifid=0, host=ip + "@5"), 0)
        self.assertEqual(self.total(ifid=0, server=ip), sum(1 for f in mine if f["server"]["ip"] == ip))
        self.assertEqual(self.total(ifid=0, client=ip), sum(1 for f in mine if f["client"]["ip"] == ip))
        peer = mine[0]["client"]["ip"]
        self.assertEqual(self.total(ifid=0, host=ip, talking_with=peer),
                         sum(1 for f in mine if peer in (f["client"]["ip"], f["server"]["ip"])))
        self.assertEqual(self.total(ifid=0, port=80),
                         sum(1 for f in flows if 80 in (f["client"]["port"], f["server"]["port"])))
        http = sum(1 for f in flows if "HTTP" in f["protocol"]["l7"].split("."))
        self.assertGreater(http, 0)
        self.assertEqual(self.total(ifid=0, application="http"), http)
        self.assertEqual(self.total(ifid=0, application="7"), http)  # nDPI's id of HTTP
        first = flows[0]["protocol"]["l7"]
        self.assertEqual(self.total(ifid=0, application=first),
                         sum(1 for f in flows if f["protocol"]["l7"] == first or
                             ("." not in first and first in f["protocol"]["l7"].split("."))))
        self.assertEqual(self.total(ifid=0, application="NoSuchApp"), 0)
        self.assertEqual(self.total(ifid=0, category="Web"), self.total(ifid=0, category="5"))
        self.assertEqual(self.total(ifid=1, vlan=7), 2)
        self.assertEqual(self.total(ifid=1, vlan=8), 0)
        self.assertEqual(self.total(ifid=1, host="172.29.9.147@7"), 2)
        self.assertEqual(self.total(ifid=1, host="172.29.9.147@7", vlan=8), 0)
        v6 = self.raw(ifid=2, version=6, perPage=1).json()["rsp"]["totalRows"]
        v4 = self.raw(ifid=2, version=4, perPage=1).json()["rsp"]["totalRows"]
        self.assertEqual(v4, sum(1 for f in self.all[2] if "." in f["client"]["ip"]))
        self.assertEqual(v4 + v6, len(self.all[2]))
        self.assertGreater(v6, 0)
        self.assertEqual(self.total(ifid=0, l4proto="udp", port=53),
                         sum(1 for f in flows if f["protocol"]["l4"] == "UDP" and 53 in
                             (f["client"]["port"], f["server"]["port"])))

    def test_same_flows_as_allegro_global_connections(self):
        s = self.daemon.session()
        r = s.get(self.daemon.host + "/API/stats/modules/ip/globalConnections",
                  params={"mm-id": ":0", "count": 1000}, timeout=30).json()
        result = None
        for _ in range(200):
            resp = s.get(self.daemon.host + f"/API/async/{r['asyncID']}", params={"uuid": r["asyncUUID"]},
                         timeout=10)
            if resp.status_code == 202:
                time.sleep(0.05)
                continue
            result = resp.json()["asyncResult"]
            break
        self.assertIsNotNone(result)
        allegro = {str(c["id"]): (c["clientIp"], c["clientPort"], c["serverIp"], c["serverPort"], c["bytes"])
                   for c in result["displayedItems"]}
        ours = {f["hash_id"]: (f["client"]["ip"], f["client"]["port"], f["server"]["ip"], f["server"]["port"],
                               f["bytes"]) for f in self.all[0]}
        self.assertEqual(ours, allegro)

    def test_errors(self):
        for params in ({}, {"ifid": "9"}, {"ifid": "x"}):
            r = self.ntop.call(FLOWS, **params)
            self.assertEqual((r.status_code, r.json()["rc_str"]), (400, "INVALID_INTERFACE"), params)
        for bad in ({"l4proto": "nope"}, {"host": "1.2.3"}, {"vlan": "5000"}, {"port": "70000"},
                    {"version": "5"}, {"sortOrder": "up"}, {"perPage": "-1"}, {"dscp": "46"}):
            r = self.raw(ifid=0, **bad)
            self.assertEqual((r.status_code, r.json()["rc_str"]), (400, "INVALID_ARGUMENTS"), bad)
        self.assertEqual(self.ntop.call(FLOWS, version="v1", ifid=0).json()["rc"], 0)

    def test_restricted_user_sees_only_its_flows(self):
        admin = self.daemon.session()
        r = admin.post(self.daemon.host + "/API/system/users", timeout=10,
                       json={"name": "flows-limited", "password": "flows-limited-pw", "role": "user",
                             "allowedNetworks": "106.187.35.0/24"})
        self.assertIn(r.status_code, (200, 201), r.text)
        limited = support.NtopClient(self.daemon, "flows-limited", "flows-limited-pw")
        got = limited.rsp(FLOWS, ifid=0, all="true")
        expected = [f for f in self.all[0]
                    if any(ipaddress.ip_address(f[e]["ip"]) in ipaddress.ip_network("106.187.35.0/24")
                           for e in ("client", "server"))]
        self.assertTrue(expected)
        self.assertEqual(got["totalRows"], len(expected))
        self.assertEqual({f["hash_id"] for f in got["data"]}, {f["hash_id"] for f in expected})


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        os.environ.pop(name, None)
    unittest.main(verbosity=2)
