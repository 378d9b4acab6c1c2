#!/usr/bin/env python3
"""Golden answers of the Allegro statistics tree: for a few captures, every JSON answer under
`/API/stats` (found by walking `OPTIONS` as allegro_options_walk_test.py does, with one sample per
parameter segment) is compared with the file checked in under tests/api/golden/allegro/<capture>/.
Separate tests cross-check module totals with tshark.

Usage: allegro_golden_test.py PATH_TO_NETMETER [--update] [unittest args]
       NETMETER_UPDATE_GOLDEN=1 allegro_golden_test.py PATH_TO_NETMETER

With `--update` (or NETMETER_UPDATE_GOLDEN=1) the golden files are rewritten instead of compared.
What is normalised before comparing and writing: tests/api/golden/README.md.
"""
import collections
import json
import os
import shutil
import sys
import tempfile
import unittest
import warnings

import urllib3

import allegro_l7_test as l7
import allegro_support as support
import api_test
import golden_support
from allegro_options_walk_test import Walk

GOLDEN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden", "allegro")
CAPTURES = (
    "1kxun.pcap",  # IPv4 and IPv6, DNS, DHCP, HTTP, TLS, multicast
    "dns-tunnel-iodine.pcap",  # DNS (a tunnel: many names)
    "ja3_lots_of_cipher_suites.pcap",  # 802.1Q in 802.1Q
    "http_ipv6.pcap",  # IPv6 only
)
ROOT = "/API/stats"
# Measurements of the daemon itself (wall clock, CPU, memory), not of the capture: never walked.
SKIPPED = {"/API/stats/load", "/API/stats/time", "/API/async"}
# Sent with every GET: bounds history graphs (the history itself stays in the answer).
GET_PARAMS = {"values": "20"}
# Fields whose values are the wall clock, the daemon's own running time or ids of asynchronous jobs.
# historyExport: how far the export queue has got when the answer is read depends on its thread.
NORMALISED_FIELDS = {"startedAt", "currentTime", "uptimeSec", "asyncID", "asyncUUID", "historyExport"}
UPDATE = os.environ.get("NETMETER_UPDATE_GOLDEN") == "1"


def setUpModule():
    warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)


class StatsWalk(Walk):
    """The options walk below /API/stats, without the resources that measure the daemon, with GET_PARAMS;
    remembers the pattern of every concrete path (`/API/stats/modules/ip/ips/:ip` for `.../ips/10.0.0.1`)."""

    def __init__(self, daemon, slot):
        super().__init__(daemon, slot)
        self.patterns = {}

    def node(self, path, pattern, depth=0, params=None):
        if path in SKIPPED:
            return
        self.patterns.setdefault(path, pattern)
        super().node(path, pattern, depth, params)

    def get(self, path, allowed, params=None):
        super().get(path, allowed, {**GET_PARAMS, **(params or {})})


def render(value):
    return golden_support.render(value, NORMALISED_FIELDS)


def file_name(pattern):
    """The golden file of a path pattern below /API: `stats/modules/ip/ips/@ip/peers.json`."""
    rel = pattern[len("/API/"):]
    return os.path.join(*[s.replace(":", "@") for s in rel.split("/")]) + ".json"


def no_geolocation(tmp):
    """Daemon arguments that leave geolocation out: an empty --geoip-dir (otherwise the daemon reads the
    databases scripts/setup installed, if any, and the answers would depend on the machine)."""
    path = os.path.join(tmp, "no-geoip")
    os.makedirs(path, exist_ok=True)
    return ("--geoip-dir", path)


def walk_capture(capture):
    """{golden file name: rendered answer} of one capture, walked in a daemon of its own."""
    with tempfile.TemporaryDirectory() as tmp, support.AnalysisDaemon(capture, extra=no_geolocation(tmp)) as daemon:
        walk = StatsWalk(daemon, 0)
        walk.run(ROOT)
    if walk.problems:
        raise AssertionError("\n".join(walk.problems))
    files = {file_name(walk.patterns[path]): render(answer) for path, answer in walk.answers.items()}
    files["_samples.json"] = json.dumps(walk.sampled, indent=1, sort_keys=True) + "\n"
    return files


class GoldenAnswers(unittest.TestCase):
    def check_capture(self, name):
        capture = support.need_pcap(name)
        files = walk_capture(capture)
        golden_support.check_golden(self, name, os.path.join(GOLDEN_DIR, name), files, UPDATE)

    def test_1kxun(self):
        self.check_capture(CAPTURES[0])

    def test_dns_tunnel_iodine(self):
        self.check_capture(CAPTURES[1])

    def test_ja3_vlans(self):
        self.check_capture(CAPTURES[2])

    def test_http_ipv6(self):
        self.check_capture(CAPTURES[3])


class TsharkCrossChecks(unittest.TestCase):
    """Module totals of the same captures (one slot each) against tshark. The DNS rules are
    allegro_l7_test.py's, whose helpers are borrowed."""

    get = l7.AllegroL7Test.get
    all_items = l7.AllegroL7Test.all_items
    dns_oracle = l7.AllegroL7Test.dns_oracle
    check_dns = l7.AllegroL7Test.check_dns

    @classmethod
    def setUpClass(cls):
        cls.paths = [support.need_pcap(c) for c in CAPTURES]
        support.tshark("-v")  # skips without tshark
        cls.tmp = tempfile.mkdtemp(prefix="nm-golden-")
        cls.daemon = support.AnalysisDaemon(*cls.paths, extra=no_geolocation(cls.tmp))
        try:
            cls.daemon.start()
        except Exception:
            cls.daemon.stop()
            shutil.rmtree(cls.tmp, ignore_errors=True)
            raise
        cls.http = cls.daemon.session()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_ip_totals_equal_tshark_endpoints(self):
        for slot, name in enumerate(CAPTURES):
            with self.subTest(capture=name):
                got = collections.defaultdict(lambda: [0, 0, 0, 0])
                for item in self.all_items("/ip/ips_paged", slot):  # one row per (ip, vlan)
                    got[item["ip"]] = [a + b for a, b in zip(got[item["ip"]], item["allTime"])]
                expected = {ip: [e["rx_packets"], e["rx_bytes"], e["tx_packets"], e["tx_bytes"]]
                            for ip, e in support.tshark_ip_endpoints(self.paths[slot]).items()}
                self.assertEqual(dict(got), expected)

    def test_port_totals_equal_tshark_tcp_and_udp_bytes(self):
        for slot, name in enumerate(CAPTURES):
            for proto in ("tcp", "udp"):
                with self.subTest(capture=name, proto=proto):
                    # ICMP errors quoting a datagram count under ICMP, not under the quoted port.
                    lengths = l7.tshark_rows(self.paths[slot], f"{proto} and not icmp and not icmpv6", "frame.len")
                    items = self.all_items(f"/l4_ports/{proto}_ports_paged", slot)
                    self.assertEqual(sum(i["allTime"][0] + i["allTime"][2] for i in items), len(lengths))
                    self.assertEqual(sum(i["allTime"][1] + i["allTime"][3] for i in items),
                                     sum(int(r[0]) for r in lengths))
                    root = self.get("/l4_ports", slot, history="false")
                    self.assertEqual(root[proto]["allTime"][1] + root[proto]["allTime"][3],
                                     sum(int(r[0]) for r in lengths))

    def test_dns_counts_equal_tshark_dns_tree(self):
        with_dns = [slot for slot, p in enumerate(self.paths)
                    if l7.tree_counts(support.tshark("-r", p, "-q", "-z", "dns,tree")).get("Query", (0,))[0]]
        self.assertIn(CAPTURES.index("dns-tunnel-iodine.pcap"), with_dns)
        for slot in with_dns:
            with self.subTest(capture=CAPTURES[slot]):
                self.check_dns(slot)


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    if "--update" in sys.argv:
        sys.argv.remove("--update")
        UPDATE = True
    unittest.main(verbosity=2)
