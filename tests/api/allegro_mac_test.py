#!/usr/bin/env python3
"""The Allegro MAC-level modules over real HTTPS: /API/stats/modules/mac, mac_protocols and arp, read the
way real clients read them, with tshark as the oracle for every number it can give (per-MAC totals,
EtherTypes, VLANs, ARP, the IP frames between two MACs).

Usage: allegro_mac_test.py PATH_TO_NETMETER [unittest args]
"""
import collections
import csv
import io
import os
import sys
import unittest

# requests lets these variables override a session's `verify = False` (the daemon's certificate is
# self-signed); the spec's scripts assume an environment without them.
for _name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
    os.environ.pop(_name, None)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import allegro_support as support  # noqa: E402
import api_test  # noqa: E402

MODULES = "/API/stats/modules"
MAC = MODULES + "/mac"
# Slots in the order the captures are given: a phone behind a home router (gratuitous ARP, EAPOL, IPv6),
# another phone on the same network, and VLAN-tagged next to untagged traffic.
CAPTURES = ("iphone.pcap", "android.pcap", "whois.pcapng")
IPHONE, ANDROID, WHOIS = 0, 1, 2
PHONE_MAC = "c4:61:8b:35:82:a9"   # the iPhone (192.168.2.17)
ROUTER_MAC = "c6:2c:03:60:6a:64"  # the home router, and the Internet behind it


def tshark_fields(capture, *fields, display_filter=None, occurrence="l"):
    """Rows of `tshark -T fields` (by default the last occurrence of each field: the innermost header),
    without name resolution."""
    args = ["-n", "-r", capture, "-T", "fields", "-E", f"occurrence={occurrence}"]
    if display_filter:
        args += ["-Y", display_filter]
    for f in fields:
        args += ["-e", f]
    return [line.split("\t") for line in support.tshark(*args).splitlines()]


def tshark_eth_endpoints(capture):
    """{mac: [rx_packets, rx_bytes, tx_packets, tx_bytes]} from `tshark -q -z endpoints,eth`."""
    out = {}
    for line in support.tshark("-n", "-r", capture, "-q", "-z", "endpoints,eth").splitlines():
        parts = line.split()
        nums = [p for p in parts[1:] if p.isdigit()]
        if len(parts) >= 7 and parts[0].count(":") == 5 and len(nums) == 6:
            # Address  Packets Bytes  Tx Packets Tx Bytes  Rx Packets Rx Bytes
            packets, size, tx_packets, tx_bytes, rx_packets, rx_bytes = map(int, nums)
            out[parts[0]] = [rx_packets, rx_bytes, tx_packets, tx_bytes]
    return out


def tshark_mac_names(capture):
    """{mac: tshark's name for it}: the vendor's short name and the last octets ("Apple_35:82:a9"), from
    the same Wireshark table the daemon reads, or the address itself."""
    names = {}
    for row in support.tshark("-r", capture, "-T", "fields", "-e", "eth.src", "-e", "eth.src_resolved", "-e",
                              "eth.dst", "-e", "eth.dst_resolved").splitlines():
        fields = row.split("\t")
        for mac, name in zip(fields[::2], fields[1::2]):
            names[mac] = name
    return names


def innermost_ethertype(eth_type, vlan_etype, llc_type):
    for value in (vlan_etype, eth_type, llc_type):
        if value:
            return int(value, 16)
    return 0


def tshark_ethertypes(capture):
    """{(src mac, ethertype): [frames, bytes]} with the innermost EtherType, as the statistics keep it."""
    out = collections.defaultdict(lambda: [0, 0])
    for src, eth_type, vlan_etype, llc_type, length in tshark_fields(
            capture, "eth.src", "eth.type", "vlan.etype", "llc.type", "frame.len"):
        row = out[(src, innermost_ethertype(eth_type, vlan_etype, llc_type))]
        row[0] += 1
        row[1] += int(length)
    return out


def tshark_arp(capture):
    """(totals, by sender IP, by sender MAC): {"requests", "replies", "gratuitous"} counts."""
    def zero():
        return {"requests": 0, "replies": 0, "gratuitous": 0}
    total, by_ip, by_mac = zero(), collections.defaultdict(zero), collections.defaultdict(zero)
    for src, op, sender, target in tshark_fields(capture, "eth.src", "arp.opcode", "arp.src.proto_ipv4",
                                                 "arp.dst.proto_ipv4", display_filter="arp"):
        kinds = []
        if op == "1":
            kinds.append("requests")
        if op == "2":
            kinds.append("replies")
        if sender and sender == target:
            kinds.append("gratuitous")
        for k in kinds:
            total[k] += 1
            by_mac[src][k] += 1
            if sender:
                by_ip[sender][k] += 1
    return total, by_ip, by_mac


def tshark_ip_between(capture, mac, peer):
    """[rx_packets, rx_bytes, tx_packets, tx_bytes] of `mac` in the IP frames between the two MACs."""
    counts = [0, 0, 0, 0]
    for src, length in tshark_fields(capture, "eth.src", "frame.len",
                                     display_filter=f"(ip or ipv6) and eth.addr=={mac} and eth.addr=={peer}"):
        i = 2 if src == mac else 0
        counts[i] += 1
        counts[i + 1] += int(length)
    return counts


class MacModulesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.paths = [support.need_pcap(name) for name in CAPTURES]
        support.tshark("-v")  # skips without tshark
        # unittest turns warnings back on; the certificate is self-signed on purpose.
        support.urllib3.disable_warnings(support.urllib3.exceptions.InsecureRequestWarning)
        cls.daemon = support.AnalysisDaemon(*cls.paths)
        try:
            cls.daemon.start()
        except BaseException:
            cls.daemon.stop()  # tearDownClass does not run when setUpClass fails
            raise
        cls.s = cls.daemon.session()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    def get(self, path, slot=IPHONE, status=200, session=None, **params):
        r = (session or self.s).get(self.daemon.host + path, params={"mm-id": slot, **params}, timeout=30)
        self.assertEqual(r.status_code, status, f"{path} {params}: {r.text[:300]}")
        return r.json() if "json" in r.headers.get("Content-Type", "") else r

    def all_items(self, path, slot=IPHONE, count=100, session=None, **params):
        """Every item of a paged list, the way the spec's pagination script walks it."""
        first = self.get(path, slot, session=session, page=0, count=count, **params)
        items = list(first["displayedItems"])
        for page in range(1, first["numberOfPages"]):
            items += self.get(path, slot, session=session, page=page, count=count, **params)["displayedItems"]
        self.assertEqual(len(items), first["numberOfItems"])
        return items

    # ---- the MAC module ----

    def test_every_mac_matches_tshark_endpoints(self):
        for slot, path in enumerate(self.paths):
            expected = tshark_eth_endpoints(path)
            items = self.all_items(MAC + "/mac_paged", slot, count=5)
            self.assertEqual(sorted(i["mac"] for i in items), sorted(expected), CAPTURES[slot])
            for i in items:
                self.assertEqual(i["allTime"], expected[i["mac"]], f"{CAPTURES[slot]} {i['mac']}")

    def test_sorts(self):
        expected = tshark_eth_endpoints(self.paths[IPHONE])
        by_bytes = [i["mac"] for i in self.all_items(MAC + "/mac_paged", sort="bytes", reverse="true")]
        self.assertEqual(by_bytes, sorted(expected, key=lambda m: (-(expected[m][1] + expected[m][3]), m)))
        by_txpackets = [i["mac"] for i in self.all_items(MAC + "/mac_paged", sort="txpackets", reverse="true")]
        self.assertEqual(by_txpackets, sorted(expected, key=lambda m: (-expected[m][2], m)))
        by_mac = [i["mac"] for i in self.all_items(MAC + "/mac_paged", sort="mac")]
        self.assertEqual(by_mac, sorted(expected))
        by_vendor = self.all_items(MAC + "/mac_paged", sort="vendor", reverse="true")
        vendors = [i["vendor"] for i in by_vendor]
        self.assertEqual(vendors, sorted(vendors, reverse=True))
        self.assertIn("Apple, Inc.", vendors)
        for sort in ("bps", "pps", "packets", "rxbytes", "firstActivity", "activity"):
            self.assertEqual(len(self.all_items(MAC + "/mac_paged", sort=sort)), len(expected))
        self.get(MAC + "/mac_paged", status=400, sort="nonsense")

    def test_filter_on_vendor_and_address(self):
        # tshark names a MAC after its vendor ("Apple_35:82:a9") from the same Wireshark table.
        names = tshark_mac_names(self.paths[IPHONE])
        apple = sorted(mac for mac, name in names.items() if name.startswith("Apple_"))
        self.assertTrue(apple)
        got = self.all_items(MAC + "/mac_paged", filter="APPLE")
        self.assertEqual(sorted(i["mac"] for i in got), apple)
        got = self.all_items(MAC + "/mac_paged", filter="33:33:")
        self.assertTrue(got)
        self.assertTrue(all(i["mac"].startswith("33:33:") for i in got))

    def test_module_object(self):
        frames = tshark_fields(self.paths[IPHONE], "frame.len", "frame.time_epoch")
        n, size = len(frames), sum(int(f[0]) for f in frames)
        start, end = int(float(frames[0][1])), int(float(frames[-1][1])) + 1
        o = self.get(MAC)
        g = o["globalCounters"]
        self.assertEqual(g["allTime"], [n, size, n, size])  # every frame once to a MAC, once from one
        self.assertEqual(o["numberOfMacs"], len(tshark_eth_endpoints(self.paths[IPHONE])))
        self.assertEqual(g["history"]["rows"], ["rxPackets", "rxBytes", "txPackets", "txBytes"])
        data = g["history"]["data"]
        self.assertEqual(len(data) % 5, 0)
        self.assertTrue(any(data[i] for i in range(1, len(data)) if i % 5))
        whole = self.get(MAC, starttime=start, endtime=end, skiphistorydata="true")
        self.assertEqual(whole["globalCounters"]["interval"], [n, size, n, size])
        self.assertEqual(whole["globalCounters"]["intervalPerSecond"],
                         [v // (end - start) for v in (n, size, n, size)])
        self.assertNotIn("data", whole["globalCounters"]["history"])
        self.assertNotIn("history", self.get(MAC, history="false")["globalCounters"])

    def test_interval_covering_the_capture_is_all_time(self):
        items = self.all_items(MAC + "/mac_paged")
        start = min(i["firstActivity"] for i in items)
        end = max(i["lastActivity"] for i in items) + 1
        for i in self.all_items(MAC + "/mac_paged", starttime=start, endtime=end):
            self.assertEqual(i["interval"], i["allTime"], i["mac"])

    def test_broadcast_mac_as_in_the_spec(self):
        expected = tshark_eth_endpoints(self.paths[IPHONE])["ff:ff:ff:ff:ff:ff"]
        o = self.get(MAC + "/macs/ff:ff:ff:ff:ff:ff")
        self.assertEqual(o["mac"], "ff:ff:ff:ff:ff:ff")
        self.assertTrue(o["isBroadcast"])
        self.assertEqual(o["allTime"], expected)
        self.assertEqual(o["ips"], [])  # it never sends
        self.assertEqual(o["history"]["rows"], ["rxPackets", "rxBytes", "txPackets", "txBytes"])
        # Upper case and '-' separators name the same MAC.
        self.assertEqual(self.get(MAC + "/macs/FF-FF-FF-FF-FF-FF")["allTime"], expected)

    def test_one_mac_with_its_addresses_protocols_and_arp(self):
        o = self.get(MAC + "/macs/" + PHONE_MAC)
        self.assertEqual(o["vendor"], "Apple, Inc.")
        self.assertEqual(o["allTime"], tshark_eth_endpoints(self.paths[IPHONE])[PHONE_MAC])
        self.assertIn("192.168.2.17", o["ips"])
        sent_from = {ip for (src, ip) in tshark_fields(self.paths[IPHONE], "eth.src", "ip.src",
                                                       display_filter=f"ip and eth.src=={PHONE_MAC}",
                                                       occurrence="f")}  # not addresses quoted by ICMP
        self.assertTrue(sent_from <= set(o["ips"]))
        self.assertEqual(o["outerVlanTags"], [-1])
        types = tshark_ethertypes(self.paths[IPHONE])
        expected = {t: c for (src, t), c in types.items() if src == PHONE_MAC}
        self.assertEqual({p["ethertype"]: p["allTime"][2:4] for p in o["protocols"]}, expected)
        _, _, by_mac = tshark_arp(self.paths[IPHONE])
        self.assertEqual(o["arp"], by_mac[PHONE_MAC])

    def test_protocol_paged_of_every_mac(self):
        for slot, path in enumerate(self.paths):
            types = tshark_ethertypes(path)
            for mac in tshark_eth_endpoints(path):
                got = self.all_items(f"{MAC}/macs/{mac}/protocol_paged", slot, sort="bytes", reverse="true")
                expected = {t: c for (src, t), c in types.items() if src == mac}
                self.assertEqual({p["ethertype"]: p["allTime"][2:4] for p in got}, expected, mac)
                self.assertEqual([p["allTime"][3] for p in got], sorted((c[1] for c in expected.values()),
                                                                        reverse=True))
                self.assertTrue(all(p["allTime"][:2] == [0, 0] for p in got))  # sent, not received

    def test_vlan_paged_gives_the_outer_tags(self):
        expected = collections.defaultdict(set)  # sender → outer tags (-1: untagged)
        for src, vlan in tshark_fields(self.paths[WHOIS], "eth.src", "vlan.id", occurrence="f"):
            expected[src].add(int(vlan) if vlan else -1)
        self.assertEqual(expected["00:08:00:00:00:03"], {1603})
        for mac in tshark_eth_endpoints(self.paths[WHOIS]):
            want = sorted(expected.get(mac, ()))  # a MAC that only received sent on no VLAN
            got = self.all_items(f"{MAC}/macs/{mac}/vlan_paged", WHOIS, sort="outerVlanTag")
            self.assertEqual([v["outerVlanTag"] for v in got], want, mac)
            self.assertEqual(self.get(f"{MAC}/macs/{mac}", WHOIS)["outerVlanTags"], want, mac)

    def test_peers_are_the_ip_traffic_between_two_macs(self):
        for slot in (IPHONE, ANDROID):
            path = self.paths[slot]
            seen = 0
            for mac in tshark_eth_endpoints(path):
                for peer in self.all_items(f"{MAC}/macs/{mac}/peer_paged", slot, count=9999, sort="bytes",
                                           reverse="true"):
                    self.assertEqual(peer["allTime"], tshark_ip_between(path, mac, peer["mac"]),
                                     f"{CAPTURES[slot]} {mac} {peer['mac']}")
                    seen += 1
            self.assertGreater(seen, 0)
        peers = self.get(f"{MAC}/macs/{PHONE_MAC}/peer_paged")["displayedItems"]
        self.assertEqual([p["mac"] for p in peers], [ROUTER_MAC])
        router_peers = self.get(f"{MAC}/macs/{ROUTER_MAC}/peer_paged")["displayedItems"]
        phone = [p for p in router_peers if p["mac"] == PHONE_MAC][0]
        self.assertEqual(phone["dhcpHostName"], "Lucas-iPhone")  # from its DHCP request
        self.assertEqual(phone["ips"], ["192.168.2.17"])

    # ---- EtherTypes over the slot ----

    def test_mac_protocols_match_tshark(self):
        for slot, path in enumerate(self.paths):
            types = tshark_ethertypes(path)
            per_type = collections.defaultdict(lambda: [0, 0])
            senders = collections.defaultdict(set)
            for (src, t), (frames, size) in types.items():
                per_type[t][0] += frames
                per_type[t][1] += size
                senders[t].add(src)
            got = self.all_items(MODULES + "/mac_protocols/mac_protocols_paged", slot, sort="packets",
                                 reverse="true")
            self.assertEqual({p["ethertype"]: p["allTime"] for p in got},
                             {t: [f, b, 0, 0] for t, (f, b) in per_type.items()}, CAPTURES[slot])
            self.assertEqual({p["ethertype"]: p["numberOfMacs"] for p in got},
                             {t: len(s) for t, s in senders.items()})
            generic = self.get(MODULES + "/mac_protocols/generic", slot)
            n = sum(f for f, _ in per_type.values())
            size = sum(b for _, b in per_type.values())
            self.assertEqual(generic["globalCounters"]["allTime"], [n, size, 0, 0])
            self.assertEqual(generic["numberOfProtocols"], len(per_type))
        names = {p["ethertype"]: p["protocol"] for p in self.all_items(
            MODULES + "/mac_protocols/mac_protocols_paged", IPHONE)}
        self.assertEqual(names[0x0800], "IPv4")
        self.assertEqual(names[0x0806], "ARP")
        self.assertEqual(names[0x86DD], "IPv6")
        self.assertEqual(names[0x888E], "EAPOL (802.1X)")
        arp = self.get(MODULES + "/mac_protocols/mac_protocols_paged", filter="arp")
        self.assertEqual([p["ethertype"] for p in arp["displayedItems"]], [0x0806])

    # ---- ARP ----

    def test_arp_matches_tshark(self):
        for slot, path in enumerate(self.paths):
            total, by_ip, by_mac = tshark_arp(path)
            o = self.get(MODULES + "/arp", slot)
            self.assertEqual({k: o[k] for k in total}, total, CAPTURES[slot])
            self.assertEqual(o["numberOfIps"], len(by_ip))
            self.assertEqual(o["numberOfMacs"], len(by_mac))
            ips = self.all_items(MODULES + "/arp/ips", slot)
            self.assertEqual({i["ip"]: {k: i[k] for k in total} for i in ips}, dict(by_ip))
            macs = self.all_items(MODULES + "/arp/macs", slot)
            self.assertEqual({m["mac"]: {k: m[k] for k in total} for m in macs}, dict(by_mac))
        total, by_ip, _ = tshark_arp(self.paths[IPHONE])
        self.assertGreater(total["gratuitous"], 0)
        ordered = self.all_items(MODULES + "/arp/ips", sort="requests", reverse="true")
        self.assertEqual([i["requests"] for i in ordered], sorted((c["requests"] for c in by_ip.values()),
                                                                  reverse=True))
        ordered = self.all_items(MODULES + "/arp/macs", sort="packets", reverse="true")
        self.assertEqual([m["requests"] + m["replies"] for m in ordered],
                         sorted((m["requests"] + m["replies"] for m in ordered), reverse=True))

    # ---- CSV ----

    def test_csv(self):
        expected = tshark_eth_endpoints(self.paths[IPHONE])
        r = self.get(MAC + "/mac_paged", csv="true")
        self.assertTrue(r.headers["Content-Type"].startswith("text/csv"))
        rows = list(csv.reader(io.StringIO(r.text)))
        self.assertEqual(rows[0], ["mac", "vendor", "firstActivity", "lastActivity", "rxPackets", "rxBytes",
                                   "txPackets", "txBytes", "ips"])
        self.assertEqual(len(rows) - 1, len(expected))
        for row in rows[1:]:
            self.assertEqual(list(map(int, row[4:8])), expected[row[0]], row[0])
        phone = [row for row in rows if row[0] == PHONE_MAC][0]
        self.assertIn("192.168.2.17", phone[8].split(" "))
        gz = self.s.get(self.daemon.host + MAC + "/mac_paged", params={"csv": "true", "mm-id": IPHONE},
                        headers={"Accept-Encoding": "gzip"}, timeout=30)
        self.assertEqual(gz.headers.get("Content-Encoding"), "gzip")
        self.assertEqual(gz.text, r.text)

        _, by_ip, _ = tshark_arp(self.paths[IPHONE])
        arp_rows = list(csv.reader(io.StringIO(self.get(MODULES + "/arp/ips", csv="true").text)))
        self.assertEqual(arp_rows[0], ["ip", "vlan", "name", "mac", "requests", "replies", "gratuitous"])
        self.assertEqual({row[0]: int(row[4]) for row in arp_rows[1:]},
                         {ip: c["requests"] for ip, c in by_ip.items()})
        proto_rows = list(csv.reader(io.StringIO(
            self.get(f"{MAC}/macs/{PHONE_MAC}/protocol_paged", csv="true").text)))
        self.assertEqual(proto_rows[0][:2], ["ethertype", "protocol"])
        self.assertEqual(len(proto_rows) - 1, len(self.get(MAC + "/macs/" + PHONE_MAC)["protocols"]))
        peer_rows = list(csv.reader(io.StringIO(
            self.get(f"{MAC}/macs/{PHONE_MAC}/peer_paged", csv="true").text)))
        self.assertEqual([row[0] for row in peer_rows[1:]], [ROUTER_MAC])

    # ---- errors, discovery, rights ----

    def test_unknown_or_malformed_mac_is_404(self):
        for mac in ("00:11:22:33:44:55", "not-a-mac", "c4:61:8b:35:82", "c4:61:8b:35:82:a9:00",
                    "g4:61:8b:35:82:a9"):
            for sub in ("", "/protocol_paged", "/vlan_paged", "/peer_paged"):
                body = self.get(f"{MAC}/macs/{mac}{sub}", status=404)
                self.assertIn("unknown MAC address", body["error"])
        self.get(f"{MAC}/macs/{PHONE_MAC}/country_paged", status=404)  # not this family's, not served

    def test_options_list_exactly_what_is_served(self):
        def options(path):
            r = self.s.options(self.daemon.host + path, timeout=30)
            self.assertEqual(r.status_code, 200, path)
            return sorted(r.json()["subResources"])
        self.assertTrue({"mac", "mac_protocols", "arp"} <= set(options(MODULES)))
        self.assertEqual(options(MAC), ["mac_paged", "macs"])
        self.assertEqual(options(MAC + "/macs"), [":mac"])
        self.assertEqual(options(f"{MAC}/macs/{PHONE_MAC}"), ["peer_paged", "protocol_paged", "vlan_paged"])
        self.assertEqual(options(MODULES + "/mac_protocols"), ["generic", "mac_protocols_paged"])
        self.assertEqual(options(MODULES + "/arp"), ["ips", "macs"])
        for leaf in (MAC, MAC + "/mac_paged", f"{MAC}/macs/{PHONE_MAC}", f"{MAC}/macs/{PHONE_MAC}/peer_paged",
                     f"{MAC}/macs/{PHONE_MAC}/protocol_paged", f"{MAC}/macs/{PHONE_MAC}/vlan_paged",
                     MODULES + "/mac_protocols/mac_protocols_paged", MODULES + "/mac_protocols/generic",
                     MODULES + "/arp", MODULES + "/arp/ips", MODULES + "/arp/macs"):
            self.get(leaf)

    def test_allowed_networks_limit_macs_and_addresses(self):
        r = self.s.post(self.daemon.host + "/API/system/users", timeout=30,
                        json={"name": "macuser", "password": "macuser-pw-1", "role": "user",
                              "allowedNetworks": "192.168.2.17/32"})
        self.assertEqual(r.status_code, 201, r.text)
        user = self.daemon.session("macuser", "macuser-pw-1")
        macs = self.all_items(MAC + "/mac_paged", session=user)
        self.assertEqual([m["mac"] for m in macs], [PHONE_MAC])
        self.assertEqual(macs[0]["ips"], ["192.168.2.17"])
        module = self.get(MAC, session=user)
        self.assertEqual(module["numberOfMacs"], 1)
        self.assertEqual(module["globalCounters"]["allTime"], macs[0]["allTime"])
        self.get(f"{MAC}/macs/{ROUTER_MAC}", status=404, session=user)
        self.get(f"{MAC}/macs/ff:ff:ff:ff:ff:ff", status=404, session=user)
        self.get(f"{MAC}/macs/{ROUTER_MAC}/protocol_paged", status=404, session=user)
        self.assertEqual(self.get(f"{MAC}/macs/{PHONE_MAC}", session=user)["ips"], ["192.168.2.17"])
        # Its peer is the router, whose addresses the user may not see.
        self.assertEqual(self.get(f"{MAC}/macs/{PHONE_MAC}/peer_paged", session=user)["numberOfItems"], 0)
        types = tshark_ethertypes(self.paths[IPHONE])
        protocols = self.all_items(MODULES + "/mac_protocols/mac_protocols_paged", session=user)
        self.assertEqual({p["ethertype"]: p["allTime"][:2] for p in protocols},
                         {t: c for (src, t), c in types.items() if src == PHONE_MAC})
        _, by_ip, _ = tshark_arp(self.paths[IPHONE])
        arp = self.get(MODULES + "/arp", session=user)
        self.assertEqual({k: arp[k] for k in ("requests", "replies", "gratuitous")}, by_ip["192.168.2.17"])
        self.assertEqual([i["ip"] for i in self.all_items(MODULES + "/arp/ips", session=user)],
                         ["192.168.2.17"])
        self.assertEqual([m["mac"] for m in self.all_items(MODULES + "/arp/macs", session=user)], [PHONE_MAC])


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
