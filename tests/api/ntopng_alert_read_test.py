#!/usr/bin/env python3
"""The ntopng dialect's alert dashboards and exports (docs/ntopng/alerts.md) on real captures.

One daemon analyses captures of ../shared/pcaps whose flows carry nDPI risks (as ntopng_alerts_test.py) and,
when python3-scapy is there, a crafted SYN flood (host alerts). Every answer is checked against the full
alert list of the same interface: get/alert/ts.lua's slots sum to the list's total per severity,
get/alert/top.lua and get/flow/alert/top.lua equal counts over the list, format=txt has ntopng's columns and
one row per alert, get/interface/data.lua and get/host/data.lua count the alerts, a user limited to some
networks sees only theirs everywhere, and ntopng's raw-SQL get/alert/list/alerts.lua is absent.

Usage: ntopng_alert_read_test.py PATH_TO_NETMETER [unittest args]
"""
import collections
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
from ntopng_alerts_test import craft_syn_flood

CAPTURES = ("dns_fragmented.pcap", "android.pcap", "ftp.pcap")
SLOTS = 32  # ntopng's NUM_TIME_SLOTS + 1 points
FLOW_COLUMNS = ["family", "tstamp", "alert_id", "alert_name", "alert_category", "score", "severity", "duration",
                "count", "cli_ip", "cli_port", "srv_ip", "srv_port", "vlan_id", "proto", "l7_proto", "info",
                "flow_risk", "bpf"]
HOST_COLUMNS = FLOW_COLUMNS[:9] + ["ip", "vlan_id", "role", "value", "threshold", "msg"]


class NtopngAlertReadTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        paths = [need_pcap(c) for c in CAPTURES]
        cls.tmp = tempfile.mkdtemp(prefix="nm-alert-read-")
        cls.syn_ifid = None
        try:
            crafted = os.path.join(cls.tmp, "syn-flood.pcap")
            craft_syn_flood(crafted)
            paths.append(crafted)
            cls.syn_ifid = len(CAPTURES)
        except unittest.SkipTest:
            pass
        cls.daemon = AnalysisDaemon(*paths)
        support.start_daemon(cls.daemon, cls.tmp)
        cls.ntop = support.NtopClient(cls.daemon)

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def records(self, ifid, family="flow", client=None, **params):
        body = (client or self.ntop).call(f"get/{family}/alert/list.lua", ifid=ifid, length=10000, **params).json()
        self.assertEqual(body["rc"], 0, body)
        self.assertEqual(body["recordsFiltered"], len(body["rsp"]["records"]))
        return body["rsp"]["records"]

    def all_records(self, ifid, client=None):
        return [r for family in ("flow", "host", "interface") for r in self.records(ifid, family, client)]

    def check_ts(self, ts, records):
        """Every series has SLOTS evenly spaced points; per severity they sum to the list's count."""
        by_severity = collections.Counter(r["severity"]["label"].capitalize() for r in records)
        got = {}
        for series in ts["series"]:
            times = [p[0] for p in series["data"]]
            self.assertEqual(len(times), SLOTS)
            self.assertEqual(len({b - a for a, b in zip(times, times[1:])}), 1, times)
            got[series["name"]] = sum(p[1] for p in series["data"])
        if not records:
            self.assertEqual(list(got), ["No alerts"])
            self.assertEqual(got["No alerts"], 0)
        else:
            self.assertEqual(got, dict(by_severity))
        self.assertEqual(len(ts["colors"]), len(ts["series"]))
        return ts

    def test_ts_slots_sum_to_the_list(self):
        for ifid in range(len(CAPTURES)):
            with self.subTest(ifid=ifid):
                records = self.all_records(ifid)
                self.assertTrue(records)
                ts = self.check_ts(self.ntop.rsp("get/alert/ts.lua", ifid=ifid), records)
                # The slots cover the alerts' own times (packet time).
                first = min(r["tstamp"]["value"] for r in records)
                start = ts["series"][0]["data"][0][0] // 1000
                self.assertLessEqual(start, first)
                self.check_ts(self.ntop.rsp("get/flow/alert/ts.lua", ifid=ifid), self.records(ifid))
        # An explicit range: only the alerts that began in it.
        records = self.all_records(0)
        times = sorted(r["tstamp"]["value"] for r in records)
        begin, end = times[0], times[len(times) // 2]
        inside = [r for r in records if begin <= r["tstamp"]["value"] <= end]
        ts = self.ntop.rsp("get/alert/ts.lua", ifid=0, epoch_begin=begin, epoch_end=end)
        self.check_ts(ts, inside)
        self.check_ts(self.ntop.rsp("get/alert/ts.lua", ifid=0, epoch_begin=1, epoch_end=2), [])

    def test_top_lists_equal_counts_over_the_list(self):
        for ifid in range(len(CAPTURES)):
            with self.subTest(ifid=ifid):
                records = self.records(ifid)
                total = len(records)
                by_type = collections.Counter(r["alert_id"]["value"] for r in records)
                top = {s["name"]: s["value"] for s in self.ntop.rsp("get/flow/alert/top.lua", ifid=ifid)}
                by_count = top["top_alerts_by_count"]
                self.assertEqual([t["num_alerts"] for t in by_count],
                                 sorted(by_type.values(), reverse=True)[:10])
                for t in by_count:
                    self.assertEqual(t["num_alerts"], by_type[t["value"]])
                    self.assertEqual(t["count"], t["num_alerts"] * 100 // total)  # ntopng: percent
                    self.assertEqual(t["key"], "alert_id")
                worst = {}
                for r in records:
                    worst[r["alert_id"]["value"]] = max(worst.get(r["alert_id"]["value"], 0), r["severity"]["value"])
                severities = [t["severity"] for t in top["top_alerts_by_severity"]]
                self.assertEqual(severities, sorted(severities, reverse=True))
                for t in top["top_alerts_by_severity"]:
                    self.assertEqual(t["severity"], worst[t["value"]])
                clients = collections.Counter(r["cli_ip"]["value"] for r in records)
                servers = collections.Counter(r["srv_ip"]["value"] for r in records)
                for name, expected in (("top_cli_ip", clients), ("top_srv_ip", servers),
                                       ("top_ip", clients + servers)):
                    got = {t["value"]: t["num_alerts"] for t in top[name]}
                    self.assertEqual(sorted(got.values(), reverse=True), sorted(expected.values(), reverse=True)[:10])
                    for ip, n in got.items():
                        self.assertEqual(n, expected[ip])
                # All entities: the same types (only flow alerts on these captures).
                everything = {s["name"]: s["value"] for s in self.ntop.rsp("get/alert/top.lua", ifid=ifid)}
                self.assertEqual(set(everything), {"top_alerts_by_count", "top_alerts_by_severity"})
                self.assertEqual(sum(t["num_alerts"] for t in everything["top_alerts_by_count"]),
                                 sum(sorted(collections.Counter(
                                     (r["family"], r["alert_id"]["value"]) for r in self.all_records(ifid)).values(),
                                     reverse=True)[:10]))

    def csv_rows(self, ifid, family="flow", **params):
        r = self.ntop.call(f"get/{family}/alert/list.lua", ifid=ifid, format="txt", **params)
        self.assertEqual(r.status_code, 200, r.text)
        self.assertTrue(r.headers["Content-Type"].startswith("text/csv"))
        return list(csv.reader(io.StringIO(r.text), delimiter="|"))

    def test_csv_export_has_ntopng_columns_and_every_alert(self):
        ifid = CAPTURES.index("dns_fragmented.pcap")
        records = self.records(ifid)
        rows = self.csv_rows(ifid)
        self.assertEqual(rows[0], FLOW_COLUMNS)
        self.assertEqual(len(rows) - 1, len(records))  # without length: every alert (ntopng: no limit)
        for row, rec in zip(rows[1:], records):  # same order: newest first
            got = dict(zip(rows[0], row))
            self.assertEqual(got["family"], "flow")
            self.assertEqual(int(got["tstamp"]), rec["tstamp"]["value"])
            self.assertEqual(int(got["alert_id"]), rec["alert_id"]["value"])
            self.assertEqual(got["alert_name"], rec["alert_id"]["label"])
            self.assertEqual(int(got["severity"]), rec["severity"]["value"])
            self.assertEqual((got["cli_ip"], int(got["cli_port"])), (rec["cli_ip"]["value"], rec["cli_port"]["value"]))
            self.assertEqual((got["srv_ip"], int(got["srv_port"])), (rec["srv_ip"]["value"], rec["srv_port"]["value"]))
            self.assertEqual(got["bpf"], rec["filter"]["bpf"])
        page = self.csv_rows(ifid, start=1, length=2)
        self.assertEqual([r[1:3] for r in page[1:]], [r[1:3] for r in rows[2:4]])
        bad = self.ntop.call("get/flow/alert/list.lua", ifid=ifid, format="xml")
        self.assertEqual((bad.status_code, bad.json()["rc_str"]), (400, "INVALID_ARGUMENTS"))
        if self.syn_ifid is not None:
            host_rows = self.csv_rows(self.syn_ifid, "host")
            self.assertEqual(host_rows[0], HOST_COLUMNS)
            self.assertEqual(len(host_rows) - 1, len(self.records(self.syn_ifid, "host")))

    def test_interface_and_host_data_count_alerts(self):
        for ifid in range(len(CAPTURES)):
            with self.subTest(ifid=ifid):
                records = self.records(ifid)
                data = self.ntop.rsp("get/interface/data.lua", ifid=ifid)
                self.assertEqual(data["engaged_alerts"], 0)  # the capture ended: all released
                self.assertEqual(data["num_alerts"], len(self.all_records(ifid)))
                flows = {(r["cli_ip"]["value"], r["cli_port"]["value"], r["srv_ip"]["value"],
                          r["srv_port"]["value"], r["proto"]["value"]) for r in records}
                self.assertEqual(data["alerted_flows"], len(flows))
        ifid = CAPTURES.index("android.pcap")
        records = self.records(ifid)
        host = collections.Counter(r["cli_ip"]["value"] for r in records).most_common(1)[0][0]
        mine = [r for r in records if host in (r["cli_ip"]["value"], r["srv_ip"]["value"])]
        data = self.ntop.rsp("get/host/data.lua", ifid=ifid, host=host)
        self.assertEqual(data["total_alerts"], len(mine))
        self.assertEqual(data["num_alerts"], 0)
        as_client = {(r["cli_port"]["value"], r["srv_ip"]["value"], r["srv_port"]["value"])
                     for r in records if r["cli_ip"]["value"] == host}
        self.assertEqual(data["alerted_flows.as_client"], len(as_client))
        if self.syn_ifid is not None:
            host_alerts = self.records(self.syn_ifid, "host", ip="10.9.0.1")
            data = self.ntop.rsp("get/host/data.lua", ifid=self.syn_ifid, host="10.9.0.1")
            self.assertEqual(data["total_alerts"], len(host_alerts))
            self.assertEqual(data["total_alerts"], 3)  # SYN flood, SYN scan, flow flood as attacker

    def test_a_user_limited_to_some_networks_counts_only_theirs(self):
        ifid = CAPTURES.index("android.pcap")
        records = self.records(ifid)
        one = records[0]["srv_ip"]["value"]
        network = one + ("/128" if ":" in one else "/32")
        r = self.daemon.session().post(self.daemon.host + "/API/system/users", timeout=10,
                                       json={"name": "read-limited", "password": "read-limited-pw", "role": "user",
                                             "allowedNetworks": network})
        self.assertIn(r.status_code, (200, 201), r.text)
        limited = support.NtopClient(self.daemon, "read-limited", "read-limited-pw")
        mine = [x for x in records if one in (x["cli_ip"]["value"], x["srv_ip"]["value"])]
        self.assertTrue(0 < len(mine) < len(records))
        self.assertEqual(len(self.records(ifid, client=limited)), len(mine))
        self.check_ts(limited.rsp("get/alert/ts.lua", ifid=ifid), mine)
        top = {s["name"]: s["value"] for s in limited.rsp("get/flow/alert/top.lua", ifid=ifid)}
        self.assertEqual(sum(t["num_alerts"] for t in top["top_alerts_by_count"]), len(mine))
        rows = list(csv.reader(io.StringIO(limited.call("get/flow/alert/list.lua", ifid=ifid, format="txt").text),
                               delimiter="|"))
        self.assertEqual(len(rows) - 1, len(mine))
        data = limited.rsp("get/interface/data.lua", ifid=ifid)
        self.assertEqual(data["num_alerts"], len(mine))

    def test_sort_and_order(self):
        ifid = CAPTURES.index("dns_fragmented.pcap")
        records = self.records(ifid)
        by_score = self.records(ifid, sort="score", order="asc")
        self.assertEqual([r["score"]["value"] for r in by_score], sorted(r["score"]["value"] for r in records))
        by_time = self.records(ifid, sort="tstamp", order="asc")
        self.assertEqual([r["row_id"] for r in by_time], [r["row_id"] for r in reversed(records)])
        for bad in ({"sort": "rowid; DROP TABLE alerts"}, {"order": "sideways"}):
            r = self.ntop.call("get/flow/alert/list.lua", ifid=ifid, **bad)
            self.assertEqual((r.status_code, r.json()["rc_str"]), (400, "INVALID_ARGUMENTS"))

    def test_absent_endpoints(self):
        # ntopng's get/alert/list/alerts.lua runs the SQL clauses its caller sends: netmeter has no such
        # endpoint (get/mac/alert/list.lua is served: ntopng_mac_alerts_test.py).
        self.assertEqual(self.ntop.call("get/alert/list/alerts.lua", ifid=0).status_code, 404)


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        os.environ.pop(name, None)
    unittest.main(verbosity=2)
