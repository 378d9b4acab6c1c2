#!/usr/bin/env python3
"""STATUS of stored flows and the export counters (issue 14). STATUS is the flow alert type id ntopng
stores with a flow, its predominant alert (highest score). A capture with known nDPI risks (ftp.pcap:
clear-text credentials, alert 62, score 100) is analysed into the history store; get/db/flows.lua must
show, for every flow, the id of the highest-scored flow alert get/flow/alert/list.lua reports for it, and
0 for a flow without alerts. The export counters (/API/stats/processing `historyExport`, ntopng's
get/interface/data.lua `flow_export_count`/`flow_export_drops`) must count the rows the store holds.

Usage: history_status_test.py PATH_TO_NETMETER [unittest args]
"""
import collections
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import api_test  # noqa: E402
from allegro_support import AnalysisDaemon, need_pcap  # noqa: E402
from ntopng_support import NtopClient  # noqa: E402

CAPTURE = "ftp.pcap"
FLOWS = "/lua/pro/rest/v2/get/db/flows.lua"


def ends(a, ap, b, bp):
    return frozenset(((a, int(ap)), (b, int(bp))))


class HistoryStatusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.analysis = AnalysisDaemon(need_pcap(CAPTURE), extra=("--no-ringbuffer",)).start()
        cls.ntop = NtopClient(cls.analysis)
        cls.s = cls.analysis.session()
        cls.stored, cls.alerts = [], []
        deadline = time.time() + 20  # the export and alert queues write within about a second
        while time.time() < deadline and not (cls.stored and cls.alerts):
            time.sleep(0.2)
            r = cls.s.get(cls.analysis.host + FLOWS, timeout=30, params={
                "ifid": 0, "maxhits_clause": 10000,
                "select_clause": "IPV4_SRC_ADDR,IP_SRC_PORT,IPV4_DST_ADDR,IP_DST_PORT,STATUS",
                "order_by_clause": "FLOW_ID, LAST_SEEN, END_REASON"})
            cls.stored = r.json()["rsp"]
            cls.alerts = cls.ntop.rsp("get/flow/alert/list.lua", ifid=0, length=10000)["records"]

    @classmethod
    def tearDownClass(cls):
        cls.analysis.stop()

    def test_export_counters_count_the_stored_rows(self):
        rows = len(self.stored)
        processing = self.s.get(self.analysis.host + "/API/stats/processing", timeout=10).json()
        slot = processing["slots"][0]["historyExport"]
        self.assertEqual(slot, {"queued": rows, "exported": rows, "dropped": 0, "batches": slot["batches"],
                                "errors": 0, "lastError": ""})
        self.assertGreaterEqual(slot["batches"], 1)
        total = processing["historyExport"]  # admin: every slot's
        self.assertEqual((total["exported"], total["dropped"], total["pending"]), (rows, 0, 0))
        data = self.ntop.rsp("get/interface/data.lua", ifid=0)
        self.assertEqual((data["flow_export_count"], data["flow_export_drops"]), (rows, 0))
        # A user sees the slots' counters, not the whole daemon's.
        r = self.s.post(self.analysis.host + "/API/system/users", timeout=10,
                        json={"name": "viewer", "password": "viewer-pw-1", "role": "user"})
        self.assertIn(r.status_code, (200, 201), r.text)
        mine = self.analysis.session("viewer", "viewer-pw-1").get(self.analysis.host + "/API/stats/processing",
                                                                  timeout=10).json()
        self.assertNotIn("historyExport", mine)
        self.assertEqual(mine["slots"][0]["historyExport"], slot)

    def test_stored_flows_carry_their_predominant_alert(self):
        stored, alerts = self.stored, self.alerts
        # The highest score of each flow's alerts, and the ids with that score.
        best = collections.defaultdict(lambda: (0, set()))
        for a in alerts:
            key = ends(a["cli_ip"]["value"], a["cli_port"]["value"], a["srv_ip"]["value"], a["srv_port"]["value"])
            score, ids = best[key]
            if a["score"]["value"] > score:
                best[key] = (a["score"]["value"], {a["alert_id"]["value"]})
            elif a["score"]["value"] == score:
                ids.add(a["alert_id"]["value"])
        self.assertTrue(stored)
        by_flow = {}  # a flow's last row: STATUS as of its end (earlier rows: as of theirs)
        for row in stored:
            key = ends(row["IPV4_SRC_ADDR"], row["IP_SRC_PORT"], row["IPV4_DST_ADDR"], row["IP_DST_PORT"])
            by_flow[key] = int(row["STATUS"])
        for key, status in by_flow.items():
            if key in best:
                self.assertIn(status, best[key][1], key)
            else:
                self.assertEqual(status, 0, key)
        # The FTP control connection: clear-text credentials (62) outranks unsafe protocol (52).
        control = [k for k in by_flow if any(port == 21 for _, port in k)]
        self.assertTrue(control)
        self.assertEqual({int(r["STATUS"]) for r in stored if "21" in (r["IP_DST_PORT"], r["IP_SRC_PORT"])}, {62})
        self.assertTrue(any(k not in best for k in by_flow), "no flow without alerts to check 0 on")


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    unittest.main()
