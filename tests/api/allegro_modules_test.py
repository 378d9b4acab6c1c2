#!/usr/bin/env python3
"""The Allegro dialect's small modules (docs/allegro/modules.md): l4_ports, dpi, vlan, mpls, qos,
packet_size, icmp and multicast, read the way clients read them, against a daemon analysing real captures,
with tshark and nDPI's reference results (../shared/pcaps/ndpi-4.2/result) as the oracles.

Usage: allegro_modules_test.py PATH_TO_NETMETER [unittest args]
"""
import collections
import csv
import io
import os
import re
import sys
import unittest

# The spec's scripts switch certificate checks off with `session.verify = False`; a CA bundle named in the
# environment would override that inside requests, so it must not reach these sessions.
for _name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
    os.environ.pop(_name, None)

import allegro_support as support  # noqa: E402
import api_test  # noqa: E402

MODULES = "/API/stats/modules"
RESULT_DIR = os.path.join(os.path.dirname(support.PCAP_DIR), "result")

# skype: TCP, UDP, DSCP classes, ICMP, IPv4 and IPv6 multicast; anyconnect-vpn: ICMP, ICMPv6, DSCP 46;
# mongodb: three VLANs; ja3_lots_of_cipher_suites: double tags; whois: tagged and untagged frames;
# BGP_redist: an MPLS label (over Cisco HDLC).
CAPTURES = ["skype.pcap", "anyconnect-vpn.pcap", "mongodb.pcap", "ja3_lots_of_cipher_suites.pcap",
            "whois.pcapng", "BGP_redist.pcap"]


def first(field):
    """The first of tshark's comma-separated values (outer header first), or None."""
    return field.split(",")[0] if field else None


def fields(capture, display_filter, *names):
    """Rows of tshark field values."""
    args = ["-r", capture, "-T", "fields"]
    if display_filter:
        args += ["-Y", display_filter]
    for n in names:
        args += ["-e", n]
    return [line.split("\t") for line in support.tshark(*args).splitlines()]


def size_bin(length):
    """netmeter's packet-size classes (stats/packet_view.hpp)."""
    for b, top in enumerate((63, 64, 127, 255, 511, 1023, 1518)):
        if length <= top:
            return b
    return 7


def tshark_server_ports(capture, proto):
    """{server port: [rx packets, rx bytes, tx packets, tx bytes]} from tshark's TCP/UDP streams: rx is
    what the client sent to the server port. The client is netmeter's (docs/architecture.md "Flows"): the
    sender of a stream's first packet, except that a SYN-ACK seen first, or a TCP packet from a well-known
    port to an ephemeral one, makes its receiver the client. ICMP errors quoting a datagram are left out
    (netmeter counts them under ICMP)."""
    names = [f"{proto}.stream", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst", f"{proto}.srcport", f"{proto}.dstport",
             "frame.len"]
    if proto == "tcp":
        names += ["tcp.flags.syn", "tcp.flags.ack"]
    streams = {}
    for f in fields(capture, f"{proto} and not icmp and not icmpv6", *names):
        src, dst = (f[1] or f[2]), (f[3] or f[4])
        sport, dport, length = int(f[5]), int(f[6]), int(f[7])
        if f[0] not in streams:
            synack = proto == "tcp" and f[8] in ("1", "True") and f[9] in ("1", "True")
            to_client = synack or (proto == "tcp" and sport < 1024 <= dport)
            streams[f[0]] = {"client": (dst, dport) if to_client else (src, sport),
                             "server_port": sport if to_client else dport, "packets": []}
        streams[f[0]]["packets"].append((src, sport, length))
    ports = collections.defaultdict(lambda: [0, 0, 0, 0])
    for s in streams.values():
        row = ports[s["server_port"]]
        for src, sport, length in s["packets"]:
            i = 0 if (src, sport) == s["client"] else 2
            row[i] += 1
            row[i + 1] += length
    return dict(ports)


def ndpi_flows(capture):
    """{application: [flows, packets, bytes]} from nDPI's reference result: one line per flow."""
    flows = collections.defaultdict(lambda: [0, 0, 0])
    line_re = re.compile(r"^\s+\d+\s+\S+ .*?\[proto: [\d.]+/([^\]]+)\].*?"
                         r"\[(\d+) pkts/(\d+) bytes (?:<->|->) (\d+) pkts/(\d+) bytes\]")
    with open(os.path.join(RESULT_DIR, capture + ".out")) as f:
        for line in f:
            m = line_re.match(line)
            if m:
                row = flows[m.group(1)]
                row[0] += 1
                row[1] += int(m.group(2)) + int(m.group(4))
                row[2] += int(m.group(3)) + int(m.group(5))
    return dict(flows)


def csv_rows(text):
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


class ModulesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        paths = [support.need_pcap(c) for c in CAPTURES]
        support.tshark("-v")  # skips without tshark
        cls.daemon = support.AnalysisDaemon(*paths).start()
        cls.s = cls.daemon.session()
        cls.paths = dict(zip(CAPTURES, paths))
        cls.slots = {s["name"]: s["id"] for s in cls.get("/API/stats/processing")["slots"]}

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    @classmethod
    def get(cls, path, capture=None, status=200, **params):
        if capture:
            params["mm-id"] = cls.slots[capture]
        r = cls.s.get(cls.daemon.host + path, params=params, timeout=60)
        if r.status_code != status:
            raise AssertionError(f"GET {path} {params}: {r.status_code} {r.text[:300]}")
        return r.json() if r.headers.get("Content-Type", "").startswith("application/json") else r.text

    def all_items(self, path, capture, **params):
        """Every element of a paged list, walked page by page the way the spec's script does."""
        params = {"count": 100, **params}
        first_page = self.get(path, capture, **params)
        items = list(first_page["displayedItems"])
        for page in range(1, first_page["numberOfPages"]):
            items += self.get(path, capture, page=page, **params)["displayedItems"]
        self.assertEqual(len(items), first_page["numberOfItems"])
        return items

    # ---- discovery ----

    def test_options_lists_each_module_and_its_children(self):
        r = self.s.options(self.daemon.host + MODULES)
        modules = set(r.json()["subResources"])
        expected = {"l4_ports": {"tcp_ports_paged", "udp_ports_paged", "tcp_port", "udp_port"},
                    "dpi": {"dpi_paged", "protocols", "categories_paged", "categories"},
                    "vlan": {"vlans_paged", "inner_vlans_paged", "vlans", "inner_vlans"},
                    "mpls": {"labels_paged", "labels"},
                    "qos": {"dscp_paged", "dscp"},
                    "packet_size": {"generic", "sizes_paged", "sizes"},
                    "icmp": {"types_paged", "types"},
                    "multicast": {"generic", "groups_paged", "groups"}}
        for module, children in expected.items():
            self.assertIn(module, modules)
            listed = self.s.options(self.daemon.host + f"{MODULES}/{module}").json()["subResources"]
            self.assertEqual(set(listed), children, module)
            root = self.get(f"{MODULES}/{module}", "skype.pcap")
            self.assertIn("globalCounters", root)
            self.assertIn("numberOfItems", root)
        self.assertEqual(self.s.options(self.daemon.host + f"{MODULES}/l4_ports/tcp_port").json()["subResources"],
                         [":port"])

    # ---- l4_ports ----

    def test_server_ports_match_tshark_streams(self):
        for capture in ("skype.pcap", "anyconnect-vpn.pcap"):
            for proto in ("tcp", "udp"):
                expected = tshark_server_ports(self.paths[capture], proto)
                items = self.all_items(f"{MODULES}/l4_ports/{proto}_ports_paged", capture, sort="serverPort")
                got = {i["serverPort"]: i["allTime"] for i in items}
                self.assertEqual(got, expected, f"{capture} {proto}")
                self.assertEqual([i["port"] for i in items], sorted(got))
                self.assertTrue(all(i["l4Protocol"] == proto.upper() for i in items))

    def test_port_module_object_adds_up(self):
        root = self.get(f"{MODULES}/l4_ports", "skype.pcap", history="false")
        tcp = self.all_items(f"{MODULES}/l4_ports/tcp_ports_paged", "skype.pcap")
        udp = self.all_items(f"{MODULES}/l4_ports/udp_ports_paged", "skype.pcap")
        self.assertEqual(root["tcp"]["numberOfPorts"], len(tcp))
        self.assertEqual(root["udp"]["numberOfPorts"], len(udp))
        self.assertEqual(root["numberOfItems"], len(tcp) + len(udp))
        for line in range(4):
            self.assertEqual(root["tcp"]["allTime"][line], sum(i["allTime"][line] for i in tcp))
            self.assertEqual(root["globalCounters"]["allTime"][line],
                             root["tcp"]["allTime"][line] + root["udp"]["allTime"][line])
        self.assertNotIn("history", root["globalCounters"])

    def test_paging_sorts_and_visits_every_port_once(self):
        params = {"sort": "bytes", "reverse": "true", "count": 7}
        items = self.all_items(f"{MODULES}/l4_ports/tcp_ports_paged", "skype.pcap", **params)
        ports = [i["serverPort"] for i in items]
        self.assertEqual(len(ports), len(set(ports)))
        totals = [i["allTime"][1] + i["allTime"][3] for i in items]
        self.assertEqual(totals, sorted(totals, reverse=True))
        by_packets = self.get(f"{MODULES}/l4_ports/udp_ports_paged", "skype.pcap", sort="packets", count=100)
        packets = [i["allTime"][0] + i["allTime"][2] for i in by_packets["displayedItems"]]
        self.assertEqual(packets, sorted(packets))
        bad = self.s.get(self.daemon.host + f"{MODULES}/l4_ports/tcp_ports_paged", params={"sort": "nope"})
        self.assertEqual(bad.status_code, 400)
        self.assertIn("serverPort", bad.json()["error"])

    def test_one_port_with_its_servers_and_clients(self):
        capture = "skype.pcap"
        listed = {i["serverPort"]: i for i in self.all_items(f"{MODULES}/l4_ports/tcp_ports_paged", capture)}
        one = self.get(f"{MODULES}/l4_ports/tcp_port/443", capture, values=10)
        self.assertEqual(one["allTime"], listed[443]["allTime"])
        self.assertEqual(one["history"]["rows"], ["rxPackets", "rxBytes", "txPackets", "txBytes"])
        ips = self.all_items(f"{MODULES}/l4_ports/tcp_port/443/ips", capture, count=1000)
        servers = [i for i in ips if i["role"] == "server"]
        clients = [i for i in ips if i["role"] == "client"]
        self.assertEqual(one["numberOfServerIps"], len(servers))
        self.assertEqual(one["numberOfClientIps"], len(clients))
        # A server receives what clients send to the port: its rx is the port's rx, its tx the port's tx.
        for line in range(4):
            self.assertEqual(sum(i["allTime"][line] for i in servers), one["allTime"][line])
            self.assertEqual(sum(i["allTime"][line ^ 2] for i in clients), one["allTime"][line])
        # tshark's conversations on port 443: the addresses on the 443 side serve it, the others contact it.
        conv_servers, conv_clients = set(), set()
        for f in fields(self.paths[capture], "tcp.port == 443 and not icmp", "ip.src", "tcp.srcport", "ip.dst",
                        "tcp.dstport"):
            for ip, port, peer in ((f[0], f[1], f[2]), (f[2], f[3], f[0])):
                if port == "443":
                    conv_servers.add(ip)
                    conv_clients.add(peer)
        self.assertEqual({i["ip"] for i in servers}, conv_servers)
        self.assertEqual({i["ip"] for i in clients}, conv_clients)
        only_servers = self.get(f"{MODULES}/l4_ports/tcp_port/443/ips", capture, role="server", count=1000)
        self.assertEqual(only_servers["numberOfItems"], len(servers))
        header, rows = csv_rows(self.get(f"{MODULES}/l4_ports/tcp_port/443/ips", capture, csv="true"))
        self.assertEqual(header[:4], ["ip", "vlan", "name", "role"])
        self.assertEqual(len(rows), len(ips))

    def test_unknown_ports(self):
        self.get(f"{MODULES}/l4_ports/tcp_port/1", "skype.pcap", status=404)
        self.get(f"{MODULES}/l4_ports/udp_port/1", "skype.pcap", status=404)
        self.get(f"{MODULES}/l4_ports/tcp_port/70000", "skype.pcap", status=404)
        self.get(f"{MODULES}/l4_ports/tcp_port/http", "skype.pcap", status=404)
        self.get(f"{MODULES}/l4_ports/tcp_port/443/ips", "skype.pcap", status=400, role="both")

    # ---- dpi ----

    def test_application_connections_match_ndpi_reference(self):
        for capture in ("skype.pcap", "anyconnect-vpn.pcap"):
            reference = ndpi_flows(capture)
            names = self.get(f"{MODULES}/dpi/protocols", capture)
            self.assertEqual(set(names), set(reference), capture)
            for name, (flows, packets, byte_count) in reference.items():
                header, rows = csv_rows(self.get(f"{MODULES}/dpi/protocols/{name}/connections", capture, csv="true"))
                col = {h: n for n, h in enumerate(header)}
                got = [len(rows),
                       sum(int(r[col["rxPackets"]]) + int(r[col["txPackets"]]) for r in rows),
                       sum(int(r[col["rxBytes"]]) + int(r[col["txBytes"]]) for r in rows)]
                self.assertEqual(got, [flows, packets, byte_count], f"{capture} {name}")
                self.assertTrue(all(r[col["dpiProtocol"]] == name for r in rows))
                one = self.get(f"{MODULES}/dpi/protocols/{name}", capture, history="false")
                self.assertEqual(one["numberOfConnections"], flows)

    def test_application_traffic_covers_all_ip_traffic(self):
        # Traffic counts under the application known when it flowed (Unknown while detection is pending),
        # so per application it may differ from the flows' final results; in all it is every flow's traffic.
        for capture in ("skype.pcap", "anyconnect-vpn.pcap"):
            reference = ndpi_flows(capture)
            items = self.all_items(f"{MODULES}/dpi/dpi_paged", capture, sort="bytes", reverse="true")
            self.assertEqual(sum(i["allTime"][1] for i in items), sum(r[2] for r in reference.values()))
            self.assertEqual(sum(i["allTime"][0] for i in items), sum(r[1] for r in reference.values()))
            for i in items:
                self.assertEqual(i["name"], i["protocol"])
                # PSMultimeter reads allTime[1] as the bytes: the element has no direction of its own.
                self.assertEqual(i["allTime"][1], i["clientToServer"]["bytes"] + i["serverToClient"]["bytes"])
                self.assertEqual(i["allTime"][2:], [0, 0])
            root = self.get(f"{MODULES}/dpi", capture, history="false")
            self.assertEqual(root["numberOfProtocols"], len(items))
            self.assertEqual(root["globalCounters"]["allTime"][1], sum(i["allTime"][1] for i in items))

    def test_application_ips(self):
        capture = "skype.pcap"
        name = "TLS.Skype_Teams"
        one = self.get(f"{MODULES}/dpi/protocols/{name.lower()}", capture)  # names in any case
        self.assertEqual(one["name"], name)
        self.assertIn("history", one)
        ips = self.all_items(f"{MODULES}/dpi/protocols/{name}/ips", capture, count=1000)
        self.assertEqual(one["numberOfIps"], len(ips))
        # Every byte of the application is received by one of its hosts.
        self.assertEqual(sum(i["allTime"][1] for i in ips), one["allTime"][1])
        self.assertEqual(sum(i["allTime"][0] for i in ips), one["allTime"][0])
        header, rows = csv_rows(self.get(f"{MODULES}/dpi/protocols/{name}/connections", capture, csv="true"))
        col = {h: n for n, h in enumerate(header)}
        ends = {r[col["clientIp"]] for r in rows} | {r[col["serverIp"]] for r in rows}
        self.assertEqual({i["ip"] for i in ips}, ends)
        self.get(f"{MODULES}/dpi/protocols/NoSuchApp", capture, status=404)

    def test_application_known_only_from_connections(self):
        # skype's TLS flows were named only when detection gave up at their end: no traffic of their own.
        one = self.get(f"{MODULES}/dpi/protocols/TLS", "skype.pcap")
        self.assertEqual(one["allTime"], [0, 0, 0, 0])
        self.assertNotIn("firstActivity", one)
        self.assertEqual(one["numberOfConnections"], ndpi_flows("skype.pcap")["TLS"][0])
        names = [i["name"] for i in self.all_items(f"{MODULES}/dpi/dpi_paged", "skype.pcap")]
        self.assertNotIn("TLS", names)

    def test_categories(self):
        capture = "skype.pcap"
        apps = self.all_items(f"{MODULES}/dpi/dpi_paged", capture)
        categories = self.all_items(f"{MODULES}/dpi/categories_paged", capture, sort="category")
        self.assertEqual(sum(c["allTime"][1] for c in categories), sum(a["allTime"][1] for a in apps))
        self.assertEqual([c["category"] for c in categories], sorted(c["category"] for c in categories))
        voip = next(c for c in categories if c["category"] == "VoIP")
        by_name = self.get(f"{MODULES}/dpi/categories/voip", capture, history="false")
        by_id = self.get(f"{MODULES}/dpi/categories/{voip['id']}", capture, history="false")
        self.assertEqual(by_name["allTime"], voip["allTime"])
        self.assertEqual(by_id, by_name)
        ips = self.all_items(f"{MODULES}/dpi/categories/VoIP/ips", capture, count=1000)
        self.assertEqual(len(ips), by_name["numberOfIps"])
        self.assertEqual(sum(i["allTime"][1] for i in ips), voip["allTime"][1])
        self.assertIn("VoIP", self.get(f"{MODULES}/dpi/categories", capture))

    # ---- vlan, mpls ----

    def tshark_vlans(self, capture):
        outer, inner = collections.defaultdict(lambda: [0, 0]), collections.defaultdict(lambda: [0, 0])
        for vlan, length in fields(self.paths[capture], "vlan", "vlan.id", "frame.len"):
            tags = vlan.split(",")
            for table, tag in ((outer, tags[0]), (inner, tags[1] if len(tags) > 1 else None)):
                if tag is not None:
                    table[int(tag)][0] += 1
                    table[int(tag)][1] += int(length)
        return dict(outer), dict(inner)

    def test_vlans_match_tshark(self):
        for capture in ("mongodb.pcap", "ja3_lots_of_cipher_suites.pcap", "whois.pcapng", "skype.pcap"):
            outer, inner = self.tshark_vlans(capture)
            got_outer = {i["outerVlanTag"]: i["allTime"][:2] for i in
                         self.all_items(f"{MODULES}/vlan/vlans_paged", capture)}
            got_inner = {i["innerVlanTag"]: i["allTime"][:2] for i in
                         self.all_items(f"{MODULES}/vlan/inner_vlans_paged", capture)}
            self.assertEqual(got_outer, outer, capture)
            self.assertEqual(got_inner, inner, capture)
            self.assertNotIn(-1, got_outer)  # untagged frames are not a VLAN of their own
            root = self.get(f"{MODULES}/vlan", capture, history="false")
            self.assertEqual(root["numberOfVlans"], len(outer))
            self.assertEqual(root["numberOfInnerVlans"], len(inner))
            self.assertEqual(root["globalCounters"]["allTime"][0], sum(v[0] for v in outer.values()))
        one = self.get(f"{MODULES}/vlan/vlans/300", "mongodb.pcap")
        self.assertEqual(one["outerVlanTag"], 300)
        self.assertEqual(one["allTime"][:2], self.tshark_vlans("mongodb.pcap")[0][300])
        self.assertEqual(self.get(f"{MODULES}/vlan/inner_vlans/258", "ja3_lots_of_cipher_suites.pcap")["vlan"], 258)
        self.get(f"{MODULES}/vlan/vlans/258", "ja3_lots_of_cipher_suites.pcap", status=404)
        self.get(f"{MODULES}/vlan/vlans/5000", "mongodb.pcap", status=404)

    def test_mpls_labels_match_tshark(self):
        capture = "BGP_redist.pcap"
        expected = collections.defaultdict(lambda: [0, 0])
        for label, length in fields(self.paths[capture], "mpls", "mpls.label", "frame.len"):
            expected[int(first(label))][0] += 1
            expected[int(first(label))][1] += int(length)
        items = self.all_items(f"{MODULES}/mpls/labels_paged", capture)
        self.assertEqual({i["label"]: i["allTime"][:2] for i in items}, dict(expected))
        label = items[0]["label"]
        self.assertEqual(self.get(f"{MODULES}/mpls/labels/{label}", capture)["allTime"], items[0]["allTime"])
        self.assertEqual(self.get(f"{MODULES}/mpls", capture)["numberOfLabels"], len(expected))
        self.assertEqual(self.get(f"{MODULES}/mpls", "skype.pcap")["numberOfLabels"], 0)
        self.get(f"{MODULES}/mpls/labels/{label + 1}", capture, status=404)

    # ---- qos, packet_size, icmp, multicast ----

    def test_dscp_classes_match_tshark(self):
        for capture in ("skype.pcap", "anyconnect-vpn.pcap"):
            expected = collections.defaultdict(lambda: [0, 0])
            for v4, v6, length in fields(self.paths[capture], "ip or ipv6", "ip.dsfield.dscp", "ipv6.tclass.dscp",
                                         "frame.len"):
                dscp = int(first(v4) or first(v6))
                expected[dscp][0] += 1
                expected[dscp][1] += int(length)
            items = self.all_items(f"{MODULES}/qos/dscp_paged", capture, sort="dscp")
            self.assertEqual({i["dscp"]: i["allTime"][:2] for i in items}, dict(expected), capture)
        names = {i["dscp"]: i["name"] for i in self.all_items(f"{MODULES}/qos/dscp_paged", "skype.pcap")}
        self.assertEqual(names[0], "Best Effort (CS0)")
        self.assertEqual(names[48], "Internetwork Control (CS6)")
        ef = self.get(f"{MODULES}/qos/dscp/46", "anyconnect-vpn.pcap")
        self.assertEqual(ef["name"], "Expedited Forwarding (EF)")
        self.get(f"{MODULES}/qos/dscp/64", "skype.pcap", status=404)

    def test_packet_sizes_match_tshark(self):
        capture = "skype.pcap"
        expected = [0] * 8
        for (length,) in fields(self.paths[capture], "ip or ipv6", "frame.len"):
            expected[size_bin(int(length))] += 1
        generic = self.get(f"{MODULES}/packet_size/generic", capture, values=20)
        counters = generic["globalCounters"]
        self.assertEqual(counters["allTime"], expected)
        self.assertEqual(counters["rows"], [b["name"] for b in generic["bins"]])
        self.assertEqual(counters["history"]["rows"], counters["rows"])
        self.assertEqual(len(counters["history"]["data"]) % 9, 0)  # a timestamp and one value per class
        self.assertEqual(generic["bins"][6], {"bin": 6, "name": "1024-1518", "minSize": 1024, "maxSize": 1518})
        self.assertEqual(generic["bins"][7], {"bin": 7, "name": "1519+", "minSize": 1519})
        # tshark's own length classes differ; their total is the same packets.
        plen = support.tshark("-r", self.paths[capture], "-q", "-z", "plen,tree,ip or ipv6")
        total = int(re.search(r"^Packet Lengths\s+(\d+)", plen, re.M).group(1))
        self.assertEqual(sum(counters["allTime"]), total)
        self.assertEqual(generic["traffic"]["allTime"][0], total)
        self.assertEqual(self.get(f"{MODULES}/packet_size", capture, values=20), generic)
        items = self.all_items(f"{MODULES}/packet_size/sizes_paged", capture)
        for i in items:
            self.assertEqual(i["allTime"][0], expected[i["bin"]])
        self.assertEqual(self.get(f"{MODULES}/packet_size/sizes/65-127", capture, history="false"),
                         self.get(f"{MODULES}/packet_size/sizes/2", capture, history="false"))
        self.get(f"{MODULES}/packet_size/sizes/8", capture, status=404)

    def test_icmp_types_match_tshark(self):
        for capture in ("skype.pcap", "anyconnect-vpn.pcap"):
            expected = collections.defaultdict(lambda: [0, 0])
            for t4, c4, t6, c6, length in fields(self.paths[capture], "icmp or icmpv6", "icmp.type", "icmp.code",
                                                 "icmpv6.type", "icmpv6.code", "frame.len"):
                key = f"icmp-{first(t4)}-{first(c4)}" if t4 else f"icmpv6-{first(t6)}-{first(c6)}"
                expected[key][0] += 1
                expected[key][1] += int(length)
            items = self.all_items(f"{MODULES}/icmp/types_paged", capture)
            self.assertEqual({i["id"]: i["allTime"][:2] for i in items}, dict(expected), capture)
            for i in items:
                one = self.get(f"{MODULES}/icmp/types/{i['id']}", capture, history="false")
                self.assertEqual((one["type"], one["code"], one["protocol"]), (i["type"], i["code"], i["protocol"]))
            self.assertEqual(self.get(f"{MODULES}/icmp", capture)["numberOfTypes"], len(expected))
        unreachable = self.get(f"{MODULES}/icmp/types/icmp-3-3", "skype.pcap")
        self.assertEqual(unreachable["typeName"], "Destination Unreachable")
        self.get(f"{MODULES}/icmp/types/icmp-3", "skype.pcap", status=404)

    def test_multicast_groups_match_tshark(self):
        capture = "skype.pcap"
        expected = collections.defaultdict(lambda: [0, 0])
        for v4, v6, length in fields(self.paths[capture], "ip or ipv6", "ip.dst", "ipv6.dst", "frame.len"):
            dst = first(v4) or first(v6)
            if (v4 and 224 <= int(dst.split(".")[0]) <= 239) or (not v4 and dst.lower().startswith("ff")):
                expected[dst][0] += 1
                expected[dst][1] += int(length)
        items = self.all_items(f"{MODULES}/multicast/groups_paged", capture, sort="ip")
        self.assertEqual({i["ip"]: i["allTime"][:2] for i in items}, dict(expected))
        generic = self.get(f"{MODULES}/multicast/generic", capture, history="false")
        self.assertEqual(generic["numberOfGroups"], len(expected))
        self.assertEqual(generic["globalCounters"]["allTime"][1], sum(v[1] for v in expected.values()))
        one = self.get(f"{MODULES}/multicast/groups/239.255.255.250", capture)
        self.assertEqual(one["allTime"][:2], expected["239.255.255.250"])
        activity = self.get(f"{MODULES}/multicast/groups_paged", capture, sort="activity", reverse="true")
        last = [i["lastActivity"] for i in activity["displayedItems"]]
        self.assertEqual(last, sorted(last, reverse=True))
        self.get(f"{MODULES}/multicast/groups/239.1.1.1", capture, status=404)

    # ---- shared behaviour ----

    def test_csv_has_one_row_per_item(self):
        lists = ["l4_ports/tcp_ports_paged", "l4_ports/udp_ports_paged", "dpi/dpi_paged", "dpi/categories_paged",
                 "qos/dscp_paged", "packet_size/sizes_paged", "icmp/types_paged", "multicast/groups_paged",
                 "vlan/vlans_paged", "vlan/inner_vlans_paged", "mpls/labels_paged"]
        for path in lists:
            page = self.get(f"{MODULES}/{path}", "skype.pcap", count=1)
            header, rows = csv_rows(self.get(f"{MODULES}/{path}", "skype.pcap", csv="true"))
            self.assertEqual(len(rows), page["numberOfItems"], path)
            self.assertEqual(header[-4:], ["rxPackets", "rxBytes", "txPackets", "txBytes"], path)
            self.assertTrue(all(len(r) == len(header) for r in rows), path)

    def test_time_parameters(self):
        capture = "skype.pcap"
        one = self.get(f"{MODULES}/l4_ports/tcp_port/443", capture)
        start, end = one["firstActivity"], one["lastActivity"] + 1
        whole = self.get(f"{MODULES}/l4_ports/tcp_port/443", capture, starttime=start, endtime=end, values=50)
        self.assertEqual(whole["interval"], whole["allTime"])
        per_second = whole["intervalPerSecond"]
        self.assertEqual(per_second[1], whole["allTime"][1] // (end - start))
        points = whole["history"]["data"]
        self.assertLessEqual(len(points) // 5, 50)
        self.assertGreater(sum(points[i + 2] for i in range(0, len(points), 5)), 0)  # rx bytes per second
        no_data = self.get(f"{MODULES}/l4_ports/tcp_port/443", capture, skiphistorydata="true")
        self.assertNotIn("data", no_data["history"])
        self.assertNotIn("history", self.get(f"{MODULES}/l4_ports/tcp_port/443", capture, history="false"))
        # Lists carry an item's history only when asked for it.
        plain = self.get(f"{MODULES}/qos/dscp_paged", capture)
        self.assertNotIn("history", plain["displayedItems"][0])
        with_history = self.get(f"{MODULES}/qos/dscp_paged", capture, history="true")
        self.assertIn("history", with_history["displayedItems"][0])
        later = self.get(f"{MODULES}/l4_ports/tcp_ports_paged", capture, starttime=end, endtime=end + 60)
        self.assertTrue(all(i["interval"] == [0, 0, 0, 0] for i in later["displayedItems"]))

    def test_restricted_user_sees_only_allowed_addresses(self):
        admin = self.daemon.session()
        r = admin.post(self.daemon.host + "/API/system/users",
                       json={"name": "lan-only", "password": "lan-only-pw-1", "role": "user",
                             "allowedNetworks": ["192.168.1.0/24"]}, timeout=30)
        self.assertEqual(r.status_code, 201, r.text)
        try:
            user = self.daemon.session("lan-only", "lan-only-pw-1")
            mm = {"mm-id": self.slots["skype.pcap"]}

            def get(path, **params):
                resp = user.get(self.daemon.host + path, params={**mm, **params}, timeout=30)
                self.assertEqual(resp.status_code, 200, resp.text)
                return resp.json()

            self.assertEqual(get(f"{MODULES}/multicast/groups_paged")["numberOfItems"], 0)
            self.assertEqual(get(f"{MODULES}/multicast/generic")["numberOfGroups"], 0)
            denied = user.get(self.daemon.host + f"{MODULES}/multicast/groups/239.255.255.250", params=mm)
            self.assertEqual(denied.status_code, 404)
            ips = get(f"{MODULES}/l4_ports/tcp_port/443/ips", count=1000)["displayedItems"]
            self.assertTrue(ips)
            self.assertTrue(all(i["ip"].startswith("192.168.1.") for i in ips))
            port = get(f"{MODULES}/l4_ports/tcp_port/443")
            self.assertEqual(port["numberOfServerIps"], 0)
            app_ips = get(f"{MODULES}/dpi/protocols/TLS.Skype_Teams/ips")["displayedItems"]
            self.assertEqual({i["ip"] for i in app_ips}, {"192.168.1.34"})
            # Aggregates of ports and applications name no address: they stay whole.
            self.assertEqual(get(f"{MODULES}/l4_ports/tcp_ports_paged")["numberOfItems"],
                             self.get(f"{MODULES}/l4_ports/tcp_ports_paged", "skype.pcap")["numberOfItems"])
        finally:
            admin.delete(self.daemon.host + "/API/system/users/lan-only", timeout=30)


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2, warnings="ignore")  # unverified HTTPS to loopback is what these tests do
