#!/usr/bin/env python3
"""Allegro lists over a past interval read the stored minutes (issue 14): a daemon analyses tor.pcap
(slot 0) into its data directory; the application, TCP/UDP port and IP lists over tor.pcap's interval
(`starttime`/`endtime`, sorted by bytes, by rate and by key, paged; the IPs' CSV export too) are read
while memory holds them; the daemon
stops and starts again on the same data directory with quic.pcap (2015) in slot 0, so tor.pcap's
minutes are outside the new slot's memory; the same lists must answer the same rows — the same
`interval` values, in the same order — now from the store. The new slot's own entities (no traffic in
2013) are listed too, with zero interval values: they are left out of the comparison. Once with SQLite
and once with ClickHouse (a private server; skipped when it is not installed).

Usage: history_lists_test.py PATH_TO_NETMETER [unittest args]
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

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "support"))
import allegro_support as support  # noqa: E402
import api_test  # noqa: E402
import clickhouse_server  # noqa: E402
from history_series_test import FIRST, SECOND, Run, capture_span  # noqa: E402

# (name, path, identity fields of an element) of the lists compared.
LISTS = [("applications", "/API/stats/modules/dpi/dpi_paged", ("protocol",)),
         ("categories", "/API/stats/modules/dpi/categories_paged", ("id", "category")),
         ("tcp ports", "/API/stats/modules/l4_ports/tcp_ports_paged", ("serverPort", "l4Protocol")),
         ("udp ports", "/API/stats/modules/l4_ports/udp_ports_paged", ("serverPort", "l4Protocol")),
         ("ips", "/API/stats/modules/ip/ips_paged", ("ip", "vlan"))]
# The orders compared: by the interval's bytes (descending), by rate, and by the list's key.
SORTS = [{"sort": "bytes", "reverse": "true"}, {"sort": "bps", "reverse": "true"}, {}]
PAGE = 4  # small pages: the order runs across pages


def rows(run, path, identity, begin, end, sort):
    """Every element of the list over [begin, end) in order, page by page: identity and interval values."""
    out, page = [], 0
    while True:
        params = {"mm-id": 0, "starttime": begin, "endtime": end, "count": PAGE, "page": page,
                  "history": "false", **sort}
        r = run.s.get(run.host + path, params=params, timeout=30)
        r.raise_for_status()
        body = r.json()
        for item in body["displayedItems"]:
            out.append({k: item[k] for k in identity + ("interval", "intervalPerSecond")})
        page += 1
        if page >= body["numberOfPages"]:
            return out, body["numberOfItems"]


def csv_rows(run, path, begin, end):
    """The list's CSV export (every element, by bytes): identity and the interval's four counters."""
    params = {"mm-id": 0, "starttime": begin, "endtime": end, "csv": "true", "sort": "bytes", "reverse": "true"}
    r = run.s.get(run.host + path, params=params, timeout=30)
    r.raise_for_status()
    out = []
    for row in csv.DictReader(io.StringIO(r.text)):
        counters = [int(row[k]) for k in ("rxPackets", "rxBytes", "txPackets", "txBytes")]
        out.append({"ip": row["ip"], "vlan": row["vlan"], "interval": counters})
    return out, len(out)


def answers(run, begin, end):
    out = {}
    for name, path, identity in LISTS:
        for sort in SORTS:
            out[f"{name} {sort}"] = rows(run, path, identity, begin, end, sort)
    out["ips csv bytes"] = csv_rows(run, "/API/stats/modules/ip/ips_paged", begin, end)
    return out


class HistoryListsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        cls.first = support.need_pcap(FIRST)
        cls.second = support.need_pcap(SECOND)
        first, last, _, _ = capture_span(cls.first)
        cls.begin = first // 60 * 60
        cls.end = (last + 60) // 60 * 60

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="nm-lists-")
        self.data = os.path.join(self.tmp, "data")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def restart_lists_equal(self, *history):
        # The capture's minutes, and a part of them. Whole minutes: the store's minutes answer exactly what
        # memory's finer buckets answered (a minute partly inside counts pro rata, memory's may not).
        ranges = [(self.begin, self.end), (self.begin + 120, self.end - 180)]
        run = Run(self.data, self.first, *history)
        try:
            before = {r: answers(run, *r) for r in ranges}
        finally:
            self.assertEqual(run.stop(), 0)  # an orderly stop writes the queued minutes
        for name, path, _ in LISTS:
            items, total = before[ranges[0]][f"{name} {SORTS[0]}"]
            self.assertGreater(total, 0, name)
            self.assertEqual(len(items), total, name)
            # Memory's answer has traffic to compare (an IP may be known without any: a DNS answer's).
            self.assertTrue(any(any(i["interval"]) for i in items), name)
        # The CSV export holds the same IPs and counters as the paged list.
        exported, _ = before[ranges[0]]["ips csv bytes"]
        listed, _ = before[ranges[0]][f"ips {SORTS[0]}"]
        self.assertEqual([(i["ip"], i["interval"]) for i in exported], [(i["ip"], i["interval"]) for i in listed])

        again = Run(self.data, self.second, *history)
        try:
            after = {r: answers(again, *r) for r in ranges}
        finally:
            self.assertEqual(again.stop(), 0)
        for r in ranges:
            for key, (items, _) in before[r].items():
                now, total = after[r][key]
                self.assertGreaterEqual(total, len(now))
                # The new slot's entities have no traffic in 2013: zero values, after tor's when sorted by
                # traffic, anywhere by key.
                self.assertEqual([i for i in now if any(i["interval"])], [i for i in items if any(i["interval"])],
                                 f"{key} over {r}")
                if "bytes" in key:
                    stored = [i for i in now if any(i["interval"])]
                    self.assertEqual(now[:len(stored)], stored, key)

    def test_sqlite_lists_answer_the_same_after_a_restart(self):
        self.restart_lists_equal()

    def test_clickhouse_lists_answer_the_same_after_a_restart(self):
        try:
            ch = clickhouse_server.ClickHouseServer().__enter__()
        except clickhouse_server.Unavailable as e:
            self.skipTest(str(e))
        try:
            self.restart_lists_equal("--history", ch.url("netmeter"), "--history-password-file", ch.password_file)
        finally:
            ch.__exit__(None, None, None)


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    unittest.main()
