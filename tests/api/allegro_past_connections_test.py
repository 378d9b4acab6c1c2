#!/usr/bin/env python3
"""Allegro globalConnections with a starttime/endtime before the connections a slot keeps (issue 14): the
daemon analyses a capture into the history store, is restarted on a capture taken eight years later, and
the first capture's interval is then answered from the store: the same connections (ids, endpoints,
counters, start, application) as the first daemon answered from memory, with filters (the parts the
store tests and the parts tested on the rows read), sorting, `count`, the CSV, and an empty interval. Once
with SQLite and once with a private clickhouse-server (skipped when it is not installed). With the slot's
ring buffer recording, each past connection links to its packets (`captureUrl`), for callers who may
download them.

Usage: allegro_past_connections_test.py PATH_TO_NETMETER [unittest args]
"""
import csv
import io
import os
import shutil
import struct
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "support"))
import api_test  # noqa: E402
import clickhouse_server  # noqa: E402
from allegro_support import need_pcap  # noqa: E402

CAPTURE = "tor.pcap"  # 2013: TCP and UDP over 616 s, long flows stored in several rows
LATER = "salesforce.pcap"  # 2021: what the restarted daemon keeps in memory
GLOBAL = "/API/stats/modules/ip/globalConnections"
# Mapped to columns (ip, port ranges, l4, vlan), tested on the rows read (dpi), and both in one `and`.
FILTERS = ["ip==38.229.70.53", "l4Protocol==UDP", "srcport>=1024 and !(ip==38.229.70.0/24)",
           "portrange==440-450,9000-", "vlan==none and port!=443", "dpi==TLS", "l4Protocol==TCP and dpi~tor",
           "ip==38.229.70.53 or dpi==DNS"]


def session():
    import requests
    s = requests.Session()
    s.auth = ("admin", api_test.ADMIN_PW)
    s.verify = False
    s.trust_env = False
    return s


def wait_finished(s, host, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        slots = s.get(host + "/API/stats/processing", timeout=10).json()["slots"]
        if slots and all(x.get("state") == "finished" for x in slots):
            return
        time.sleep(0.1)
    raise AssertionError("the analysis did not finish")


def connections(s, host, **params):
    """The asyncResult of globalConnections with these parameters."""
    r = s.get(host + GLOBAL, params={"count": 1000, **params}, timeout=30)
    r.raise_for_status()
    job = r.json()
    for _ in range(600):
        resp = s.get(host + f"/API/async/{job['asyncID']}", params={"uuid": job["asyncUUID"]}, timeout=10)
        if resp.status_code == 202:
            time.sleep(0.05)
            continue
        if resp.status_code != 200:
            raise AssertionError(f"{params}: HTTP {resp.status_code} {resp.text}")
        return resp.json()["asyncResult"]
    raise AssertionError("globalConnections did not finish")


def key(x):
    """What a past connection keeps of a live one: the counters, the second it began, the application."""
    return (x["id"], x["clientIp"], x["clientPort"], x["serverIp"], x["serverPort"], x["l4Protocol"], x["vlan"],
            tuple(x["allTime"][:4]), x["connectionStart"] // 1000, x["dpiProtocol"], x["serverName"])


class Store:
    """Two daemons on one data directory: the first analyses CAPTURE (its live answers are kept), the second,
    started after it stopped, analyses LATER."""

    def __init__(self, *history, ring=False):
        self.tmp = tempfile.mkdtemp(prefix="nm-pastconn-")
        data = os.path.join(self.tmp, "data")
        self.s = session()
        recording = "--ringbuffer-files" if ring else "--no-ringbuffer"
        first = api_test.Daemon(data, "-i", need_pcap(CAPTURE), recording, *history).start()
        try:
            host = f"https://127.0.0.1:{first.port}"
            wait_finished(self.s, host)
            self.live = connections(self.s, host)["displayedItems"]
            self.live_filtered = {f: connections(self.s, host, filter=f)["displayedItems"] for f in FILTERS}
        finally:
            assert first.terminate() == 0  # an orderly stop writes what is queued
        self.daemon = api_test.Daemon(data, "-i", need_pcap(LATER), recording, *history).start()
        self.host = f"https://127.0.0.1:{self.daemon.port}"
        wait_finished(self.s, self.host)
        self.start = min(x["connectionStart"] for x in self.live) // 1000
        self.end = max(x["lastActivity"] for x in self.live) // 1000 + 1

    def past(self, **params):
        return connections(self.s, self.host, starttime=self.start, endtime=self.end, **params)

    def stop(self):
        try:
            self.daemon.terminate()
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)


class PastConnectionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        need_pcap(CAPTURE), need_pcap(LATER)
        cls.sqlite = Store()

    @classmethod
    def tearDownClass(cls):
        cls.sqlite.stop()

    def check_store(self, b):
        self.assertGreater(len(b.live), 5)
        # The restarted daemon's memory holds LATER's connections only.
        now = connections(b.s, b.host)["displayedItems"]
        self.assertFalse({key(x) for x in now} & {key(x) for x in b.live})
        # The restarted slot numbered its flows on from the stored ones (the low 48 bits; the high ones name
        # the worker): no id of the second run is one of the first run's.
        mask = (1 << 48) - 1
        self.assertGreater(min(x["id"] & mask for x in now), max(x["id"] & mask for x in b.live))
        past = b.past()
        self.assertEqual(past["numberOfMatches"], len(b.live))
        self.assertEqual(sorted(map(key, past["displayedItems"])), sorted(map(key, b.live)))
        self.assertEqual(set(past["displayedItems"][0]), set(b.live[0]))  # the same fields
        for f, live in b.live_filtered.items():
            got = b.past(filter=f)["displayedItems"]
            self.assertEqual(sorted(map(key, got)), sorted(map(key, live)), f)
            self.assertTrue(live or f.startswith("vlan"), f)  # each filter selects something here
        # Sorted on the store's counters, and `count` cuts the sorted list.
        top = b.past(sort="bytes", reverse="true", count=5)
        self.assertEqual(top["numberOfMatches"], len(b.live))
        expected = sorted(b.live, key=lambda x: (-(x["allTime"][1] + x["allTime"][3]), x["id"]))[:5]
        self.assertEqual([x["id"] for x in top["displayedItems"]], [x["id"] for x in expected])
        by_port = b.past(sort="serverPort")["displayedItems"]
        self.assertEqual([x["serverPort"] for x in by_port], sorted(x["serverPort"] for x in b.live))
        # The CSV: every connection, in the order they began in (their id).
        r = b.s.get(b.host + GLOBAL + "/csv", params={"starttime": b.start, "endtime": b.end}, timeout=30)
        self.assertEqual(r.status_code, 200, r.text)
        rows = list(csv.DictReader(io.StringIO(r.text)))
        self.assertEqual(len(rows), len(b.live))
        again = b.s.get(b.host + GLOBAL + "/csv", params={"starttime": b.start, "endtime": b.end}, timeout=30)
        self.assertEqual(again.text, r.text)  # answered again, not from a cache of the waiting answer
        self.assertEqual([(x["clientIp"], int(x["clientPort"]), x["serverIp"], int(x["serverPort"])) for x in rows],
                         [(x["clientIp"], x["clientPort"], x["serverIp"], x["serverPort"])
                          for x in sorted(b.live, key=lambda x: x["id"])])
        # An interval after the capture (still before the memory's) holds nothing; a bad filter is a 400.
        empty = connections(b.s, b.host, starttime=b.end + 100, endtime=b.end + 200)
        self.assertEqual((empty["numberOfMatches"], empty["displayedItems"]), (0, []))
        r = b.s.get(b.host + GLOBAL, params={"starttime": b.start, "filter": "ip=="}, timeout=10)
        self.assertEqual(r.status_code, 400, r.text)

    def test_sqlite(self):
        self.check_store(self.sqlite)

    def test_clickhouse(self):
        try:
            ch = clickhouse_server.ClickHouseServer().__enter__()
        except clickhouse_server.Unavailable as e:
            self.skipTest(str(e))
        try:
            b = Store("--history", ch.url("netmeter"), "--history-password-file", ch.password_file)
            try:
                self.check_store(b)
            finally:
                b.stop()
        finally:
            ch.__exit__(None, None, None)


def pcap_packets(body):
    """The number of packet records of a classic pcap file (either timestamp resolution)."""
    magic = struct.unpack("<I", body[:4])[0]
    assert magic in (0xA1B2C3D4, 0xA1B23C4D), hex(magic)
    n, at = 0, 24
    while at < len(body):
        caplen = struct.unpack("<I", body[at + 8:at + 12])[0]
        at += 16 + caplen
        n += 1
    assert at == len(body)
    return n


class PastCaptureLinksTest(unittest.TestCase):
    """The ring buffer of slot 0 recorded both captures: a past connection links to its own packets."""

    @classmethod
    def setUpClass(cls):
        need_pcap(CAPTURE), need_pcap(LATER)
        cls.b = Store(ring=True)

    @classmethod
    def tearDownClass(cls):
        cls.b.stop()

    def test_links_lead_to_the_connections_packets(self):
        b = self.b
        past = b.past()["displayedItems"]
        self.assertEqual(len(past), len(b.live))
        for x in past:
            self.assertIn("captureUrl", x)
            self.assertTrue(x["captureUrl"].startswith("/API/data/modules/capture?fromCaptureBuffer=true&mm-id=0&"))
        # The busiest connections of each L4 protocol: the link's pcap holds exactly their packets.
        checked = 0
        for proto in (6, 17):
            rows = sorted((x for x in past if x["l4Protocol"] == proto), key=lambda x: -x["packets"])[:2]
            for x in rows:
                r = b.s.get(b.host + x["captureUrl"], timeout=30)
                self.assertEqual(r.status_code, 200, r.text)
                self.assertEqual(pcap_packets(r.content), x["packets"], x["captureExpression"])
                checked += 1
        self.assertGreaterEqual(checked, 3)

    def test_no_link_for_callers_who_may_not_download(self):
        b = self.b
        pw = "nopcap-pw-123"
        r = b.s.post(b.host + "/lua/rest/v1/add/ntopng/user.lua", timeout=10,
                     data={"username": "nopcap", "password": pw, "confirm_password": pw, "full_name": "No Pcap",
                           "user_role": "unprivileged", "allow_pcap_download": "0", "allowed_networks": "",
                           "allowed_interface": ""})
        self.assertEqual(r.status_code, 200, r.text)
        other = session()
        other.auth = ("nopcap", pw)
        past = connections(other, b.host, starttime=b.start, endtime=b.end)["displayedItems"]
        self.assertEqual(len(past), len(b.live))
        self.assertFalse([x for x in past if "captureUrl" in x])


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    unittest.main()
