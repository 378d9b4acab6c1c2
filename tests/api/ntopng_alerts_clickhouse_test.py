#!/usr/bin/env python3
"""Past alerts in ClickHouse (issue 14): with `--history clickhouse://...` the alert records go to
ClickHouse's `alerts` table instead of SQLite's. Two daemons analyse the same captures with flow alerts
(nDPI risks of ftp.pcap, selfsigned.pcap, android.pcap, as ntopng_alerts_test.py) and, when scapy is
there, a crafted SYN flood (host alerts): one with the default SQLite store, one with a private
clickhouse-server (skipped when it is not installed). get/flow/alert/list.lua, get/host/alert/list.lua
(plain and sorted pages), the counters, and the Allegro incidents answer the same in both, row ids left
aside (the slots' threads write in any order); an acknowledge and a delete change both alike; the
ClickHouse daemon is then restarted on a fresh data directory with a capture without alerts in every
slot, and the same alerts (acknowledged and deleted as before) are still listed.

Usage: ntopng_alerts_clickhouse_test.py PATH_TO_NETMETER [unittest args]
"""
import json
import os
import shutil
import sys
import tempfile
import unittest
import warnings

import urllib3

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "support"))
import api_test  # noqa: E402
import clickhouse_server  # noqa: E402
import ntopng_support as support  # noqa: E402
from allegro_support import AnalysisDaemon, need_pcap  # noqa: E402
from ntopng_alerts_test import craft_syn_flood  # noqa: E402

CAPTURES = ("ftp.pcap", "selfsigned.pcap", "android.pcap")
CLEAN_CAPTURE = "443-chrome.pcap"  # no alert: the restarted daemon's slots add none
ID_FIELDS = {"row_id", "id", "captureUrl"}  # the store's row id (captureUrl carries the incident's id)


def without_ids(value):
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k not in ID_FIELDS}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def as_multiset(records):
    return sorted(json.dumps(without_ids(r), sort_keys=True) for r in records)


class Side:
    """One daemon and its ntopng client."""

    def __init__(self, paths, extra=()):
        self.analysis = AnalysisDaemon(*paths, extra=extra)
        self.analysis.start()
        self.ntop = support.NtopClient(self.analysis)
        self.admin = self.analysis.session()

    def rsp(self, path, **params):
        body = self.ntop.call(path, **params).json()
        assert body["rc"] == 0, body
        return body

    def records(self, family, ifid, **params):
        body = self.rsp(f"get/{family}/alert/list.lua", ifid=ifid, length=10000, **params)
        assert body["recordsFiltered"] == len(body["rsp"]["records"]), body
        return body["rsp"]["records"]

    def incidents(self, slot):
        r = self.admin.get(self.analysis.host + "/API/stats/incidentReporting",
                           params={"mm-id": slot, "count": 1000}, timeout=60)
        r.raise_for_status()
        return r.json()["displayedItems"]

    def summary(self, slot):
        r = self.admin.get(self.analysis.host + "/API/stats/modules/global_incidents", params={"mm-id": slot},
                           timeout=60)
        r.raise_for_status()
        return r.json()

    def change(self, what, family, ifid, row_id):
        r = self.ntop.s.post(self.analysis.host + f"/lua/rest/v2/{what}/{family}/alerts.lua",
                             json={"ifid": str(ifid), "row_id": str(row_id)}, timeout=60)
        assert r.json()["rc"] == 0, r.text
        return r

    def stop(self):
        self.analysis.stop()


class NtopngAlertsClickHouseTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        cls.paths = [need_pcap(c) for c in CAPTURES]
        cls.clean = need_pcap(CLEAN_CAPTURE)
        try:
            cls.ch = clickhouse_server.ClickHouseServer().__enter__()
        except clickhouse_server.Unavailable as e:
            raise unittest.SkipTest(str(e))
        cls.tmp = tempfile.mkdtemp(prefix="nm-alerts-ch-")
        try:
            crafted = os.path.join(cls.tmp, "syn-flood.pcap")
            craft_syn_flood(crafted)
            cls.paths.append(crafted)
        except unittest.SkipTest:
            pass
        cls.history = ("--history", cls.ch.url("netmeter"), "--history-password-file", cls.ch.password_file)
        cls.sides = []
        try:
            cls.sqlite = Side(cls.paths)
            cls.sides.append(cls.sqlite)
            cls.clickhouse = Side(cls.paths, cls.history)
            cls.sides.append(cls.clickhouse)
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        for side in cls.sides:
            side.stop()
        cls.ch.__exit__(None, None, None)
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def slots(self):
        return range(len(self.paths))

    def answers(self, side):
        """Every answer compared between the two daemons, ids left aside."""
        out = {}
        for ifid in self.slots():
            for family in ("flow", "host"):
                out[(ifid, family)] = as_multiset(side.records(family, ifid))
                for sort in ("severity", "score", "cli_ip", "duration"):
                    page = side.rsp(f"get/{family}/alert/list.lua", ifid=ifid, start=1, length=3, sort=sort,
                                    order="asc")
                    # Ties may be broken by row id, which differs: the page's sort keys and the total agree.
                    keys = sorted(json.dumps(without_ids(r).get(sort), sort_keys=True)
                                  for r in page["rsp"]["records"])
                    out[(ifid, family, sort)] = (page["recordsFiltered"], len(page["rsp"]["records"]), keys)
            for counter in ("get/alert/type/counters.lua", "get/alert/severity/counters.lua"):
                out[(ifid, counter)] = side.rsp(counter, ifid=ifid)["rsp"]
            out[(ifid, "ts")] = side.rsp("get/flow/alert/ts.lua", ifid=ifid)["rsp"]
            out[(ifid, "top")] = side.rsp("get/alert/top.lua", ifid=ifid)["rsp"]
            out[(ifid, "incidents")] = as_multiset(side.incidents(ifid))
            out[(ifid, "summary")] = side.summary(ifid)
        return out

    def find(self, side, family, ifid, like):
        """The row id of `side`'s alert equal to `like` but for its id."""
        want = json.dumps(without_ids(like), sort_keys=True)
        for r in side.records(family, ifid):
            if json.dumps(without_ids(r), sort_keys=True) == want:
                return r["row_id"]
        self.fail(f"no alert like {want}")

    def test_both_stores_answer_alike_then_changes_and_a_restart(self):
        before = self.answers(self.sqlite)
        stored = sum(len(before[(ifid, family)]) for ifid in self.slots() for family in ("flow", "host"))
        self.assertGreater(stored, 3, "the captures raised too few alerts")
        if len(self.paths) > len(CAPTURES):
            self.assertTrue(before[(len(CAPTURES), "host")], "the SYN flood raised no host alert")
        self.assertEqual(self.answers(self.clickhouse), before)
        # They are ClickHouse's rows, not a copy in the data directory's SQLite.
        self.assertEqual(int(self.ch.query("SELECT count() FROM netmeter.alerts")), stored)

        # One acknowledged and one deleted, on both daemons: the same alert (by content) each time.
        ifid = CAPTURES.index("selfsigned.pcap")
        records = self.sqlite.records("flow", ifid)
        self.assertGreaterEqual(len(records), 2)
        for what, record in (("acknowledge", records[0]), ("delete", records[1])):
            for side in self.sides:
                side.change(what, "flow", ifid, self.find(side, "flow", ifid, record))
        changed = self.answers(self.sqlite)
        self.assertNotEqual(changed, before)
        self.assertEqual(len(changed[(ifid, "flow")]), len(before[(ifid, "flow")]) - 1)
        self.assertEqual(self.answers(self.clickhouse), changed)

        # Restarted: a fresh data directory, nothing alerting in any slot; the alerts are ClickHouse's.
        self.clickhouse.stop()
        self.sides.remove(self.clickhouse)
        restarted = Side([self.clean] * len(self.paths), self.history)
        self.sides.append(restarted)
        for ifid in self.slots():
            for family in ("flow", "host"):
                self.assertEqual(as_multiset(restarted.records(family, ifid)), changed[(ifid, family)])
            self.assertEqual(as_multiset(restarted.incidents(ifid)), changed[(ifid, "incidents")])
        acked = [r for r in restarted.records("flow", CAPTURES.index("selfsigned.pcap")) if r["acknowledged"]]
        self.assertEqual(len(acked), 1)


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    unittest.main()
