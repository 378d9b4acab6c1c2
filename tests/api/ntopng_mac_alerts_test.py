#!/usr/bin/env python3
"""ntopng's MAC alert family (docs/ntopng/alerts.md): get/mac/alert/list.lua, get/mac/alert/ts.lua, the mac
CSV export, acknowledge/mac/alerts.lua and delete/mac/alerts.lua, on a crafted ARP capture.

The capture (python3-scapy, as ntopng_checks_test.py crafts it) has 10.5.0.9 answer ARP from one MAC, then
from another, while 10.5.0.10 keeps its MAC: with the MAC/IP reassociation check enabled, exactly one MAC
alert, for 10.5.0.9, at the second the new MAC appears, in ntopng's mac_alert_store record shape.

Usage: ntopng_mac_alerts_test.py PATH_TO_NETMETER [unittest args]
"""
import csv
import io
import os
import shutil
import sys
import tempfile
import unittest
import warnings

import urllib3

import api_test
import ntopng_support as support
from allegro_support import AnalysisDaemon, need_pcap
from ntopng_checks_test import CRAFT_ARP, MAC_IP_CHANGE, T0, craft

OLD_MAC, NEW_MAC = "02:00:00:00:00:01", "02:00:00:00:00:02"
SLOT = 5


class NtopngMacAlertsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        clean = need_pcap("443-chrome.pcap")
        cls.tmp = tempfile.mkdtemp(prefix="nm-mac-alerts-")
        try:
            arp = os.path.join(cls.tmp, "arp-conflict.pcap")
            craft(CRAFT_ARP, arp)
        except unittest.SkipTest:
            shutil.rmtree(cls.tmp, ignore_errors=True)
            raise
        cls.daemon = AnalysisDaemon(clean, extra=("--max-slots", "8"))
        support.start_daemon(cls.daemon, cls.tmp)
        cls.ntop = support.NtopClient(cls.daemon)
        try:
            cls.post_ok("enable/check.lua", check_subdir="mac", script_key="mac_ip_association_change")
            with open(arp, "rb") as f:
                r = cls.daemon.session().post(cls.daemon.host + "/API/system/analyze-pcap", timeout=60,
                                              params={"replaySlotID": SLOT, "fileName": "arp-conflict.pcap"},
                                              data=f.read())
            assert r.status_code == 201, r.text
            cls.daemon.wait_slot_finished(SLOT)
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def post(cls, path, client=None, **body):
        return (client or cls.ntop).s.post(cls.daemon.host + "/lua/rest/v2/" + path, json=body, timeout=10)

    @classmethod
    def post_ok(cls, path, **body):
        r = cls.post(path, **body)
        assert (r.status_code, r.json()["rc"]) == (200, 0), r.text
        return r.json()["rsp"]

    def listed(self, ifid=SLOT, **params):
        body = self.ntop.call("get/mac/alert/list.lua", ifid=ifid, **params).json()
        self.assertEqual(body["rc"], 0, body)
        self.assertEqual(body["recordsTotal"], len(body["rsp"]["records"]))
        return body

    def test_one_record_in_ntopng_shape(self):
        body = self.listed()
        self.assertEqual(body["recordsFiltered"], 1)
        (r,) = body["rsp"]["records"]
        self.assertEqual(r["family"], "mac")
        self.assertEqual(r["alert_id"]["value"], MAC_IP_CHANGE)
        self.assertEqual(r["alert_name"], r["alert_id"]["label"])
        self.assertEqual(r["address"], NEW_MAC)
        self.assertEqual(r["device_type"], {"value": 0, "label": "Unknown"})
        self.assertEqual(r["ip"]["value"], "10.5.0.9")
        self.assertIn(OLD_MAC, r["description"])
        self.assertIn(NEW_MAC, r["description"])
        self.assertEqual(r["msg"]["description"], r["description"])
        self.assertEqual(r["msg"]["value"], MAC_IP_CHANGE)
        self.assertEqual((r["tstamp"]["value"], r["duration"]), (T0 + 2, 0))
        self.assertEqual((r["score"]["value"], r["severity"]["label"]), (50, "warning"))
        self.assertFalse(r["acknowledged"])

    def test_filters_status_and_other_families(self):
        self.assertEqual(self.listed(status="engaged")["recordsFiltered"], 0)  # one-shot, never engaged
        self.assertEqual(self.listed(ip="10.5.0.10")["recordsFiltered"], 0)
        self.assertEqual(self.listed(ip="10.5.0.9")["recordsFiltered"], 1)
        self.assertEqual(self.listed(alert_id=f"{MAC_IP_CHANGE};eq")["recordsFiltered"], 1)
        self.assertEqual(self.listed(alert_id="6")["recordsFiltered"], 0)
        for family in ("host", "interface", "flow"):
            records = self.ntop.rsp(f"get/{family}/alert/list.lua", ifid=SLOT)["records"]
            self.assertEqual([r for r in records if r["family"] == "mac"], [])
        self.assertEqual(self.listed(ifid=0)["recordsFiltered"], 0)  # the clean capture's slot has none
        r = self.ntop.call("get/mac/alert/list.lua", ifid=SLOT, sort="address")
        self.assertEqual((r.status_code, r.json()["rc_str"]), (400, "INVALID_ARGUMENTS"))
        self.assertEqual(self.ntop.call("get/mac/alert/list.lua").json()["rc_str"], "INVALID_INTERFACE")

    def test_ts_counters_and_top_count_it(self):
        ts = self.ntop.rsp("get/mac/alert/ts.lua", ifid=SLOT)
        self.assertEqual([(s["name"], sum(p[1] for p in s["data"])) for s in ts["series"]], [("Warning", 1)])
        counters = self.ntop.rsp("get/alert/type/counters.lua", ifid=SLOT)
        self.assertIn({"count": 1, "entity_id": 5, "entity_label": "mac", "alert_id": MAC_IP_CHANGE,
                       "name": self.listed()["rsp"]["records"][0]["alert_name"]}, counters)
        top = {s["name"]: s["value"] for s in self.ntop.rsp("get/alert/top.lua", ifid=SLOT)}
        mac = [t for t in top["top_alerts_by_count"] if t["entity_id"] == 5]
        self.assertEqual([(t["value"], t["num_alerts"]) for t in mac], [(MAC_IP_CHANGE, 1)])

    def test_csv_export(self):
        r = self.ntop.call("get/mac/alert/list.lua", ifid=SLOT, format="txt")
        self.assertEqual(r.status_code, 200)
        self.assertIn("mac_alerts.csv", r.headers.get("Content-Disposition", ""))
        rows = list(csv.reader(io.StringIO(r.text), delimiter="|"))
        self.assertEqual(rows[0][-6:], ["address", "device_type", "name", "ip", "vlan_id", "description"])
        self.assertEqual(len(rows), 2)
        row = dict(zip(rows[0], rows[1]))
        self.assertEqual((row["family"], row["alert_id"], row["address"], row["ip"]),
                         ("mac", str(MAC_IP_CHANGE), NEW_MAC, "10.5.0.9"))

    def test_zz_acknowledge_then_delete_admin_only(self):  # last: it changes the store
        r = self.daemon.session().post(self.daemon.host + "/API/system/users", timeout=10,
                                       json={"name": "mac-reader", "password": "mac-reader-pw", "role": "user"})
        self.assertIn(r.status_code, (200, 201), r.text)
        reader = support.NtopClient(self.daemon, "mac-reader", "mac-reader-pw")
        self.assertEqual(self.post("delete/mac/alerts.lua", reader, ifid=str(SLOT)).status_code, 403)
        self.assertEqual(reader.rsp("get/mac/alert/list.lua", ifid=SLOT)["records"][0]["address"], NEW_MAC)
        self.post_ok("acknowledge/mac/alerts.lua", ifid=str(SLOT))
        self.assertTrue(self.listed()["rsp"]["records"][0]["acknowledged"])
        self.post_ok("delete/mac/alerts.lua", ifid=str(SLOT), alert_id=str(MAC_IP_CHANGE))
        self.assertEqual(self.listed()["recordsFiltered"], 0)


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        os.environ.pop(name, None)
    unittest.main(verbosity=2)
