#!/usr/bin/env python3
"""The ntopng dialect's interface family (docs/ntopng/interface.md): get/interface/data, address,
l7/stats, dscp/stats, the top talkers and get/flow/l4|l7/counters, called the way ntop's Python client
calls them, against a daemon analysing two real captures, with tshark, nDPI's reference results and the
Allegro dialect as the oracles.

Usage: ntopng_interface_test.py PATH_TO_NETMETER [unittest args]
"""
import collections
import ipaddress
import os
import re
import sys
import unittest

for _name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
    os.environ.pop(_name, None)

import api_test  # noqa: E402
import ntopng_support as support  # noqa: E402
from allegro_support import PCAP_DIR  # noqa: E402

RESULT_DIR = os.path.join(os.path.dirname(PCAP_DIR), "result")
# skype: five local hosts of 192.168.1.0/24, TCP, UDP, ICMP, IGMP, several DSCP classes;
# KakaoTalk_talk: applications nDPI names through masters (TLS.KakaoTalk, DNS.Facebook, HTTP.QQ).
CAPTURES = ["skype.pcap", "KakaoTalk_talk.pcap"]
OVERHEAD = 24
CS_LABELS = ["Best Effort (CS0)", "Priority (CS1)", "Immediate (CS2)", "Flash (CS3)", "Flash Override (CS4)",
             "Critical (CS5)", "Internetwork Control (CS6)", "Network Control (CS7)"]


def ndpi_summary(capture):
    """{application: flows} from the summary of nDPI's reference result (`name packets bytes flows`)."""
    out = {}
    with open(os.path.join(RESULT_DIR, capture + ".out")) as f:
        for line in f:
            m = re.match(r"^\t?([A-Za-z0-9_.\-]+)\t+(\d+)\t+(\d+)\t+(\d+)\s*$", line)
            if m:
                out[m.group(1)] = int(m.group(4))
    return out


def tshark_conversations(capture, proto):
    return sum(1 for line in support.tshark("-r", capture, "-q", "-z", f"conv,{proto}").splitlines()
               if "<->" in line)


def dscp_class(dscp):
    """ntopng's class of a DSCP value."""
    if dscp == 1:
        return "LE"
    cls, low = dscp >> 3, dscp & 7
    if low == 0 or (1 <= cls <= 4 and low in (2, 4, 6)) or dscp == 46:
        return CS_LABELS[cls]
    return "Unknown"


def collapse(slices, keep, threshold_pct):
    """ntopng's collapse_stats over {label: value}."""
    ordered = sorted(slices.items(), key=lambda kv: (-kv[1], kv[0]))
    total = sum(slices.values())
    out, other = [], 0
    for i, (label, value) in enumerate(ordered):
        if i < keep or value >= total * threshold_pct / 100:
            out.append({"label": label, "value": value})
        else:
            other += value
    return out + [{"label": "Other", "value": other}] if ordered else []


class InterfaceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.paths = [support.need_pcap(c) for c in CAPTURES]
        support.tshark("-v")  # skips without tshark
        cls.daemon = support.AnalysisDaemon(*cls.paths).start()
        cls.ntop = support.NtopClient(cls.daemon)
        cls.ifid = {s["name"]: s["id"] for s in cls.daemon.get("/API/stats/processing")["slots"]}

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    def rsp(self, path, capture, **params):
        return self.ntop.rsp(path, ifid=self.ifid[capture], **params)

    def assertError(self, r, status, rc_str):
        self.assertEqual(r.status_code, status, r.text)
        body = r.json()
        self.assertEqual(body["rc_str"], rc_str, body)
        self.assertEqual(body["rsp"], [])

    # ---- get/interface/data.lua ----

    def test_data_totals_equal_capinfos_and_the_allegro_dialect(self):
        for capture, path in zip(CAPTURES, self.paths):
            d = self.rsp("get/interface/data.lua", capture)
            self.assertEqual(d["ifid"], str(self.ifid[capture]))  # echoed as a string
            self.assertEqual(d["ifname"], capture)
            frames = support.tshark("-r", path, "-T", "fields", "-e", "frame.len").split()
            self.assertEqual(d["packets"], len(frames))
            self.assertEqual(d["bytes"], sum(map(int, frames)) + OVERHEAD * len(frames))
            allegro = self.daemon.get("/API/stats/interfaces", **{"mm-id": self.ifid[capture]})
            rx_p, rx_b, tx_p, tx_b = allegro["interfaces"][0]["allTime"]
            self.assertEqual(d["packets"], rx_p + tx_p)
            self.assertEqual(d["bytes"], rx_b + tx_b + OVERHEAD * (rx_p + tx_p))
            last = allegro["interfaces"][0]["lastSecond"]
            self.assertEqual(d["throughput_pps"], last[0] + last[2])
            self.assertEqual(d["throughput_bps"], last[1] + last[3] + OVERHEAD * (last[0] + last[2]))
            self.assertEqual(d["throughput"]["download"]["pps"] + d["throughput"]["upload"]["pps"],
                             d["throughput_pps"])
            ip = self.daemon.get("/API/stats/modules/ip", **{"mm-id": self.ifid[capture]})
            self.assertEqual(ip["globalCounters"]["allTime"], allegro["interfaces"][0]["allTime"])
            tcp = ip["tcpStats"]
            self.assertEqual(d["tcpPacketStats"], {"retransmissions": tcp["retransmissions"],
                                                   "out_of_order": tcp["outOfOrder"], "lost": tcp["lostSegments"]})
            self.assertEqual(d["local2remote"], sum(ip["traffic"]["localToRemote"][1::2]))
            self.assertEqual(d["remote2local"], sum(ip["traffic"]["remoteToLocal"][1::2]))
            self.assertEqual(d["num_hosts"], ip["numberOfIps"])

    def test_data_shapes_and_counts(self):
        d = self.rsp("get/interface/data.lua", "skype.pcap")
        for key in ("packets", "bytes", "drops", "throughput_bps", "throughput_pps", "num_flows", "num_hosts",
                    "num_local_hosts", "num_devices", "epoch", "uptime_sec", "hosts_pctg", "local2remote",
                    "remote2local", "periodic_stats_update_frequency_secs"):
            self.assertIsInstance(d[key], int, key)
        self.assertIsInstance(d["localtime"], str)
        self.assertRegex(d["localtime"], r"^\d\d:\d\d:\d\d [+-]\d{4}$")
        self.assertIsInstance(d["uptime"], str)
        self.assertEqual(set(d["throughput"]), {"download", "upload"})
        self.assertEqual(set(d["throughput"]["download"]), {"bps", "pps"})
        self.assertNotIn("speed", d)  # libpcap does not tell it: absent, not invented
        # A capture file's flows all stay (ntopng does not purge pcap flows): as many as tshark's conversations.
        path = self.paths[0]
        l4 = {c["id"]: c["count"] for c in self.rsp("get/flow/l4/counters.lua", "skype.pcap")}
        self.assertEqual(d["num_flows"], sum(l4.values()))
        # The five 192.168.1.x unicast hosts, local by ntopng's default networks.
        local = {a for a in support.tshark_ip_endpoints(path)
                 if ipaddress.ip_address(a) in ipaddress.ip_network("192.168.1.0/24")
                 or ipaddress.ip_address(a) in ipaddress.ip_network("fe80::/10")}
        self.assertEqual(d["num_local_hosts"], len(local))
        # Devices: the stations' MACs, source or destination; broadcast and multicast ones are no devices.
        macs = set(support.tshark("-r", path, "-T", "fields", "-e", "eth.src", "-e", "eth.dst").split())
        self.assertEqual(d["num_devices"], len([m for m in macs if not int(m[:2], 16) & 1]))

    def test_data_for_all_interfaces_and_by_iffilter(self):
        every = self.ntop.rsp("get/interface/data.lua", iffilter="all")
        self.assertEqual(set(every), {str(i) for i in self.ifid.values()})
        one = self.ntop.rsp("get/interface/data.lua", iffilter=self.ifid["KakaoTalk_talk.pcap"])
        self.assertEqual(one["ifid"], str(self.ifid["KakaoTalk_talk.pcap"]))
        for key in ("packets", "bytes", "num_flows", "num_hosts"):
            self.assertEqual(every[one["ifid"]][key], one[key])
        # v1, a POSTed JSON body as in ntopng's own examples (a number given, a string echoed), errors.
        self.assertEqual(self.ntop.rsp("get/interface/data.lua", "v1", ifid=0)["ifid"], "0")
        r = self.ntop.s.post(f"{self.daemon.host}/lua/rest/v2/get/interface/data.lua", json={"ifid": 1}, timeout=30)
        self.assertEqual(r.status_code, 200, r.text)
        self.assertEqual(r.json()["rsp"]["ifid"], "1")
        r = self.ntop.s.post(f"{self.daemon.host}/lua/rest/v1/get/flow/l4/counters.lua", json={"ifid": str(self.ifid["skype.pcap"])},
                             timeout=30)
        self.assertEqual(r.json()["rsp"], self.rsp("get/flow/l4/counters.lua", "skype.pcap"))
        self.assertError(self.ntop.call("get/interface/data.lua"), 400, "INVALID_INTERFACE")
        self.assertError(self.ntop.call("get/interface/data.lua", ifid=99), 400, "INVALID_INTERFACE")
        self.assertError(self.ntop.call("get/interface/data.lua", ifid="x"), 400, "INVALID_INTERFACE")

    def test_address_of_a_capture_file_is_empty(self):
        self.assertEqual(self.rsp("get/interface/address.lua", "skype.pcap"), {"addresses": []})
        self.assertError(self.ntop.call("get/interface/address.lua"), 400, "INVALID_INTERFACE")

    # ---- get/flow/l4|l7/counters.lua ----

    def test_l4_counters_equal_tshark_conversations(self):
        for capture, path in zip(CAPTURES, self.paths):
            counts = self.rsp("get/flow/l4/counters.lua", capture)
            self.assertEqual([c["id"] for c in counts], sorted(c["id"] for c in counts))
            by_id = {c["id"]: c["count"] for c in counts}
            self.assertEqual(by_id.get(6, 0), tshark_conversations(path, "tcp"), capture)
            self.assertEqual(by_id.get(17, 0), tshark_conversations(path, "udp"), capture)

    def test_l7_counters_equal_the_ndpi_reference(self):
        for capture in CAPTURES:
            counts = self.rsp("get/flow/l7/counters.lua", capture)
            self.assertEqual([c["name"] for c in counts], sorted(c["name"] for c in counts))
            self.assertEqual({c["name"]: c["count"] for c in counts}, ndpi_summary(capture), capture)
        self.assertError(self.ntop.call("get/flow/l7/counters.lua", ifid=7), 400, "INVALID_INTERFACE")

    # ---- get/interface/l7/stats.lua ----

    def test_l7_count_mode(self):
        flows = ndpi_summary("KakaoTalk_talk.pcap")
        total = sum(flows.values())
        top = sorted(flows.items(), key=lambda kv: (-kv[1], kv[0]))
        expected = [{"label": k, "value": v} for k, v in top[:5] if v > total * 3 / 100]
        rest = total - sum(e["value"] for e in expected)
        expected.append({"label": "Other", "value": rest})
        got = self.rsp("get/interface/l7/stats.lua", "KakaoTalk_talk.pcap", ndpistats_mode="count")
        self.assertEqual(got, expected)
        # breed is ignored in count mode, max_values widens it, all_values shows every application.
        self.assertEqual(self.rsp("get/interface/l7/stats.lua", "KakaoTalk_talk.pcap", ndpistats_mode="count",
                                  breed="true"), expected)
        two = self.rsp("get/interface/l7/stats.lua", "KakaoTalk_talk.pcap", ndpistats_mode="count", max_values=2)
        self.assertEqual(two[:2], expected[:2])
        self.assertEqual(two[2], {"label": "Other", "value": total - expected[0]["value"] - expected[1]["value"]})
        every = self.rsp("get/interface/l7/stats.lua", "KakaoTalk_talk.pcap", ndpistats_mode="count",
                         all_values="true")
        self.assertEqual(sum(e["value"] for e in every), total)
        self.assertNotIn("Other", [e["label"] for e in every])

    def test_l7_since_startup_bytes(self):
        d = self.rsp("get/interface/data.lua", "KakaoTalk_talk.pcap")
        frame_bytes = d["bytes"] - OVERHEAD * d["packets"]
        for params in ({}, {"breed": "true"}, {"ndpi_category": "true"}):
            got = self.rsp("get/interface/l7/stats.lua", "KakaoTalk_talk.pcap", ndpistats_mode="sinceStartup",
                           **params)
            self.assertEqual(got[-1]["label"], "Other")
            # Every IP frame of this capture is in a flow: the slices add up to all of them.
            self.assertEqual(sum(s["value"] for s in got), frame_bytes, params)
            values = [s["value"] for s in got[:-1]]
            self.assertEqual(values, sorted(values, reverse=True))
            self.assertTrue(all(v >= frame_bytes * 3 / 100 for v in values[1:]))
        plain = self.rsp("get/interface/l7/stats.lua", "KakaoTalk_talk.pcap", ndpistats_mode="sinceStartup",
                         collapse_stats="false")
        self.assertNotIn("Other", [s["label"] for s in plain])
        self.assertEqual(plain[0], {"label": "RTP", "value": 398751})  # nDPI's reference: RTP's bytes
        # HTTP.QQ counts as QQ, DNS.Facebook as DNS (an informative master), TLS.KakaoTalk as KakaoTalk.
        labels = {s["label"]: s["value"] for s in plain}
        self.assertTrue({"QQ", "DNS", "KakaoTalk"} <= set(labels), labels)
        self.assertEqual(labels["DNS"], 79 + 118)  # the reference's one DNS.Facebook flow
        breeds = self.rsp("get/interface/l7/stats.lua", "KakaoTalk_talk.pcap", ndpistats_mode="sinceStartup",
                          breed="true", collapse_stats="false")
        self.assertTrue({s["label"] for s in breeds} <= {"Safe", "Acceptable", "Fun", "Unsafe",
                                                        "Potentially Dangerous", "Dangerous", "Unrated"}, breeds)

    def test_l7_stats_errors(self):
        for mode in (None, "host", "bytes"):
            params = {"ndpistats_mode": mode} if mode else {}
            self.assertError(self.ntop.call("get/interface/l7/stats.lua", ifid=0, **params), 400,
                             "INVALID_ARGUMENTS")
        self.assertError(self.ntop.call("get/interface/l7/stats.lua", ifid=0, ndpistats_mode="count",
                                        max_values="many"), 400, "INVALID_ARGUMENTS")
        self.assertError(self.ntop.call("get/interface/l7/stats.lua", ndpistats_mode="count"), 400,
                         "INVALID_INTERFACE")

    # ---- get/interface/dscp/stats.lua ----

    def test_dscp_equals_tshark(self):
        path = self.paths[0]
        classes = collections.Counter()
        out = support.tshark("-r", path, "-T", "fields", "-e", "ip.dsfield.dscp", "-e", "ipv6.tclass.dscp")
        for line in out.splitlines():
            v4, _, v6 = line.partition("\t")
            value = (v4 or v6).split(",")[0]  # the outer header's
            if value:
                classes[dscp_class(int(value))] += 1
        got = self.rsp("get/interface/dscp/stats.lua", "skype.pcap")
        self.assertEqual(got, collapse(dict(classes), 1, 1))
        self.assertEqual(got[0]["label"], "Best Effort (CS0)")

    # ---- broadcast domains ----

    def test_broadcast_domains_from_arp(self):
        """Every ARP packet between two IPv4 addresses shows the smallest network holding both (at most a
        /28, at least a /16; no probes, self-queries or link-local), counted from tshark's ARP fields."""
        rows = support.tshark("-r", self.paths[0], "-Y", "arp", "-T", "fields",
                              "-e", "arp.src.proto_ipv4", "-e", "arp.dst.proto_ipv4")
        expected = collections.Counter()
        for line in rows.splitlines():
            s, t = (int(ipaddress.IPv4Address(a)) for a in line.split("\t"))
            if s == 0 or s == t or (s >> 16) == 0xA9FE or (t >> 16) == 0xA9FE:
                continue
            prefix = min(28, 32 - (s ^ t).bit_length())
            if prefix >= 16:
                expected[str(ipaddress.IPv4Network((s & (0xFFFFFFFF << (32 - prefix)) & 0xFFFFFFFF, prefix)))] += 1
        self.assertTrue(expected, "skype.pcap has ARP between IPv4 addresses")
        got = self.rsp("get/interface/bcast_domains.lua", "skype.pcap")["bcast_domains"]
        self.assertEqual({net: d["hits"] for net, d in got.items()}, dict(expected))
        local = ipaddress.ip_network("192.168.1.0/24")  # the default local networks hold them
        for net, d in got.items():
            self.assertEqual(d["ghost_network"], not ipaddress.ip_network(net).subnet_of(local), net)
        self.assertEqual(self.rsp("get/interface/bcast_domains.lua", "KakaoTalk_talk.pcap"), {"bcast_domains": {}})

    # ---- top talkers ----

    def test_top_talkers(self):
        path = self.paths[0]
        endpoints = support.tshark_ip_endpoints(path)

        networks = [ipaddress.ip_network(n) for n in ("192.168.1.0/24", "127.0.0.0/8", "fe80::/10")]

        def in_local_networks(a):
            return any(ipaddress.ip_address(a) in n for n in networks)

        def local(a):  # ntopng's local hosts are unicast ones
            ip = ipaddress.ip_address(a)
            broadcast = ip.version == 4 and any(ip == n.broadcast_address for n in networks if n.version == 4)
            return in_local_networks(a) and not ip.is_multicast and not broadcast

        def side_of(a):
            return "local" if local(a) else "remote" if not in_local_networks(a) else None

        for side, want_local in (("local", True), ("remote", False)):
            for base, version in (("get/interface", "v2"), ("get/host", "v1")):
                r = self.ntop.s.get(f"{self.daemon.host}/lua/pro/rest/{version}/{base}/top/{side}/talkers.lua",
                                    params={"ifid": self.ifid["skype.pcap"]}, timeout=30)
                self.assertEqual(r.status_code, 200, r.text)
                talkers = r.json()["rsp"]
                self.assertLessEqual(len(talkers), 10)
                ranked = sorted((e for a, e in endpoints.items() if side_of(a) == side),
                                key=lambda e: -e["bytes"])
                self.assertEqual([t["value"] for t in talkers], [e["bytes"] for e in ranked[:10]])
                for t in talkers:
                    self.assertEqual(local(t["ip"]), want_local)
                    e = endpoints[t["ip"]]
                    self.assertEqual(t["bytes"], {"sent": e["tx_bytes"], "rcvd": e["rx_bytes"]})
                    self.assertIsInstance(t["throughput"], int)
                    self.assertIsInstance(t["name"], str)

    # ---- a user limited to some networks ----

    def test_restricted_user_counts_only_its_hosts(self):
        admin = self.daemon.session()
        r = admin.post(self.daemon.host + "/API/system/users",
                       json={"name": "lan-only", "password": "lan-only-pw-1", "role": "user",
                             "allowedNetworks": ["192.168.1.0/24"]}, timeout=30)
        self.assertEqual(r.status_code, 201, r.text)
        try:
            user = support.NtopClient(self.daemon, "lan-only", "lan-only-pw-1")
            skype = self.ifid["skype.pcap"]
            d = user.rsp("get/interface/data.lua", ifid=skype)
            lan = [a for a in support.tshark_ip_endpoints(self.paths[0])
                   if ipaddress.ip_address(a) in ipaddress.ip_network("192.168.1.0/24")]
            self.assertEqual(d["num_hosts"], len(lan))
            self.assertEqual(d["num_local_hosts"], len(lan))
            everything = self.rsp("get/interface/data.lua", "skype.pcap")
            self.assertLess(d["num_flows"], everything["num_flows"])
            self.assertLessEqual(d["num_devices"], everything["num_devices"])
            # The tables' load is a figure over every host: not shown. The interface's own totals stay whole.
            self.assertNotIn("hosts_pctg", d)
            self.assertIn("hosts_pctg", everything)
            self.assertEqual(d["bytes"], everything["bytes"])
            counts = user.rsp("get/flow/l4/counters.lua", ifid=skype)
            self.assertEqual(sum(c["count"] for c in counts), d["num_flows"])
            for side in ("local", "remote"):
                for t in user.rsp(f"get/interface/top/{side}/talkers.lua", ifid=skype):
                    self.assertIn(ipaddress.ip_address(t["ip"]), ipaddress.ip_network("192.168.1.0/24"))
            self.assertEqual(user.rsp("get/interface/top/remote/talkers.lua", ifid=skype), [])
        finally:
            admin.delete(self.daemon.host + "/API/system/users/lan-only", timeout=30)


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2, warnings="ignore")
