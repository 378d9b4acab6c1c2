#!/usr/bin/env python3
"""Per-minute time series that survive a restart (issue 14): a daemon analyses tor.pcap (slot 0) into its
data directory; ts.lua (interface, one host, two applications, two categories) and the Allegro interface interval and graph are read
while memory holds them; the daemon stops and starts again on the same data directory with another
capture in slot 0 (quic.pcap, 2015: later than tor.pcap's 2013), so tor.pcap's minutes are outside the
new slot's in-memory history; the same past interval must answer what it answered before, now from the
store. A slot's stored series is addressed by its id (ntopng's ifid, the Allegro mm-id): the same -i
position after a restart. Once with SQLite (the store's own table is checked against tshark's frame
count) and once with ClickHouse (a private server; skipped when it is not installed).

Usage: history_series_test.py PATH_TO_NETMETER [unittest args]
"""
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import unittest
import warnings

import requests
import urllib3

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "support"))
import allegro_support as support  # noqa: E402
import api_test  # noqa: E402
import clickhouse_server  # noqa: E402

FIRST = "tor.pcap"    # 2013-11-07 10:54:20 .. 11:04:36, 3859 frames
SECOND = "quic.pcap"  # 2015: the restarted slot 0's memory holds none of FIRST's minutes
HOST = "38.229.70.53"  # a Tor relay of FIRST
# The interface, one host, the traffic nDPI counts under two protocols and in two categories of FIRST.
SCHEMAS = [("iface:traffic_rxtx", "ifid:0"), ("iface:packets", "ifid:0"), ("host:traffic", f"ifid:0,host:{HOST}"),
           ("iface:ndpi", "ifid:0,protocol:Tor"), ("iface:ndpi", "ifid:0,protocol:TLS"),
           ("iface:ndpi_categories", "ifid:0,category:VPN"), ("iface:ndpi_categories", "ifid:0,category:Web")]


def capture_span(capture):
    times = [float(x) for x in support.tshark("-r", capture, "-T", "fields", "-e", "frame.time_epoch").split()]
    return int(min(times)), int(max(times)), len(times), len({int(t) // 60 for t in times})


class Run:
    """A daemon on `data` analysing `capture` in slot 0, waited for until the slot has finished."""

    def __init__(self, data, capture, *extra):
        self.daemon = api_test.Daemon(data, "-i", capture, "--no-ringbuffer", *extra).start()
        self.host = f"https://127.0.0.1:{self.daemon.port}"
        self.s = requests.Session()
        self.s.auth = ("admin", api_test.ADMIN_PW)
        self.s.verify = False
        self.s.trust_env = False
        deadline = time.time() + 60
        while time.time() < deadline:
            slots = self.s.get(self.host + "/API/stats/processing", timeout=10).json()["slots"]
            if slots and all(x.get("state") == "finished" for x in slots):
                return
            time.sleep(0.1)
        raise AssertionError("the analysis did not finish")

    def ts(self, schema, query, begin, end):
        # One point per minute: `limit` points over whole minutes.
        r = self.s.get(self.host + "/lua/rest/v2/get/timeseries/ts.lua", timeout=30,
                       params={"ts_schema": schema, "ts_query": query, "epoch_begin": begin, "epoch_end": end,
                               "limit": (end - begin) // 60})
        body = r.json()
        if r.status_code != 200 or body.get("rc") != 0:
            raise AssertionError(f"ts.lua {schema} {query}: HTTP {r.status_code} {body}")
        return body["rsp"]

    def allegro_interface(self, begin, end, values=None):
        r = self.s.get(self.host + "/API/stats/interfaces", timeout=30,
                       params={"mm-id": 0, "starttime": begin, "endtime": end,
                               "values": values or (end - begin) // 60})
        r.raise_for_status()
        iface = r.json()["interfaces"][0]
        return {"interval": iface["interval"], "history": iface["history"]["data"],
                "timespan": iface["history"]["timespan"]}

    def allegro_dscp0(self, begin, end):
        """The Allegro item of DSCP class 0 (known to both captures' slots): interval and graph."""
        r = self.s.get(self.host + "/API/stats/modules/qos/dscp/0", timeout=30,
                       params={"mm-id": 0, "starttime": begin, "endtime": end, "values": (end - begin) // 60})
        r.raise_for_status()
        item = r.json()
        return {"interval": item["interval"], "history": item["history"]["data"]}

    def allegro_module(self, module, begin, end):
        """A module's overview: its entities summed over the interval (interval, graph, number of items)."""
        r = self.s.get(self.host + "/API/stats/modules/" + module, timeout=30,
                       params={"mm-id": 0, "starttime": begin, "endtime": end, "values": (end - begin) // 60})
        r.raise_for_status()
        body = r.json()
        overview = body["globalCounters"]
        return {"interval": overview["interval"], "history": overview["history"]["data"],
                "items": body["numberOfItems"]}

    def answers(self, begin, end):
        out = {schema + " " + query: self.ts(schema, query, begin, end) for schema, query in SCHEMAS}
        out["allegro interface"] = self.allegro_interface(begin, end)
        out["allegro dscp 0"] = self.allegro_dscp0(begin, end)
        for module in ("qos", "l4_ports", "dpi"):
            out["allegro module " + module] = self.allegro_module(module, begin, end)
        return out

    def stop(self):
        return self.daemon.terminate()


class HistorySeriesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        cls.first = support.need_pcap(FIRST)
        cls.second = support.need_pcap(SECOND)
        first, last, cls.frames, cls.active_minutes = capture_span(cls.first)
        cls.begin = first // 60 * 60
        cls.end = (last + 60) // 60 * 60

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="nm-series-")
        self.data = os.path.join(self.tmp, "data")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def restart_answers_equal(self, *history):
        run = Run(self.data, self.first, *history)
        try:
            before = run.answers(self.begin, self.end)
        finally:
            self.assertEqual(run.stop(), 0)  # an orderly stop writes the queued minutes
        # Memory's answers are not empty: the interface and the host had traffic in most minutes.
        packets = before["iface:packets ifid:0"]["series"][0]
        self.assertEqual(len(packets["data"]), (self.end - self.begin) // 60)
        self.assertEqual(packets["statistics"]["total"], self.frames)
        host = before[f"host:traffic ifid:0,host:{HOST}"]["series"]
        self.assertGreater(host[0]["statistics"]["total"] + host[1]["statistics"]["total"], 0)
        for schema, query in SCHEMAS[3:]:
            series = before[schema + " " + query]["series"][0]
            self.assertGreater(series["statistics"]["total"], 0, query)
        self.assertEqual(before["allegro interface"]["interval"][0], self.frames)
        self.assertGreater(before["allegro dscp 0"]["interval"][0], 0)
        for module in ("qos", "l4_ports", "dpi"):
            self.assertGreater(before["allegro module " + module]["items"], 0, module)
        # Every IP packet has one DSCP class: the classes summed are the IP packets of the interval.
        self.assertGreater(before["allegro module qos"]["interval"][0], 0)

        again = Run(self.data, self.second, *history)
        try:
            after = again.answers(self.begin, self.end)
            # The new slot's own traffic is in memory and elsewhere in time: its interval is not tor's.
            now = again.allegro_interface(self.begin + 2 * 365 * 86400, self.begin + 3 * 365 * 86400, 100)
            self.assertNotEqual(now["interval"][0], self.frames)
        finally:
            self.assertEqual(again.stop(), 0)
        for name in before:
            if name.startswith("allegro module "):
                # The module lists' numberOfItems counts every entity the list holds: tor's, now from the
                # store, plus the new slot's own ones in memory (no traffic in tor's interval).
                self.assertGreaterEqual(after[name].pop("items"), before[name].pop("items"), name)
            self.assertEqual(after[name], before[name], name)
        return before

    def test_sqlite_series_answer_the_same_after_a_restart(self):
        self.restart_answers_equal()
        db = sqlite3.connect(os.path.join(self.data, "history.db"))
        try:
            # The stored interface minutes of slot 0 in tor.pcap's range hold exactly its frames (tshark).
            (packets, minutes), = db.execute(
                "SELECT sum(rx_packets), count(*) FROM rollups WHERE interface_id = 0 AND kind = 0 "
                "AND minute >= ? AND minute < ?", (self.begin, self.end)).fetchall()
            self.assertEqual(packets, self.frames)
            self.assertEqual(minutes, self.active_minutes)  # sparse: only minutes with traffic
            kinds = {k for k, in db.execute("SELECT DISTINCT kind FROM rollups WHERE minute < ?", (self.end,))}
            # interface, hosts, applications, ports, DSCP, categories
            self.assertTrue({0, 1, 2, 3, 5, 6} <= kinds, kinds)
        finally:
            db.close()

    def test_clickhouse_series_answer_the_same_after_a_restart(self):
        try:
            ch = clickhouse_server.ClickHouseServer().__enter__()
        except clickhouse_server.Unavailable as e:
            self.skipTest(str(e))
        try:
            self.restart_answers_equal("--history", ch.url("netmeter"), "--history-password-file",
                                       ch.password_file)
        finally:
            ch.__exit__(None, None, None)


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    unittest.main()
