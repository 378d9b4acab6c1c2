#!/usr/bin/env python3
"""The store of past flows (issue 14, first slice) on real captures: after `netmeter run -i CAPTURE`
finishes, DATA_DIR/history.db holds every flow, its rows adding up to the packets and bytes per direction
that the Allegro `globalConnections` shows, as many flows as tshark's TCP and UDP conversations; a
SIGKILL while rows are being written leaves a store that passes `PRAGMA integrity_check`, keeps every row
committed before the kill, and opens again.

Usage: history_store_test.py PATH_TO_NETMETER [unittest args]
"""
import collections
import ipaddress
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import unittest

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import allegro_support as support  # noqa: E402
import api_test  # noqa: E402

CAPTURE = "tor.pcap"  # TCP and UDP, 616 s of traffic: long flows get periodic rows (every 60 s)
KILL_CAPTURE = "wechat.pcap"  # ~1 h of traffic, replayed fast enough to be killed mid-run


def rows(db_file, sql, params=()):
    with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True) as db:
        return db.execute(sql, params).fetchall()


def tshark_conversations(capture, table):
    """Number of conversations tshark lists with -z conv,tcp / conv,udp."""
    count = 0
    for line in support.tshark("-r", capture, "-q", "-z", table).splitlines():
        parts = line.split()
        if len(parts) > 3 and parts[1] == "<->":
            count += 1
    return count


def global_connections(session, host):
    r = session.get(host + "/API/stats/modules/ip/globalConnections", params={"count": 1000}, timeout=30)
    r.raise_for_status()
    job = r.json()
    for _ in range(400):
        resp = session.get(host + f"/API/async/{job['asyncID']}", params={"uuid": job["asyncUUID"]}, timeout=10)
        if resp.status_code == 202:
            time.sleep(0.05)
            continue
        resp.raise_for_status()
        return resp.json()["asyncResult"]["displayedItems"]
    raise AssertionError("globalConnections did not finish")


class HistoryStoreTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="nm-history-")
        self.data = os.path.join(self.tmp, "data")
        self.db = os.path.join(self.data, "history.db")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def session(self):
        s = requests.Session()
        s.auth = ("admin", api_test.ADMIN_PW)
        s.verify = False
        s.trust_env = False
        return s

    def wait_finished(self, daemon, timeout=60):
        host = f"https://127.0.0.1:{daemon.port}"
        deadline = time.time() + timeout
        while time.time() < deadline:
            slots = self.session().get(host + "/API/stats/processing", timeout=10).json()["slots"]
            if slots and all(s.get("state") == "finished" for s in slots):
                return host
            time.sleep(0.1)
        raise AssertionError("the analysis did not finish")

    def test_every_flow_stored_with_the_counters_the_api_shows(self):
        capture = support.need_pcap(CAPTURE)
        daemon = api_test.Daemon(self.data, "-i", capture, "--no-ringbuffer").start()
        try:
            host = self.wait_finished(daemon)
            connections = global_connections(self.session(), host)
        finally:
            self.assertEqual(daemon.terminate(), 0)  # an orderly stop writes what is queued
        self.assertEqual(rows(self.db, "PRAGMA integrity_check"), [("ok",)])
        stored = {}
        for fid, version, c4, c6, cp, s4, s6, sp, proto, s2d_p, s2d_b, d2s_p, d2s_b, slot in rows(
                self.db, "SELECT FLOW_ID, IP_PROTOCOL_VERSION, IPV4_SRC_ADDR, IPV6_SRC_ADDR, IP_SRC_PORT, "
                "IPV4_DST_ADDR, IPV6_DST_ADDR, IP_DST_PORT, PROTOCOL, SUM(SRC2DST_PACKETS), SUM(SRC2DST_BYTES), "
                "SUM(DST2SRC_PACKETS), SUM(DST2SRC_BYTES), MIN(INTERFACE_ID) FROM flows GROUP BY FLOW_ID"):
            client = address(version, c4, c6)
            server = address(version, s4, s6)
            stored[fid] = (client, cp, server, sp, proto, s2d_p, s2d_b, d2s_p, d2s_b, slot)
        self.assertGreater(len(connections), 5)
        for x in connections:
            rx_p, rx_b, tx_p, tx_b = x["allTime"][:4]  # the client's view: rx = server to client
            expected = (ipaddress.ip_address(x["clientIp"]), x["clientPort"], ipaddress.ip_address(x["serverIp"]),
                        x["serverPort"], x["l4Protocol"], tx_p, tx_b, rx_p, rx_b, 0)
            self.assertEqual(stored.get(x["id"]), expected, x)
        self.assertEqual(len(stored), len(connections))
        # Long flows got a row per period; each row starts where the flow's previous one ended.
        periodic = rows(self.db, "SELECT count(*) FROM flows WHERE END_REASON = 0")[0][0]
        self.assertGreater(periodic, 0)
        for fid, in rows(self.db, "SELECT DISTINCT FLOW_ID FROM flows"):
            chain = rows(self.db, "SELECT FIRST_SEEN, LAST_SEEN, END_REASON FROM flows WHERE FLOW_ID = ? "
                         "ORDER BY rowid", (fid,))
            for prev, nxt in zip(chain, chain[1:]):
                self.assertEqual(nxt[0], prev[1], chain)
            self.assertEqual([r[2] != 0 for r in chain], [False] * (len(chain) - 1) + [True], chain)
        # The flows tshark sees as conversations (it agrees with netmeter's flow key on this capture).
        by_proto = collections.Counter(p for _, _, _, _, p, *_ in stored.values())
        self.assertEqual(by_proto[6], tshark_conversations(capture, "conv,tcp"))
        self.assertEqual(by_proto[17], tshark_conversations(capture, "conv,udp"))

    def test_kill9_keeps_committed_rows_and_an_intact_store(self):
        capture = support.need_pcap(KILL_CAPTURE)
        # Paced replay with a row per second of packet time: batches are committed while it runs.
        daemon = api_test.Daemon(self.data, "-i", capture, "--no-ringbuffer", "--replay-speed", "300",
                                 "--history-periodic", "1").start()
        seen = []
        try:
            deadline = time.time() + 30
            while time.time() < deadline and len(seen) < 50:
                time.sleep(0.2)
                if os.path.exists(self.db):
                    seen = rows(self.db, "SELECT rowid, FLOW_ID, FIRST_SEEN, LAST_SEEN FROM flows")
        finally:
            daemon.kill9()
        self.assertGreaterEqual(len(seen), 50, "no rows were written while the replay ran")
        self.assertEqual(rows(self.db, "PRAGMA integrity_check"), [("ok",)])
        after = rows(self.db, "SELECT rowid, FLOW_ID, FIRST_SEEN, LAST_SEEN FROM flows")
        self.assertTrue(set(seen) <= set(after), "a committed row was lost")
        # Batches are whole: no flow's chain of rows has a hole (a lost middle row would leave one).
        chains = collections.defaultdict(list)
        for _, fid, first, last in sorted(after):
            chains[fid].append((first, last))
        for fid, chain in chains.items():
            for prev, nxt in zip(chain, chain[1:]):
                self.assertEqual(nxt[0], prev[1], (fid, chain))
        # The store opens again and takes new rows after the kill.
        small = support.need_pcap(CAPTURE)
        again = api_test.Daemon(self.data, "-i", small, "--no-ringbuffer").start()
        try:
            self.wait_finished(again)
        finally:
            self.assertEqual(again.terminate(), 0)
        self.assertEqual(rows(self.db, "PRAGMA integrity_check"), [("ok",)])
        self.assertGreater(rows(self.db, "SELECT count(*) FROM flows")[0][0], len(after))

    def test_history_none_writes_no_store(self):
        capture = support.need_pcap(CAPTURE)
        daemon = api_test.Daemon(self.data, "-i", capture, "--no-ringbuffer", "--history", "none").start()
        try:
            self.wait_finished(daemon)
        finally:
            daemon.terminate()
        self.assertFalse(os.path.exists(self.db))

    def test_bad_history_options_are_refused(self):
        for args in (["--history", "mysql://x"], ["--history-max-size", "lots"]):
            daemon = api_test.Daemon(self.data, *args)
            with self.assertRaises(RuntimeError) as ctx:
                daemon.start()
            self.assertIn(args[0], ctx.exception.args[0])
            daemon.log.close()


def address(version, v4, v6):
    return ipaddress.ip_address(v4) if version == 4 else ipaddress.ip_address(bytes(v6))


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    unittest.main()
