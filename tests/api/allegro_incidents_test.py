#!/usr/bin/env python3
"""The Allegro incidents (docs/allegro/incidents.md) on real captures with known nDPI risks.

One daemon analyses captures of ../shared/pcaps into ring buffers (--ringbuffer-files). The incidents of a
slot are its alerts (the ntopng dialect's lists are the oracle for what exists), in the dialect's list shape
with paging, sorting, starttime/endtime and CSV; each flow incident's capture expression, given to the
capture module, extracts exactly the packets of that flow from the ring buffer (tcpdump on the original
capture is the oracle); a user limited to some networks sees only incidents touching them; the rules are
readable with the statistics right and changed by administrators only.

Usage: allegro_incidents_test.py PATH_TO_NETMETER [unittest args]
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
from ntopng_alerts_test import T0, craft_syn_flood
from ringbuffer_test import read_pcap, tcpdump

CAPTURES = ("ftp.pcap", "dns_fragmented.pcap", "android.pcap")
LIST = "/API/stats/incidentReporting"
PAGED = "/API/stats/modules/global_incidents/incidents_paged"
FLOW_FIELDS = {"id", "time", "endTime", "duration", "engaged", "acknowledged", "entity", "type", "typeId", "name",
               "severity", "severityId", "score", "description", "clientIp", "clientPort", "serverIp", "serverPort",
               "vlan", "l4Protocol", "l4ProtocolShortName", "dpiProtocol", "serverName", "riskScore",
               "captureExpression", "captureUrl"}


def endpoint(ip, port):
    """The capture expression's form of an address and port: IPv6 in brackets."""
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def flow_bpf(i):
    return (f"host {i['clientIp']} and host {i['serverIp']} and port {i['clientPort']} and port {i['serverPort']}"
            f" and {i['l4ProtocolShortName'].lower()}")


class AllegroIncidentsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        cls.paths = [need_pcap(c) for c in CAPTURES]
        cls.tmp = tempfile.mkdtemp(prefix="nm-incidents-")
        cls.syn_slot = None
        try:  # host incidents: a SYN flood crafted with scapy (absent: those checks skip)
            crafted = os.path.join(cls.tmp, "syn-flood.pcap")
            craft_syn_flood(crafted)
            cls.syn_slot = len(CAPTURES)
        except unittest.SkipTest:
            crafted = None
        paths = cls.paths + ([crafted] if crafted else [])
        cls.daemon = AnalysisDaemon(*paths, extra=("--ringbuffer-files", "--ringbuffer-size", "64M"))
        support.start_daemon(cls.daemon, cls.tmp)
        cls.ntop = support.NtopClient(cls.daemon)
        cls.admin = cls.daemon.session()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def get(self, path, session=None, expect=200, **params):
        r = (session or self.admin).get(self.daemon.host + path, params=params, timeout=60)
        self.assertEqual(r.status_code, expect, r.text)
        return r

    def incidents(self, slot, session=None, **params):
        body = self.get(LIST, session, **{"mm-id": slot, "count": 1000, **params}).json()
        self.assertEqual(body["numberOfItems"], len(body["displayedItems"]))
        return body["displayedItems"]

    def alerts(self, slot):
        body = self.ntop.call("get/flow/alert/list.lua", ifid=slot, length=10000).json()
        return body["rsp"]["records"]

    def test_incidents_are_the_slots_alerts(self):
        for slot in range(len(CAPTURES)):
            with self.subTest(slot=slot):
                items = self.incidents(slot)
                alerts = self.alerts(slot)
                self.assertTrue(items)
                key = lambda t, a, c, s: (t, a, c, s)
                self.assertEqual(sorted(key(i["time"], i["typeId"], i["clientIp"], i["serverIp"]) for i in items),
                                 sorted(key(a["tstamp"]["value"], a["alert_id"]["value"], a["cli_ip"]["value"],
                                            a["srv_ip"]["value"]) for a in alerts))
                for i in items:
                    self.assertEqual(set(i), FLOW_FIELDS)
                    self.assertEqual(i["entity"], "flow")
                    self.assertFalse(i["engaged"])
                    self.assertIn(i["severity"], ("notice", "warning", "error", "critical"))
                    self.assertIn(i["clientIp"], i["description"])
                    self.assertIn(f"ip=={endpoint(i['clientIp'], i['clientPort'])}", i["captureExpression"])
                summary = self.get("/API/stats/modules/global_incidents", **{"mm-id": slot}).json()
                self.assertEqual(summary["numberOfIncidents"], len(items))
                self.assertEqual(sum(summary["severities"].values()), len(items))
                self.assertEqual(sum(t["count"] for t in summary["types"]), len(items))
        ftp = {i["typeId"]: i for i in self.incidents(CAPTURES.index("ftp.pcap"))}
        self.assertEqual(ftp[62]["type"], "ndpi_clear_text_credentials")  # ntopng 6.x's alert id of nDPI risk 36
        self.assertEqual((ftp[62]["severity"], ftp[62]["score"], ftp[62]["serverPort"]), ("error", 100, 21))

    def test_host_incidents_of_a_syn_flood(self):
        if self.syn_slot is None:
            self.skipTest("python3-scapy not installed")
        items = self.incidents(self.syn_slot)
        got = sorted((i["ip"], i["role"], i["type"]) for i in items)
        expected = sorted((ip, role, t) for ip, role in (("10.9.0.1", "attacker"), ("10.9.0.2", "victim"))
                          for t in ("flow_flood", "syn_scan", "syn_flood"))
        self.assertEqual(got, expected)
        for i in items:
            self.assertEqual(i["entity"], "host")
            self.assertEqual((i["value"], i["threshold"]), (300, 256))
            self.assertNotIn("captureExpression", i)
            self.assertTrue(i["description"].startswith(i["ip"] + " (" + i["role"] + "): "), i["description"])
            self.assertEqual(i["time"] + i["duration"], i["endTime"])
        flood = [i for i in items if i["type"] == "syn_flood"]
        self.assertEqual({(i["time"], i["duration"]) for i in flood}, {(T0, 1)})
        self.assertEqual(self.incidents(self.syn_slot, status="engaged"), [])  # released at the capture's end
        attacker = self.incidents(self.syn_slot, ip="10.9.0.1", sort="type")
        self.assertEqual([i["typeId"] for i in attacker], [4, 5, 6])

    def test_paging_sorting_interval_and_csv(self):
        slot = CAPTURES.index("dns_fragmented.pcap")
        items = self.incidents(slot)
        self.assertGreater(len(items), 3)
        self.assertEqual([i["time"] for i in items], sorted(i["time"] for i in items))  # time, ascending
        body = self.get(PAGED, **{"mm-id": slot, "count": 2, "page": 1}).json()
        self.assertEqual((body["numberOfItems"], body["itemsPerPage"], body["page"]), (len(items), 2, 1))
        self.assertEqual(body["numberOfPages"], (len(items) + 1) // 2)
        self.assertEqual([i["id"] for i in body["displayedItems"]], [i["id"] for i in items[2:4]])
        by_score = self.incidents(slot, sort="score", reverse="true")
        self.assertEqual([i["score"] for i in by_score], sorted((i["score"] for i in items), reverse=True))
        times = sorted({i["time"] for i in items})
        if len(times) > 1:
            later = self.incidents(slot, starttime=times[1])
            self.assertEqual(sorted(i["id"] for i in later), sorted(i["id"] for i in items if i["time"] >= times[1]))
            earlier = self.incidents(slot, starttime=times[0], endtime=times[1])
            self.assertEqual(sorted(i["id"] for i in earlier), sorted(i["id"] for i in items if i["time"] == times[0]))
        some = items[0]["typeId"]
        self.assertEqual(len(self.incidents(slot, typeId=some)), sum(1 for i in items if i["typeId"] == some))
        r = self.get(LIST, **{"mm-id": slot, "csv": "true"})
        self.assertTrue(r.headers["Content-Type"].startswith("text/csv"))
        rows = list(csv.DictReader(io.StringIO(r.text)))
        self.assertEqual(len(rows), len(items))
        self.assertEqual([int(x["id"]) for x in rows], [i["id"] for i in items])
        self.assertEqual([x["captureExpression"] for x in rows], [i["captureExpression"] for i in items])
        self.assertIn("unknown sort", self.get(LIST, expect=400, **{"mm-id": slot, "sort": "nonsense"}).json()["error"])
        self.get(LIST, expect=400, **{"mm-id": slot, "severity": "loud"})
        self.get(LIST, expect=400, **{"mm-id": slot, "count": 0})

    def test_capture_expression_extracts_exactly_the_flow(self):
        for slot in range(len(CAPTURES)):  # IPv4 and IPv6 (dns_fragmented) flows
            seen = set()
            for i in self.incidents(slot):
                if i["captureExpression"] in seen:
                    continue
                seen.add(i["captureExpression"])
                with self.subTest(slot=slot, expression=i["captureExpression"]):
                    r = self.get(i["captureUrl"])
                    got = read_pcap(r.content)
                    expected = tcpdump(self.paths[slot], flow_bpf(i))
                    self.assertTrue(expected)
                    # IPv6 fragments of the flow: netmeter's flow has them (the first one's UDP header is read
                    # behind the fragment header), a BPF port test does not. They are the only difference.
                    fragments = [] if ":" not in i["clientIp"] else tcpdump(
                        self.paths[slot], f"host {i['clientIp']} and host {i['serverIp']} and ip6[6] == 44")
                    self.assertEqual([p for p in expected if p not in got], [])
                    self.assertEqual([p for p in got if p not in expected and p not in fragments], [])
                    self.assertEqual(got, sorted(got))

    def test_options_list_the_incident_resources(self):
        modules = self.admin.options(self.daemon.host + "/API/stats/modules", timeout=10).json()["subResources"]
        self.assertIn("global_incidents", modules)
        stats = self.admin.options(self.daemon.host + "/API/stats", timeout=10).json()["subResources"]
        self.assertIn("incidentReporting", stats)

    def user(self, name, **extra):
        r = self.admin.post(self.daemon.host + "/API/system/users", timeout=10,
                            json={"name": name, "password": name + "-pw", "role": "user", **extra})
        self.assertIn(r.status_code, (200, 201), r.text)
        return self.daemon.session(name, name + "-pw")

    def test_a_user_limited_to_some_networks_sees_their_incidents_only(self):
        slot = CAPTURES.index("android.pcap")
        items = self.incidents(slot)
        one = items[0]["serverIp"]
        limited = self.user("incidents-limited", allowedNetworks=one + ("/128" if ":" in one else "/32"))
        mine = [i["id"] for i in items if one in (i["clientIp"], i["serverIp"])]
        self.assertTrue(0 < len(mine) < len(items))
        self.assertEqual([i["id"] for i in self.incidents(slot, limited)], mine)
        rows = list(csv.DictReader(io.StringIO(self.get(LIST, limited, **{"mm-id": slot, "csv": "true"}).text)))
        self.assertEqual([int(x["id"]) for x in rows], mine)
        summary = self.get("/API/stats/modules/global_incidents", limited, **{"mm-id": slot}).json()
        self.assertEqual(summary["numberOfIncidents"], len(mine))

    def test_rules_read_by_users_changed_by_admins(self):
        slot = CAPTURES.index("ftp.pcap")
        user = self.user("incidents-reader")
        rules = {r["name"]: r for r in self.get(LIST + "/rules", user, **{"mm-id": slot}).json()["rules"]}
        self.assertLessEqual({"ndpi_flow_risk", "syn_flood", "syn_scan", "flow_flood", "too_many_drops"}, set(rules))
        self.assertEqual(rules["syn_flood"]["threshold"], 256)
        url = self.daemon.host + LIST + "/rules/syn_flood"
        refused = user.post(url, params={"mm-id": slot}, data={"threshold": "100"}, timeout=10)
        self.assertEqual(refused.status_code, 403)
        r = self.admin.post(url, params={"mm-id": slot}, data={"threshold": "100", "enabled": "false"}, timeout=10)
        self.assertEqual(r.status_code, 200, r.text)
        self.assertEqual((r.json()["threshold"], r.json()["enabled"]), (100, False))
        rules = {r["name"]: r for r in self.get(LIST + "/rules", **{"mm-id": slot}).json()["rules"]}
        self.assertEqual((rules["syn_flood"]["threshold"], rules["syn_flood"]["enabled"]), (100, False))
        # One configuration for every slot, stored: another slot and ntopng's check configuration show it.
        other = self.get(LIST + "/rules", **{"mm-id": slot + 1}).json()
        self.assertTrue(other["persisted"])
        other = {r["name"]: r for r in other["rules"]}
        self.assertEqual((other["syn_flood"]["threshold"], other["syn_flood"]["enabled"]), (100, False))
        restored = self.admin.post(url, params={"mm-id": slot}, data={"threshold": "256", "enabled": "true"},
                                   timeout=10)
        self.assertEqual(restored.status_code, 200, restored.text)
        bad = self.admin.post(self.daemon.host + LIST + "/rules/nonsense", params={"mm-id": slot},
                              data={"enabled": "true"}, timeout=10)
        self.assertEqual(bad.status_code, 404)
        bad = self.admin.post(url, params={"mm-id": slot}, data={"threshold": "-3"}, timeout=10)
        self.assertEqual(bad.status_code, 400)
        bad = self.admin.post(self.daemon.host + LIST + "/rules/ndpi_flow_risk", params={"mm-id": slot},
                              data={"threshold": "3"}, timeout=10)
        self.assertEqual(bad.status_code, 400)  # the risk check has no threshold


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        os.environ.pop(name, None)
    unittest.main(verbosity=2)
