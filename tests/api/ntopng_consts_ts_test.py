#!/usr/bin/env python3
"""The ntopng dialect's constants and time series (issue 10) against a daemon analysing real captures:
get/l4/protocol, get/l7/application, get/l7/category, get/alert/severity and get/alert/type consts;
get/timeseries/ts.lua (GET and POST) and get/timeseries/type/consts.lua. Cross-checked with tshark
(frame totals, `-z endpoints,ip`), nDPI's reference results (every application name they show is a
constant) and the Allegro dialect (the same slot's interface history, applications and categories).

Usage: ntopng_consts_ts_test.py PATH_TO_NETMETER [unittest args]
"""
import glob
import math
import os
import re
import sys
import unittest
import warnings

import urllib3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import allegro_support  # noqa: E402
import api_test  # noqa: E402
import ntopng_support as support  # noqa: E402

CAPTURE = "1kxun.pcap"        # ifid 0: HTTP, TLS, DNS, IPv6 link-local, one minute
SECOND = "443-chrome.pcap"    # ifid 1: one packet
CONFIG = os.path.join(os.path.dirname(allegro_support.PCAP_DIR), "config")
RESULTS = os.path.join(os.path.dirname(allegro_support.PCAP_DIR), "result")
OVERHEAD = 24  # ntopng's Ethernet overhead per packet in interface bytes
SERVED = {"iface:traffic", "iface:traffic_rxtx", "iface:packets", "iface:ndpi", "iface:ndpi_categories",
          "host:traffic"}


def frame_totals(capture):
    """(packets, sum of frame.len) of the capture, from tshark."""
    lengths = [int(x) for x in support.tshark("-r", capture, "-T", "fields", "-e", "frame.len").split()]
    return len(lengths), sum(lengths)


def capture_span(capture):
    """(first, last) packet second of the capture, from tshark."""
    times = [float(x) for x in support.tshark("-r", capture, "-T", "fields", "-e", "frame.time_epoch").split()]
    return int(min(times)), int(max(times))


def reference_app_names():
    """Every application name in the summaries of nDPI's reference results ("Name<TAB>pkts<TAB>bytes<TAB>flows")."""
    names = set()
    for path in glob.glob(os.path.join(RESULTS, "*.out")):
        with open(path, errors="replace") as f:
            for line in f:
                m = re.match(r"^([A-Za-z0-9_.\-]+)\t\d+\t\d+\t\d+\s*$", line)
                if m:
                    names.add(m.group(1))
    return names


class NtopngConstsTimeseriesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        cls.capture = support.need_pcap(CAPTURE)
        cls.second = support.need_pcap(SECOND)
        protos = os.path.join(CONFIG, "protos.txt")
        cls.daemon = support.AnalysisDaemon(cls.capture, cls.second, extra=("--ndpi-protos", protos)).start()
        cls.ntop = support.NtopClient(cls.daemon)
        first, last = capture_span(cls.capture)
        # A range of whole hours around the capture: its points are whole history buckets, so sums are exact.
        cls.begin = first // 3600 * 3600 - 3600
        cls.end = (last + 1 + 3599) // 3600 * 3600 + 3600

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    def ts(self, schema, query, **params):
        return self.ntop.rsp("get/timeseries/ts.lua", ts_schema=schema, ts_query=query, **params)

    def whole(self, schema, query, **params):
        return self.ts(schema, query, epoch_begin=self.begin, epoch_end=self.end, **params)

    def totals(self, answer):
        return {s["id"]: s["statistics"]["total"] for s in answer["series"]}

    def assertError(self, r, status, rc_str):
        self.assertEqual(r.status_code, status, r.text)
        body = r.json()
        self.assertEqual(body["rc_str"], rc_str, body)
        self.assertEqual(body["rsp"], [])

    # ---- constants ----

    def test_l4_protocols_are_ntopngs_static_list(self):
        rsp = self.ntop.rsp("get/l4/protocol/consts.lua")
        self.assertEqual(len(rsp), 18)
        self.assertEqual(rsp[0], {"name": "IP", "other": "ip", "id": 0})
        self.assertEqual(rsp[3], {"name": "TCP", "other": "tcp", "id": 6})
        self.assertEqual(rsp[-1], {"name": "Other IP", "other": "other_ip", "id": -1})
        self.assertEqual([p["id"] for p in rsp].count(58), 2)  # IPv6-ICMP and ICMPv6, as ntopng lists them
        self.assertEqual(self.ntop.rsp("get/l4/protocol/consts.lua", version="v1"), rsp)

    def test_alert_severities_and_types(self):
        rsp = self.ntop.rsp("get/alert/severity/consts.lua")
        self.assertEqual({s["severity"]: s["id"] for s in rsp},
                         {"none": 0, "debug": 1, "info": 2, "notice": 3, "warning": 4, "error": 5,
                          "critical": 6, "emergency": 8})
        r = self.ntop.call("get/alert/type/consts.lua")
        self.assertEqual(r.status_code, 200)
        types = {(t["entity"], t["key"]): t["type"] for t in r.json()["rsp"]}
        # ntopng 6.x's FlowAlertTypeEnum: one id space for its flow checks (flow_alert_keys) and the alerts
        # its FlowRiskAlerts assigns to nDPI's risks (41 with nDPI 4.2), e.g. DGA domain 47.
        other = [8, 9, 11, 13, 32, 33, 35, 38]
        risks = sorted(k for e, k in types if e == "flow" and k not in other)
        self.assertEqual(len(risks), 41)
        self.assertEqual(sorted(k for e, k in types if e == "flow" and k in other), other)
        self.assertEqual(types[("flow", 13)], "alert_blacklisted_server_contact")
        self.assertEqual(types[("flow", 28)], "alert_tls_certificate_selfsigned")
        self.assertEqual(types[("flow", 47)], "alert_ndpi_suspicious_dga_domain")
        self.assertEqual(types[("host", 6)], "alert_syn_flood")

    def test_applications_hold_every_name_of_ndpis_results(self):
        rsp = self.ntop.rsp("get/l7/application/consts.lua")
        for a in rsp:
            self.assertEqual(set(a), {"name", "appl_id", "cat_id"})
            self.assertIsInstance(a["appl_id"], int)
            self.assertIsInstance(a["cat_id"], int)
        names = {a["name"] for a in rsp}
        self.assertEqual(len(names), len(rsp))
        ids = [a["appl_id"] for a in rsp]
        self.assertEqual(ids, sorted(set(ids)))
        expected = reference_app_names()
        self.assertGreater(len(expected), 150)
        self.assertEqual(expected - names, set())
        self.assertIn("iSCSI", names)  # a custom protocol of --ndpi-protos
        by_name = {a["name"]: a for a in rsp}
        self.assertEqual(by_name["HTTP"]["appl_id"], 7)
        self.assertEqual(by_name["HTTP"]["cat_id"], 5)  # Web
        self.assertEqual(by_name["Unknown"]["appl_id"], 0)
        # Any slot answers; an explicit ifid too, and an unknown one is refused.
        self.assertEqual(self.ntop.rsp("get/l7/application/consts.lua", ifid=1), rsp)
        self.assertError(self.ntop.call("get/l7/application/consts.lua", ifid=7), 400, "INVALID_INTERFACE")

    def test_categories_list_their_applications(self):
        apps = self.ntop.rsp("get/l7/application/consts.lua")
        rsp = self.ntop.rsp("get/l7/category/consts.lua")
        by_id = {c["cat_id"]: c for c in rsp}
        self.assertEqual(by_id[0]["name"], "Unspecified")
        self.assertEqual(by_id[5]["name"], "Web")
        self.assertEqual(by_id[20]["name"], "User custom category 1")
        self.assertEqual(by_id[99]["name"], "Mining")
        self.assertEqual(by_id[105]["name"], "Antimalware")
        self.assertEqual([c["cat_id"] for c in rsp], sorted(by_id))
        listed = {}
        for c in rsp:
            names = [a["name"] for a in c["app_list"]]
            self.assertEqual(names, sorted(names, key=str.lower), c["name"])
            for a in c["app_list"]:
                self.assertIsInstance(a["id"], str)  # ids as strings, as ntopng gives them
                listed[a["name"]] = (int(a["id"]), c["cat_id"])
        self.assertEqual(listed, {a["name"]: (a["appl_id"], a["cat_id"]) for a in apps if a["cat_id"] in by_id})

    # ---- time series ----

    def test_schema_list_is_what_ts_serves(self):
        rsp = self.ntop.rsp("get/timeseries/type/consts.lua")
        self.assertEqual({s["schema"] for s in rsp}, SERVED)
        for s in rsp:
            self.assertIn(s["id"], ("iface", "host"))
            self.assertEqual(s["tags"][0], "ifid")
            self.assertTrue(s["timeseries"])
        hosts = self.ntop.rsp("get/timeseries/type/consts.lua", query="host")
        self.assertEqual([s["schema"] for s in hosts], ["host:traffic"])
        for schema in ("iface:score", "host:score", "host:ndpi", "iface:flows", "nosuch"):
            r = self.ntop.call("get/timeseries/ts.lua", ts_schema=schema, ts_query="ifid:0")
            self.assertError(r, 400, "INVALID_ARGUMENTS")
            self.assertIn("schema not served", r.json()["rc_str_hr"])

    def test_iface_traffic_sums_to_the_interface_bytes(self):
        packets, frame_bytes = frame_totals(self.capture)
        rsp = self.whole("iface:traffic", "ifid:0")
        meta = rsp["metadata"]
        self.assertEqual(meta["schema"], "iface:traffic")
        self.assertEqual(meta["query"], {"ifid": "0"})
        self.assertEqual(meta["epoch_begin"], self.begin)
        step = meta["epoch_step"]
        self.assertEqual((self.end - self.begin) % step, 0)
        self.assertEqual(meta["num_point"], (self.end - self.begin) // step)
        self.assertEqual(meta["epoch_end"], meta["epoch_begin"] + meta["num_point"] * step)
        [series] = rsp["series"]
        self.assertEqual(series["id"], "bytes")
        self.assertEqual(len(series["data"]), meta["num_point"])
        stats = series["statistics"]
        self.assertEqual(stats["total"], frame_bytes + OVERHEAD * packets)
        self.assertAlmostEqual(sum(series["data"]) * step, stats["total"], delta=1)  # bytes/s
        self.assertEqual(stats["max_val"], max(series["data"]))
        self.assertEqual(series["data"][stats["max_val_idx"]], stats["max_val"])
        self.assertAlmostEqual(stats["average"], sum(series["data"]) / len(series["data"]))
        rank = math.ceil(0.95 * len(series["data"])) - 1
        self.assertEqual(stats["95th_percentile"], sorted(series["data"])[rank])
        pk = self.whole("iface:packets", "ifid:0")["series"][0]["statistics"]["total"]
        self.assertEqual(pk, packets)
        rxtx = self.totals(self.whole("iface:traffic_rxtx", "ifid:0"))
        self.assertEqual(rxtx, {"bytes_sent": 0, "bytes_rcvd": frame_bytes + OVERHEAD * packets})
        # The other interface has its own.
        packets1, bytes1 = frame_totals(self.second)
        other = self.ts("iface:traffic", "ifid:1", epoch_begin=0, epoch_end=2_000_000_000)
        self.assertEqual(other["series"][0]["statistics"]["total"], bytes1 + OVERHEAD * packets1)

    def test_iface_points_equal_the_allegro_history(self):
        traffic = self.whole("iface:traffic", "ifid:0")
        pkts = self.whole("iface:packets", "ifid:0")["series"][0]["data"]
        step = traffic["metadata"]["epoch_step"]
        r = self.daemon.session().get(self.daemon.host + "/API/stats/interfaces", timeout=30,
                                      params={"mm-id": ":0", "starttime": self.begin, "endtime": self.end,
                                              "values": 60})
        r.raise_for_status()
        [iface] = r.json()["interfaces"]
        history = iface["history"]
        self.assertEqual(history["timespan"], step)
        rows = [history["data"][i:i + 5] for i in range(0, len(history["data"]), 5)]
        self.assertEqual(len(rows), len(pkts))
        self.assertEqual(iface["allTime"][1] + OVERHEAD * iface["allTime"][0],
                         traffic["series"][0]["statistics"]["total"])
        for i, (t, rx_pkts, rx_bytes, tx_pkts, tx_bytes) in enumerate(rows):
            self.assertEqual(t // 1000, traffic["metadata"]["epoch_begin"] + i * step)
            packets = round(pkts[i] * step)
            frame_bytes = round(traffic["series"][0]["data"][i] * step) - OVERHEAD * packets
            self.assertEqual(rx_pkts + tx_pkts, packets // step, i)  # Allegro: per second, rounded down
            self.assertEqual(rx_bytes + tx_bytes, frame_bytes // step, i)

    def test_host_traffic_equals_tshark_endpoints(self):
        expected = support.tshark_ip_endpoints(self.capture)
        self.assertGreater(len(expected), 10)
        for ip, e in expected.items():
            totals = self.totals(self.whole("host:traffic", f"ifid:0,host:{ip}"))
            self.assertEqual(totals, {"bytes_sent": e["tx_bytes"], "bytes_rcvd": e["rx_bytes"]}, ip)
        v6 = [ip for ip in expected if ":" in ip]
        self.assertTrue(v6)
        rsp = self.whole("host:traffic", f"ifid:0,host:{v6[0]}@0")
        self.assertEqual(rsp["metadata"]["query"], {"ifid": "0", "host": f"{v6[0]}@0"})

    def test_post_json_and_the_ifid_parameter_answer_alike(self):
        ip = "192.168.115.8"
        body = {"ts_schema": "host:traffic", "ts_query": f"ifid:0,host:{ip}", "epoch_begin": self.begin,
                "epoch_end": self.end, "limit": 12}
        r = self.ntop.s.post(self.daemon.host + "/lua/rest/v2/get/timeseries/ts.lua", json=body, timeout=30)
        self.assertEqual(r.status_code, 200, r.text)
        posted = r.json()["rsp"]
        self.assertEqual(posted, self.whole("host:traffic", f"ifid:0,host:{ip}", limit=12))
        self.assertLessEqual(posted["metadata"]["num_point"], 12)
        separate = self.ts("host:traffic", f"host:{ip}", ifid=0, epoch_begin=self.begin, epoch_end=self.end,
                           limit=12)
        self.assertEqual(self.totals(separate), self.totals(posted))
        self.assertEqual(self.ntop.rsp("get/timeseries/ts.lua", version="v1", ts_schema="host:traffic",
                                       ts_query=f"ifid:0,host:{ip}", epoch_begin=self.begin,
                                       epoch_end=self.end, limit=12), posted)

    def test_default_range_is_the_last_hour_of_packet_time(self):
        rsp = self.ts("iface:traffic", "ifid:0")
        meta = rsp["metadata"]
        _, last = capture_span(self.capture)
        self.assertLessEqual(meta["epoch_begin"], last + 1 - 3600)
        self.assertGreaterEqual(meta["epoch_end"], last + 1)
        self.assertLessEqual(meta["num_point"], 60)

    def test_protocol_series_equal_the_allegro_applications(self):
        items = self.daemon.get("/API/stats/modules/dpi/dpi_paged", **{"mm-id": ":0", "count": 100})
        self.assertEqual(items["numberOfPages"], 1)
        expected = {}
        for item in items["displayedItems"]:
            name = item["name"].split(".")[-1]  # counted under the app protocol when there is one
            expected[name] = expected.get(name, 0) + item["allTime"][1] + item["allTime"][3]
        self.assertIn("HTTP", expected)
        for name, total in expected.items():
            rsp = self.whole("iface:ndpi", f"ifid:0,protocol:{name}")
            self.assertEqual(self.totals(rsp), {"bytes": total}, name)
        unseen = self.whole("iface:ndpi", "ifid:0,protocol:Skype_Teams")
        self.assertEqual(self.totals(unseen), {"bytes": 0})
        self.assertEqual(self.totals(self.whole("iface:ndpi", "ifid:0,protocol:7")),
                         self.totals(self.whole("iface:ndpi", "ifid:0,protocol:HTTP")))

    def test_category_series_equal_the_allegro_categories(self):
        for name in self.daemon.get("/API/stats/modules/dpi/categories", **{"mm-id": ":0"}):
            c = self.daemon.get(f"/API/stats/modules/dpi/categories/{name}", **{"mm-id": ":0"})
            rsp = self.whole("iface:ndpi_categories", f"ifid:0,category:{name}")
            self.assertEqual(self.totals(rsp), {"bytes": c["allTime"][1] + c["allTime"][3]}, name)

    def test_errors(self):
        call = self.ntop.call
        self.assertError(call("get/timeseries/ts.lua", ts_query="ifid:0"), 400, "INVALID_ARGUMENTS")
        self.assertError(call("get/timeseries/ts.lua", ts_schema="iface:traffic"), 400, "INVALID_INTERFACE")
        self.assertError(call("get/timeseries/ts.lua", ts_schema="iface:traffic", ts_query="ifid:9"), 400,
                         "INVALID_INTERFACE")
        self.assertError(call("get/timeseries/ts.lua", ts_schema="iface:traffic", ts_query="ifid"), 400,
                         "INVALID_ARGUMENTS")
        self.assertError(call("get/timeseries/ts.lua", ts_schema="host:traffic", ts_query="ifid:0,host:1.2.3.4"),
                         404, "NOT_FOUND")
        self.assertError(call("get/timeseries/ts.lua", ts_schema="host:traffic", ts_query="ifid:0"), 400,
                         "INVALID_ARGUMENTS")
        self.assertError(call("get/timeseries/ts.lua", ts_schema="host:traffic", ts_query="ifid:0,host:nohost"),
                         400, "INVALID_ARGUMENTS")
        self.assertError(call("get/timeseries/ts.lua", ts_schema="iface:ndpi", ts_query="ifid:0,protocol:NoSuch"),
                         400, "INVALID_ARGUMENTS")
        self.assertError(call("get/timeseries/ts.lua", ts_schema="iface:ndpi_categories",
                              ts_query="ifid:0,category:NoSuch"), 400, "INVALID_ARGUMENTS")
        for params in ({"epoch_begin": "x"}, {"epoch_end": "-5"}, {"limit": "0"},
                       {"epoch_begin": self.end, "epoch_end": self.begin}):
            self.assertError(call("get/timeseries/ts.lua", ts_schema="iface:traffic", ts_query="ifid:0", **params),
                             400, "INVALID_ARGUMENTS")
        empty = self.ts("iface:traffic", "ifid:0", epoch_begin=self.begin, epoch_end=self.begin)
        self.assertEqual(empty["metadata"]["num_point"], 0)
        self.assertEqual(empty["series"][0]["data"], [])

    def test_restricted_user_sees_only_its_hosts(self):
        admin = self.daemon.session()
        r = admin.post(self.daemon.host + "/API/system/users", timeout=30,
                       json={"name": "ts-limited", "password": "ts-limited-pw", "role": "user",
                             "allowedNetworks": ["192.168.115.0/24"]})
        self.assertIn(r.status_code, (200, 201), r.text)
        limited = support.NtopClient(self.daemon, "ts-limited", "ts-limited-pw")
        mine = limited.rsp("get/timeseries/ts.lua", ts_schema="host:traffic", ts_query="ifid:0,host:192.168.115.8",
                           epoch_begin=self.begin, epoch_end=self.end)
        self.assertEqual(mine, self.whole("host:traffic", "ifid:0,host:192.168.115.8"))
        r = limited.call("get/timeseries/ts.lua", ts_schema="host:traffic", ts_query="ifid:0,host:183.131.48.144",
                         epoch_begin=self.begin, epoch_end=self.end)
        self.assertError(r, 404, "NOT_FOUND")
        self.assertEqual(len(limited.rsp("get/l7/application/consts.lua")),
                         len(self.ntop.rsp("get/l7/application/consts.lua")))


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        os.environ.pop(name, None)
    unittest.main(verbosity=2)
