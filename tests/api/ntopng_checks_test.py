#!/usr/bin/env python3
"""The ntopng dialect's check configuration and alert exclusions, and the checks of issue 13's second slice
(docs/ntopng/alerts.md), against a real capture and crafted ones.

A blacklist file (FireHOL / Spamhaus DROP format) lists a /24 and one address of quic.pcap (../shared/pcaps):
its blacklisted-flow alerts must be exactly the UDP conversations tshark lists with a listed end, one per
listed end, as blacklisted_server_contact or blacklisted_client_contact. Disabling the check (disable/check.lua)
or excluding a block (add/alert/exclusion.lua) silences it on slots added afterwards. An ICMP flood crafted with
python3-scapy raises ICMP flood once the check is enabled (edit/check/config.lua), as attacker and victim, and
a crafted ARP conflict one MAC/IP reassociation once enabled; crafted DNS errors from one server raise the
DNS errors ratio on that server (on by default), a MAC first seen after the learning period one new-device
alert once enabled; a clean capture raises none of the new checks. Rights and bad input are checked too.

Usage: ntopng_checks_test.py PATH_TO_NETMETER [unittest args]
"""
import collections
import ipaddress
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import warnings

import urllib3

import api_test
import ntopng_support as support
from allegro_support import AnalysisDaemon, need_pcap, tshark

BLACKLISTED_CAPTURE = "quic.pcap"
CLEAN_CAPTURE = "443-chrome.pcap"
LISTED = [ipaddress.ip_network("216.58.210.0/24"), ipaddress.ip_network("192.168.1.105/32")]
BLACKLIST = """# netmeter test list (FireHOL netset style)
#
216.58.210.0/24 ; SBL-like remark
192.168.1.105
not-an-address
"""
SERVER_CONTACT, CLIENT_CONTACT = 13, 9  # ntopng 6.x flow_alert_keys
OTHER_FLOW_CHECKS = {8, 9, 11, 13, 32, 33, 35, 38}  # elephant .. remote-to-local insecure (not nDPI risks)
ICMP_FLOOD = 18
T0 = 1_700_000_100  # the crafted capture's first second

CRAFT_ARP = """
import sys
from scapy.all import ARP, Ether, wrpcap
t0 = int(sys.argv[2])
packets = []
# 10.5.0.9 answers from one MAC, then from another (a conflict or a spoofer); 10.5.0.10 keeps its MAC.
for i, mac in enumerate(["02:00:00:00:00:01", "02:00:00:00:00:01", "02:00:00:00:00:02"]):
    for ip, src in (("10.5.0.9", mac), ("10.5.0.10", "02:00:00:00:00:0a")):
        p = Ether(src=src, dst="ff:ff:ff:ff:ff:ff") / ARP(op=2, hwsrc=src, psrc=ip, hwdst="02:00:00:00:00:ff",
                                                          pdst="10.5.0.1")
        p.time = t0 + i
        packets.append(p)
wrpcap(sys.argv[1], packets)
"""
MAC_IP_CHANGE = 4096 + 16

CRAFT_ICMP = """
import sys
from scapy.all import ICMP, IP, Ether, wrpcap
t0 = int(sys.argv[2])
packets = []
for i in range(300):
    p = Ether() / IP(src="10.7.0.1", dst="10.7.0.2") / ICMP(id=i, seq=1)
    p.time = t0 + i / 1000
    packets.append(p)
for i in range(100):
    p = Ether() / IP(src="10.6.0.1", dst="10.6.0.2") / ICMP(id=i, seq=1)
    p.time = t0 + 1 + i / 1000
    packets.append(p)
wrpcap(sys.argv[1], packets)
"""


CRAFT_DNS = """
import sys
from scapy.all import DNS, DNSQR, IP, UDP, Ether, wrpcap
t0 = int(sys.argv[2])
packets = []
# 20 queries to each server in two seconds: 10.8.0.53 answers NXDOMAIN, 10.8.0.54 answers NOERROR.
for server, rcode in (("10.8.0.53", 3), ("10.8.0.54", 0)):
    for i in range(20):
        name = "n%d.example.com" % i
        q = Ether() / IP(src="10.8.0.7", dst=server) / UDP(sport=30000 + i, dport=53) / DNS(id=i, qd=DNSQR(qname=name))
        r = Ether() / IP(src=server, dst="10.8.0.7") / UDP(sport=53, dport=30000 + i) / DNS(
            id=i, qr=1, rcode=rcode, qd=DNSQR(qname=name))
        q.time = t0 + i / 10
        r.time = t0 + i / 10 + 0.001
        packets += [q, r]
packets.sort(key=lambda p: p.time)
wrpcap(sys.argv[1], packets)
"""
DNS_ERRORS_RATIO = 4096 + 54

CRAFT_DEVICES = """
import sys
from scapy.all import IP, UDP, Ether, Raw, wrpcap
t0 = int(sys.argv[2])
packets = []
a, b, c = "02:00:00:00:0a:01", "02:00:00:00:0a:02", "02:00:00:00:0a:03"
# a and b talk during the first 8 s (the learning period is set to 5 s); c appears at 10 s and again at 11 s.
for i in range(8):
    packets.append(Ether(src=a, dst=b) / IP(src="10.9.0.1", dst="10.9.0.2") / UDP(sport=4000, dport=5000) / Raw(b"x"))
    packets.append(Ether(src=b, dst=a) / IP(src="10.9.0.2", dst="10.9.0.1") / UDP(sport=5000, dport=4000) / Raw(b"y"))
for i in (10, 11):
    packets.append(Ether(src=c, dst=a) / IP(src="10.9.0.3", dst="10.9.0.1") / UDP(sport=4001, dport=5000) / Raw(b"z"))
for n, p in enumerate(packets):
    p.time = t0 + (n // 2 if n < 16 else (10 if n == 16 else 11))
wrpcap(sys.argv[1], packets)
"""
NEW_DEVICE = 4096 + 51


def craft(script, path):
    """Runs a scapy script writing `path`, in this interpreter or Debian's; skips without python3-scapy."""
    for python in (sys.executable, "/usr/bin/python3"):
        if not os.path.exists(python):
            continue
        if subprocess.run([python, "-c", "import scapy.all"], capture_output=True).returncode != 0:
            continue
        subprocess.run([python, "-c", script, path, str(T0)], check=True, capture_output=True, timeout=120)
        return
    raise unittest.SkipTest("python3-scapy not installed")


def listed(ip):
    address = ipaddress.ip_address(ip)
    return any(address in n for n in LISTED)


def tshark_udp_conversations(capture):
    """[frozenset({(ip, port), (ip, port)})] of `tshark -z conv,udp` (IPv4)."""
    out = []
    for line in tshark("-r", capture, "-q", "-z", "conv,udp").splitlines():
        parts = line.split()
        if len(parts) > 3 and parts[1] == "<->":
            a, b = parts[0].rsplit(":", 1), parts[2].rsplit(":", 1)
            out.append(frozenset(((a[0], int(a[1])), (b[0], int(b[1])))))
    return out


def flow_ends(record):
    return frozenset(((record["cli_ip"]["value"], int(record["cli_port"]["value"])),
                      (record["srv_ip"]["value"], int(record["srv_port"]["value"]))))


class NtopngChecksTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        cls.blacklisted = need_pcap(BLACKLISTED_CAPTURE)
        clean = need_pcap(CLEAN_CAPTURE)
        cls.tmp = tempfile.mkdtemp(prefix="nm-checks-")
        blacklist = os.path.join(cls.tmp, "test_drop.netset")
        with open(blacklist, "w") as f:
            f.write(BLACKLIST)
        cls.daemon = AnalysisDaemon(cls.blacklisted, clean, extra=("--blacklist", blacklist, "--max-slots", "32"))
        support.start_daemon(cls.daemon, cls.tmp)
        cls.ntop = support.NtopClient(cls.daemon)
        cls.next_slot = 10

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def post(self, path, client=None, **body):
        client = client or self.ntop
        return client.s.post(self.daemon.host + "/lua/rest/v2/" + path, json=body, timeout=10)

    def ok(self, path, **body):
        r = self.post(path, **body)
        self.assertEqual((r.status_code, r.json()["rc"]), (200, 0), r.text)
        return r.json()["rsp"]

    def upload(self, path):
        """A new upload slot analysing `path`: its id, once it has read everything."""
        slot = type(self).next_slot
        type(self).next_slot += 1
        with open(path, "rb") as f:
            r = self.daemon.session().post(self.daemon.host + "/API/system/analyze-pcap", timeout=60,
                                           params={"replaySlotID": slot, "fileName": os.path.basename(path)},
                                           data=f.read())
        self.assertEqual(r.status_code, 201, r.text)
        self.daemon.wait_slot_finished(slot)
        return slot

    def alerts(self, family, ifid, **params):
        body = self.ntop.call(f"get/{family}/alert/list.lua", ifid=ifid, length=10000, **params).json()
        self.assertEqual(body["rc"], 0, body)
        return body["rsp"]["records"]

    def blacklist_alerts(self, ifid):
        return [r for r in self.alerts("flow", ifid) if r["alert_id"]["value"] in (SERVER_CONTACT, CLIENT_CONTACT)]

    def test_blacklisted_flows_are_exactly_the_listed_conversations(self):
        expected = collections.Counter()
        for ends in tshark_udp_conversations(self.blacklisted):
            for ip, _ in ends:
                if listed(ip):
                    expected[ends] += 1
        self.assertGreaterEqual(len(expected), 5)
        records = self.blacklist_alerts(0)
        self.assertEqual(collections.Counter(flow_ends(r) for r in records), expected)
        for r in records:
            listed_end = r["srv_ip"]["value"] if r["alert_id"]["value"] == SERVER_CONTACT else r["cli_ip"]["value"]
            self.assertTrue(listed(listed_end), r)
            self.assertEqual(r["severity"]["label"], "critical")
            self.assertEqual(r["duration"], 0)
        names = {r["alert_id"]["value"]: r["alert_id"]["label"] for r in records}
        self.assertEqual(names[SERVER_CONTACT], "Blacklisted Server Contact")
        self.assertEqual(names[CLIENT_CONTACT], "Blacklisted Client Contact")
        consts = self.ntop.rsp("get/alert/type/consts.lua")
        self.assertIn({"type": "alert_blacklisted_server_contact", "key": SERVER_CONTACT, "entity": "flow"}, consts)
        self.assertIn({"type": "alert_icmp_flood", "key": ICMP_FLOOD, "entity": "host"}, consts)

    def test_a_clean_capture_raises_none_of_the_new_checks(self):
        self.assertEqual([r for r in self.alerts("flow", 1) if r["alert_id"]["value"] in OTHER_FLOW_CHECKS], [])
        self.assertEqual(self.alerts("host", 1), [])
        self.assertEqual(self.alerts("interface", 1), [])
        self.assertEqual([c for c in self.ntop.rsp("get/alert/type/counters.lua", ifid=1) if c["entity_id"] == 5], [])

    def test_config_reads_for_users_and_writes_for_admins(self):
        config = self.ntop.rsp("get/checks/config.lua")
        self.assertEqual(set(config), {"flow", "host", "interface", "mac"})
        self.assertFalse(config["mac"]["mac_ip_association_change"]["all"]["enabled"])
        self.assertTrue(config["flow"]["blacklisted"]["all"]["enabled"])
        self.assertEqual(config["flow"]["longlived"]["all"]["script_conf"]["threshold"], 1800)
        self.assertEqual(config["flow"]["unexpected_dns"]["all"]["script_conf"]["items"], [])
        self.assertEqual(config["host"]["icmp_flood"]["all"], {"enabled": False, "script_conf": {"threshold": 256,
                                                                                             "items": []}})
        self.assertFalse(config["interface"]["throughput"]["all"]["enabled"])
        # The checks of issue 13's last slice, at ntopng's defaults (the DNS errors ratio's are netmeter's).
        self.assertEqual(config["host"]["score_threshold"]["all"], {"enabled": True, "script_conf": {"threshold": 5000,
                                                                                                 "items": []}})
        self.assertEqual(config["host"]["dns_positive_error_ratio"]["all"],
                         {"enabled": True, "script_conf": {"threshold": 50, "threshold2": 10, "items": []}})
        self.assertEqual(config["interface"]["no_if_activity"]["all"],
                         {"enabled": True, "script_conf": {"threshold": 60, "items": []}})
        self.assertFalse(config["mac"]["unexpected_new_device"]["all"]["enabled"])
        admin = self.daemon.session()
        r = admin.post(self.daemon.host + "/API/system/users", timeout=10,
                       json={"name": "checks-user", "password": "checks-user-pw", "role": "user"})
        self.assertIn(r.status_code, (200, 201), r.text)
        user = support.NtopClient(self.daemon, "checks-user", "checks-user-pw")
        self.assertEqual(user.rsp("get/checks/config.lua"), config)
        for path in ("enable/check.lua", "disable/check.lua", "edit/check/config.lua", "add/alert/exclusion.lua"):
            self.assertEqual(self.post(path, client=user, check_subdir="flow", script_key="longlived",
                                       type="host", alert_addr="10.0.0.1", alert_key="18").status_code, 403, path)
        bad = self.post("enable/check.lua", check_subdir="pool", script_key="longlived")
        self.assertEqual((bad.status_code, bad.json()["rc_str"]), (400, "INVALID_ARGUMENTS"))
        self.assertEqual(self.post("enable/check.lua", check_subdir="flow").status_code, 400)
        self.assertEqual(self.ok("enable/check.lua", check_subdir="flow", script_key="no_such_check"),
                         {"success": False, "error": "no such check"})
        self.assertEqual(self.post("edit/check/config.lua", check_subdir="flow", script_key="unexpected_dns",
                                   items="192.168.1.1,not-ip").status_code, 400)
        self.assertEqual(self.post("edit/check/config.lua", check_subdir="host", script_key="icmp_flood",
                                   threshold="-1").status_code, 400)
        self.assertEqual(self.ntop.rsp("get/checks/config.lua"), config)  # nothing bad was applied

    def test_a_disabled_check_is_not_raised_on_a_new_slot(self):
        self.assertEqual(self.ok("disable/check.lua", check_subdir="flow", script_key="blacklisted"), {"success": True})
        try:
            self.assertFalse(self.ntop.rsp("get/checks/config.lua")["flow"]["blacklisted"]["all"]["enabled"])
            slot = self.upload(self.blacklisted)
            self.assertEqual(self.blacklist_alerts(slot), [])
            self.assertGreater(len(self.alerts("flow", slot)), 0)  # the other checks still run
        finally:
            self.ok("enable/check.lua", check_subdir="flow", script_key="blacklisted")
        slot = self.upload(self.blacklisted)
        self.assertEqual(len(self.blacklist_alerts(slot)), len(self.blacklist_alerts(0)))

    def test_an_exclusion_silences_one_type_for_a_block(self):
        bad = self.post("add/alert/exclusion.lua", type="flow", alert_addr="216.58.210.0/33", alert_key=SERVER_CONTACT)
        self.assertEqual((bad.status_code, bad.json()["rc_str"]), (400, "INVALID_ARGUMENTS"))
        self.assertEqual(self.post("add/alert/exclusion.lua", type="flow", alert_addr="216.58.210.0/24",
                                   alert_key=9999).status_code, 400)
        self.assertEqual(self.post("add/alert/exclusion.lua", type="pool", alert_addr="216.58.210.0/24",
                                   alert_key=SERVER_CONTACT).status_code, 400)
        added = self.ok("add/alert/exclusion.lua", type="flow", alert_addr="216.58.210.0/24", alert_key=SERVER_CONTACT)
        exclusion = added["exclusion_id"]
        try:
            listed_now = self.ntop.rsp("get/alert/exclusion/list.lua")
            self.assertIn({"exclusion_id": exclusion, "type": "flow", "alert_addr": "216.58.210.0/24",
                           "alert_key": SERVER_CONTACT, "alert_name": "Blacklisted Server Contact"}, listed_now)
            slot = self.upload(self.blacklisted)
            records = self.blacklist_alerts(slot)
            self.assertEqual([r for r in records if r["alert_id"]["value"] == SERVER_CONTACT], [])
            before = [r for r in self.blacklist_alerts(0) if r["alert_id"]["value"] == CLIENT_CONTACT]
            self.assertEqual(len(records), len(before))  # the client contacts are another type: still raised
        finally:
            self.ok("delete/alert/exclusion.lua", exclusion_id=exclusion)
        self.assertEqual([e for e in self.ntop.rsp("get/alert/exclusion/list.lua") if e["exclusion_id"] == exclusion],
                         [])
        gone = self.post("delete/alert/exclusion.lua", exclusion_id=exclusion)
        self.assertEqual(gone.json()["rc_str"], "NOT_FOUND")

    def test_icmp_flood_once_enabled(self):
        path = os.path.join(self.tmp, "icmp-flood.pcap")
        craft(CRAFT_ICMP, path)
        quiet = self.upload(path)
        self.assertEqual(self.alerts("host", quiet), [])  # off by default, as in ntopng
        self.assertEqual(self.ok("edit/check/config.lua", check_subdir="host", script_key="icmp_flood",
                                 enabled="true"), {"success": True})
        try:
            slot = self.upload(path)
        finally:
            self.ok("disable/check.lua", check_subdir="host", script_key="icmp_flood")
        records = self.alerts("host", slot)
        got = {(r["ip"]["value"], r["role"]["value"]) for r in records}
        self.assertEqual(got, {("10.7.0.1", "attacker"), ("10.7.0.2", "victim")})  # not the quieter pair
        for r in records:
            self.assertEqual(r["alert_id"]["value"], ICMP_FLOOD)
            self.assertEqual((r["value"], r["threshold"]), (300, 256))
            self.assertEqual((r["tstamp"]["value"], r["duration"]), (T0, 1))

    def test_mac_ip_reassociation_once_enabled(self):
        path = os.path.join(self.tmp, "arp-conflict.pcap")
        craft(CRAFT_ARP, path)
        mac_alerts = lambda slot: [c for c in self.ntop.rsp("get/alert/type/counters.lua", ifid=slot)
                                   if c["entity_id"] == 5]
        self.assertEqual(mac_alerts(self.upload(path)), [])  # off by default, as ntopng's preference
        self.assertEqual(self.ok("enable/check.lua", check_subdir="mac", script_key="mac_ip_association_change"),
                         {"success": True})
        try:
            slot = self.upload(path)
        finally:
            self.ok("disable/check.lua", check_subdir="mac", script_key="mac_ip_association_change")
        got = mac_alerts(slot)
        self.assertEqual([(c["alert_id"], c["count"], c["entity_label"]) for c in got], [(MAC_IP_CHANGE, 1, "mac")])

    def test_dns_errors_ratio_on_the_failing_server(self):
        path = os.path.join(self.tmp, "dns-errors.pcap")
        craft(CRAFT_DNS, path)
        slot = self.upload(path)  # on by default, as ntopng's
        records = self.alerts("host", slot)
        self.assertEqual([(r["alert_id"]["value"], r["ip"]["value"]) for r in records],
                         [(DNS_ERRORS_RATIO, "10.8.0.53")])  # not the server answering NOERROR, not the client
        r = records[0]
        self.assertEqual((r["value"], r["threshold"]), (100, 50))
        self.assertEqual(r["alert_id"]["label"], "DNS Errors Ratio")
        # Judged on its minute (T0 begins one); released with the capture's last second.
        self.assertEqual((r["tstamp"]["value"], r["duration"]), (T0, 2))
        self.assertEqual(r["severity"]["label"], "warning")
        consts = self.ntop.rsp("get/alert/type/consts.lua")
        self.assertIn({"type": "alert_dns_positive_error_ratio", "key": DNS_ERRORS_RATIO, "entity": "host"}, consts)

    def test_new_device_after_the_learning_period_once_enabled(self):
        path = os.path.join(self.tmp, "new-device.pcap")
        craft(CRAFT_DEVICES, path)
        mac_alerts = lambda slot: [(c["alert_id"], c["count"], c["entity_label"])
                                   for c in self.ntop.rsp("get/alert/type/counters.lua", ifid=slot)
                                   if c["entity_id"] == 5]
        self.assertEqual(mac_alerts(self.upload(path)), [])  # off by default, as ntopng's
        config = self.ntop.rsp("get/checks/config.lua")["mac"]["unexpected_new_device"]["all"]
        self.assertEqual(config["script_conf"]["threshold"], 3600)
        self.assertEqual(self.ok("edit/check/config.lua", check_subdir="mac", script_key="unexpected_new_device",
                                 enabled="true", threshold="5"), {"success": True})
        try:
            slot = self.upload(path)
        finally:
            self.ok("edit/check/config.lua", check_subdir="mac", script_key="unexpected_new_device",
                    enabled="false", threshold="3600")
        self.assertEqual(mac_alerts(slot), [(NEW_DEVICE, 1, "mac")])  # c, once; a and b were learnt


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        os.environ.pop(name, None)
    unittest.main(verbosity=2)
