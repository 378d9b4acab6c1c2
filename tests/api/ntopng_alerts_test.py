#!/usr/bin/env python3
"""The ntopng dialect's alerts (docs/ntopng/alerts.md) against real and crafted captures.

Flow alerts: one daemon analyses captures of ../shared/pcaps whose flows' nDPI risks are listed in nDPI's
reference results (result/*.out, "[Risk: ** name ** ...]"); get/flow/alert/list.lua must hold exactly one
alert per (flow, risk) of the reference, named as nDPI names the risk, with ntopng 6.x's id (the risk's
number) and nDPI's risk score. A capture without risks raises nothing. Host alerts: a SYN flood crafted with
scapy (skipped when python3-scapy is absent) raises SYN flood, SYN scan and flow flood, as attacker and as
victim, once each, with their packet times and duration; a quieter pair of hosts raises nothing. Counters,
paging, acknowledge/delete, rights and a user limited to some networks are checked too.

Usage: ntopng_alerts_test.py PATH_TO_NETMETER [unittest args]
"""
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import warnings

import urllib3

import api_test
import ntopng_support as support
from allegro_support import PCAP_DIR, AnalysisDaemon, need_pcap

RESULTS = os.path.join(os.path.dirname(PCAP_DIR), "result")
# Captures whose flows netmeter's nDPI setup classifies as the reference did (other captures differ by the
# reader's configuration: malicious JA3 and risky-domain lists, guessing), covering thirteen risk classes.
RISK_CAPTURES = ("ftp.pcap", "selfsigned.pcap", "bad-dns-traffic.pcap", "dns_exfiltration.pcap",
                 "dns-tunnel-iodine.pcap", "dns-invalid-chars.pcap", "dns_fragmented.pcap", "android.pcap",
                 "anydesk.pcap", "bitcoin.pcap", "dtls2.pcap", "doq.pcapng", "EAQ.pcap")
CLEAN_CAPTURE = "443-chrome.pcap"  # no risk in the reference
CHANGED_CAPTURE = "selfsigned.pcap"  # again, in its own slot: its alerts are acknowledged and deleted
FLOW_LINE = re.compile(r"^\s+\d+\s+\S+ (\S+) <-> (\S+) .*?\[Risk: ((?:\*\* .*? \*\*)+)\](?:\[Risk Score: (\d+)\])?")
T0 = 1_700_000_040  # the crafted capture's first second (a minute boundary)


def endpoint(text):
    """("ip", port) of "1.2.3.4:80" or "[2001:db8::1]:80"."""
    ip, port = (text[1:].rsplit("]:", 1) if text.startswith("[") else text.rsplit(":", 1))
    return ip, int(port)


def reference_risks(capture):
    """{(flow ends, risk name): count} and {flow ends: risk score} from nDPI's reference results."""
    risks, scores = collections.Counter(), {}
    with open(os.path.join(RESULTS, capture + ".out"), errors="replace") as f:
        for line in f:
            m = FLOW_LINE.match(line)
            if not m:
                continue
            ends = frozenset((endpoint(m.group(1)), endpoint(m.group(2))))
            for risk in re.findall(r"\*\* (.*?) \*\*", m.group(3)):
                risks[(ends, risk)] += 1
            if m.group(4):
                scores[ends] = int(m.group(4))
    return risks, scores


def flow_ends(record):
    return frozenset(((record["cli_ip"]["value"], int(record["cli_port"]["value"])),
                      (record["srv_ip"]["value"], int(record["srv_port"]["value"]))))


CRAFT = """
import sys
from scapy.all import IP, TCP, Ether, wrpcap
t0 = int(sys.argv[2])
packets = []
for i in range(300):
    p = Ether() / IP(src="10.9.0.1", dst="10.9.0.2") / TCP(sport=20000 + i, dport=80, flags="S")
    p.time = t0 + i / 1000
    packets.append(p)
for i in range(100):
    p = Ether() / IP(src="10.8.0.1", dst="10.8.0.2") / TCP(sport=30000 + i, dport=443, flags="S")
    p.time = t0 + 1 + i / 1000
    packets.append(p)
wrpcap(sys.argv[1], packets)
"""


def craft_syn_flood(path):
    """A capture with 300 SYNs from 10.9.0.1 to 10.9.0.2:80 (each from its own port, none answered) in
    second T0, and 100 from 10.8.0.1 to 10.8.0.2 in the next second: only the first pair crosses ntopng's
    default thresholds (256 SYN/s, 256 unanswered SYN/min, 256 new flows/s). Made with scapy, in this
    interpreter or else in Debian's (where python3-scapy installs); skips when neither has it."""
    for python in (sys.executable, "/usr/bin/python3"):
        if not os.path.exists(python):
            continue
        if subprocess.run([python, "-c", "import scapy.all"], capture_output=True).returncode != 0:
            continue
        subprocess.run([python, "-c", CRAFT, path, str(T0)], check=True, capture_output=True, timeout=120)
        return
    raise unittest.SkipTest("python3-scapy not installed")


class NtopngAlertsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        paths = [need_pcap(c) for c in RISK_CAPTURES + (CLEAN_CAPTURE, CHANGED_CAPTURE)]
        cls.tmp = tempfile.mkdtemp(prefix="nm-alerts-")
        cls.syn_capture = None
        try:
            crafted = os.path.join(cls.tmp, "syn-flood.pcap")
            craft_syn_flood(crafted)
            cls.syn_capture = crafted
            paths.append(crafted)
        except unittest.SkipTest:
            pass
        # Three workers per slot: the SYN flood is spread over them and must still be counted whole.
        cls.daemon = AnalysisDaemon(*paths, extra=("--max-slots", "32", "--workers", "3"))
        support.start_daemon(cls.daemon, cls.tmp)
        cls.ntop = support.NtopClient(cls.daemon)
        cls.clean_ifid = len(RISK_CAPTURES)
        cls.changed_ifid = len(RISK_CAPTURES) + 1
        cls.syn_ifid = len(RISK_CAPTURES) + 2

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def flow_alerts(self, ifid, client=None, **params):
        body = (client or self.ntop).call("get/flow/alert/list.lua", ifid=ifid, length=10000, **params).json()
        self.assertEqual(body["rc"], 0, body)
        return body

    def test_every_reference_risk_is_one_flow_alert(self):
        for ifid, capture in enumerate(RISK_CAPTURES):
            with self.subTest(capture=capture):
                expected, scores = reference_risks(capture)
                self.assertTrue(expected, "the reference lists risks")
                body = self.flow_alerts(ifid)
                records = body["rsp"]["records"]
                self.assertEqual(body["recordsFiltered"], len(records))
                got = collections.Counter((flow_ends(r), r["alert_id"]["label"]) for r in records)
                self.assertEqual(got, expected)
                for r in records:
                    self.assertEqual(r["family"], "flow")
                    self.assertEqual(r["msg"]["value"], r["alert_id"]["value"])
                    self.assertEqual(r["duration"], 0)  # flow alerts are one-shot
                    self.assertGreater(r["score"]["value"], 0)
                    if flow_ends(r) in scores:  # the flow's score is nDPI's score of all its risks
                        self.assertEqual(r["flow_risk"]["score"], scores[flow_ends(r)])
                    self.assertIn("host " + r["cli_ip"]["value"], r["filter"]["bpf"])

    def test_ids_names_and_severities_follow_ntopng(self):
        records = self.flow_alerts(RISK_CAPTURES.index("ftp.pcap"))["rsp"]["records"]
        by_id = {r["alert_id"]["value"]: r for r in records}
        # ntopng 6.x: a risk's alert id is its FlowRiskAlerts one (clear-text credentials 62, unsafe protocol 52,
        # known protocol on a non-standard port 30); severity from the score (notice from 10,
        # warning from 50, error from 100).
        self.assertEqual(by_id[62]["alert_id"]["label"], "Clear-Text Credentials")
        self.assertEqual(by_id[62]["score"]["value"], 100)
        self.assertEqual(by_id[62]["severity"], {"value": 5, "label": "error"})
        self.assertEqual(by_id[52]["alert_id"]["label"], "Unsafe Protocol")
        self.assertEqual(by_id[52]["severity"], {"value": 3, "label": "notice"})
        self.assertEqual(by_id[30]["severity"], {"value": 4, "label": "warning"})
        consts = self.ntop.rsp("get/alert/type/consts.lua")
        flow_types = {c["key"]: c["type"] for c in consts if c["entity"] == "flow"}
        self.assertEqual(flow_types[62], "alert_ndpi_clear_text_credentials")
        self.assertEqual(flow_types[47], "alert_ndpi_suspicious_dga_domain")
        host_types = {c["type"]: c["key"] for c in consts if c["entity"] == "host"}
        self.assertEqual(host_types, {"alert_flow_flood": 4, "alert_syn_scan": 5, "alert_syn_flood": 6,
                                      "alert_score_threshold": 17, "alert_icmp_flood": 18,
                                      "alert_dns_positive_error_ratio": 4096 + 54})
        self.assertIn({"type": "alert_too_many_drops", "key": 4137, "entity": "interface"}, consts)

    def test_a_clean_capture_raises_nothing(self):
        self.assertEqual(self.flow_alerts(self.clean_ifid)["recordsFiltered"], 0)
        self.assertEqual(self.ntop.rsp("get/alert/type/counters.lua", ifid=self.clean_ifid), [])
        body = self.ntop.call("get/host/alert/list.lua", ifid=self.clean_ifid).json()
        self.assertEqual(body["recordsFiltered"], 0)
        # A capture file drops nothing: no interface alert either.
        body = self.ntop.call("get/interface/alert/list.lua", ifid=self.clean_ifid).json()
        self.assertEqual((body["rc"], body["recordsFiltered"]), (0, 0))

    def test_counters_paging_and_filters(self):
        ifid = RISK_CAPTURES.index("dns_fragmented.pcap")
        records = self.flow_alerts(ifid)["rsp"]["records"]
        by_type = collections.Counter(r["alert_id"]["value"] for r in records)
        counters = self.ntop.rsp("get/alert/type/counters.lua", ifid=ifid)
        self.assertEqual({c["alert_id"]: c["count"] for c in counters}, dict(by_type))
        self.assertTrue(all(c["entity_id"] == 4 and c["entity_label"] == "flow" for c in counters))
        by_severity = collections.Counter(r["severity"]["value"] for r in records)
        severities = self.ntop.rsp("get/alert/severity/counters.lua", ifid=ifid)
        self.assertEqual({c["severity"]: c["count"] for c in severities}, dict(by_severity))
        page = self.ntop.call("get/flow/alert/list.lua", ifid=ifid, start=1, length=2).json()
        self.assertEqual(page["recordsFiltered"], len(records))
        self.assertEqual(page["recordsTotal"], 2)
        self.assertEqual([r["row_id"] for r in page["rsp"]["records"]], [r["row_id"] for r in records[1:3]])
        some_id = records[0]["alert_id"]["value"]
        only = self.flow_alerts(ifid, alert_id=f"{some_id};eq")["rsp"]["records"]
        self.assertEqual(len(only), by_type[some_id])
        self.assertEqual(self.flow_alerts(ifid, status="engaged")["recordsFiltered"], 0)  # one-shot
        bad = self.ntop.call("get/flow/alert/list.lua", ifid=ifid, alert_id="16;gt")
        self.assertEqual((bad.status_code, bad.json()["rc_str"]), (400, "INVALID_ARGUMENTS"))
        self.assertEqual(self.ntop.call("get/flow/alert/list.lua", ifid=99).json()["rc_str"], "INVALID_INTERFACE")

    def test_syn_flood_scan_and_flow_flood(self):
        if not self.syn_capture:
            self.skipTest("python3-scapy not installed")
        body = self.ntop.call("get/host/alert/list.lua", ifid=self.syn_ifid, length=100).json()
        self.assertEqual(body["rc"], 0, body)
        records = body["rsp"]["records"]
        got = collections.Counter((r["ip"]["value"], r["role"]["value"], r["alert_id"]["value"]) for r in records)
        expected = collections.Counter()
        for alert_id in (4, 5, 6):  # flow flood, SYN scan, SYN flood
            expected[("10.9.0.1", "attacker", alert_id)] += 1
            expected[("10.9.0.2", "victim", alert_id)] += 1
        self.assertEqual(got, expected)  # once each, and nothing for the quieter 10.8.0.x pair
        for r in records:
            self.assertEqual(r["value"], 300)
            self.assertEqual(r["threshold"], 256)
            if r["alert_id"]["value"] == 5:
                # Judged per minute, from the minute's start; released when the capture ended (after
                # second T0 + 1), in the middle of its minute.
                self.assertEqual(r["tstamp"]["value"], T0 - T0 % 60)
                self.assertEqual(r["tstamp"]["value"] + r["duration"], T0 + 2)
            else:
                # Per second: it held during T0 and was released by second T0 + 1, quiet for this pair.
                self.assertEqual(r["tstamp"]["value"], T0)
                self.assertEqual(r["duration"], 1)
        self.assertEqual(self.ntop.call("get/host/alert/list.lua", ifid=self.syn_ifid,
                                        status="engaged").json()["recordsFiltered"], 0)

    def upload(self, capture, slot):
        with open(need_pcap(capture), "rb") as f:
            r = self.daemon.session().post(self.daemon.host + "/API/system/analyze-pcap",
                                           params={"replaySlotID": slot, "fileName": capture}, data=f.read(), timeout=60)
        self.assertEqual(r.status_code, 201, r.text)
        self.daemon.wait_slot_finished(slot)

    def test_a_deleted_upload_slot_takes_its_alerts_along(self):
        slot = 30
        self.upload("ftp.pcap", slot)
        self.assertGreater(self.flow_alerts(slot)["recordsFiltered"], 0)
        r = self.daemon.session().delete(self.daemon.host + "/API/data/pcap", params={"mm-id": f":{slot}"}, timeout=30)
        self.assertEqual(r.status_code, 200, r.text)
        self.upload(CLEAN_CAPTURE, slot)  # the same id again: it starts clean
        self.assertEqual(self.flow_alerts(slot)["recordsFiltered"], 0)

    def test_acknowledge_and_delete_need_admin(self):
        ifid = self.changed_ifid
        records = self.flow_alerts(ifid)["rsp"]["records"]
        self.assertEqual(len(records), 3)
        admin = self.daemon.session()
        r = admin.post(self.daemon.host + "/API/system/users", timeout=10,
                       json={"name": "alerts-user", "password": "alerts-user-pw", "role": "user"})
        self.assertIn(r.status_code, (200, 201), r.text)
        user = support.NtopClient(self.daemon, "alerts-user", "alerts-user-pw")
        self.assertEqual(self.flow_alerts(ifid, client=user)["recordsFiltered"], 3)  # may read
        url = self.daemon.host + "/lua/rest/v2/delete/flow/alerts.lua"
        refused = user.s.post(url, json={"ifid": str(ifid), "row_id": str(records[0]["row_id"])}, timeout=10)
        self.assertEqual(refused.status_code, 403)
        ack = self.ntop.s.post(self.daemon.host + "/lua/rest/v2/acknowledge/flow/alerts.lua",
                               json={"ifid": str(ifid), "row_id": str(records[1]["row_id"])}, timeout=10)
        self.assertEqual(ack.json()["rc"], 0, ack.text)
        acked = {r["row_id"]: r["acknowledged"] for r in self.flow_alerts(ifid)["rsp"]["records"]}
        self.assertEqual(acked, {records[0]["row_id"]: False, records[1]["row_id"]: True,
                                 records[2]["row_id"]: False})
        deleted = self.ntop.s.post(url, json={"ifid": str(ifid), "row_id": str(records[0]["row_id"])}, timeout=10)
        self.assertEqual(deleted.json()["rc"], 0, deleted.text)
        left = self.flow_alerts(ifid)["rsp"]["records"]
        self.assertEqual([r["row_id"] for r in left], [r["row_id"] for r in records[1:]])

    def test_a_user_limited_to_some_networks_sees_their_alerts_only(self):
        ifid = RISK_CAPTURES.index("android.pcap")
        records = self.flow_alerts(ifid)["rsp"]["records"]
        one = records[0]["srv_ip"]["value"]
        network = one + ("/128" if ":" in one else "/32")
        admin = self.daemon.session()
        r = admin.post(self.daemon.host + "/API/system/users", timeout=10,
                       json={"name": "alerts-limited", "password": "alerts-limited-pw", "role": "user",
                             "allowedNetworks": network})
        self.assertIn(r.status_code, (200, 201), r.text)
        limited = support.NtopClient(self.daemon, "alerts-limited", "alerts-limited-pw")
        expected = [x["row_id"] for x in records if one in (x["cli_ip"]["value"], x["srv_ip"]["value"])]
        got = self.flow_alerts(ifid, client=limited)
        self.assertEqual([x["row_id"] for x in got["rsp"]["records"]], expected)
        self.assertEqual(got["recordsFiltered"], len(expected))
        counted = sum(c["count"] for c in limited.rsp("get/alert/type/counters.lua", ifid=ifid))
        self.assertEqual(counted, len(expected))


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        os.environ.pop(name, None)
    unittest.main(verbosity=2)
