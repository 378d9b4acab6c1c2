#!/usr/bin/env python3
"""ntopng's historical flow endpoints (issue 14): get/db/flows.lua and get/db/topk_flows.lua (and the column
list, get/db/historical_db_search.lua) under /lua/pro/rest/v1|v2/ on a real capture, once with the SQLite store and once with `--history clickhouse://`
(a private clickhouse-server; that half skips when it is not installed). Answers are checked against
tshark's conversations and netmeter's own globalConnections, and the two backends must answer the same
suite identically. Clauses carrying SQL injections, unknown columns or huge numbers are refused with
INVALID_ARGUMENTS and leave the table intact; a user limited to networks sees only flows with an end in
them; with `--history none` the endpoints are absent.

Usage: ntopng_db_flows_test.py PATH_TO_NETMETER [unittest args]
"""
import collections
import os
import shutil
import sys
import tempfile
import time
import unittest
import warnings

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "support"))
import api_test  # noqa: E402
import clickhouse_server  # noqa: E402
from allegro_support import AnalysisDaemon, need_pcap, tshark  # noqa: E402
from history_store_test import global_connections  # noqa: E402

CAPTURE = "tor.pcap"  # TCP and UDP over 616 s: long flows have several rows (periodic export)
FLOWS = "/lua/pro/rest/v2/get/db/flows.lua"
TOPK = "/lua/pro/rest/v1/get/db/topk_flows.lua"
SEARCH = "/lua/pro/rest/v2/get/db/historical_db_search.lua"
ALL = 100000

# (name, parameters): the cross-backend suite; each has a total order so that answers compare as lists.
SUITE = [
    ("rows", {"select_clause": "*", "order_by_clause": "FLOW_ID, FIRST_SEEN, LAST_SEEN, END_REASON, TOTAL_BYTES", "maxhits_clause": ALL}),
    ("top talkers", {"select_clause": "IPV4_SRC_ADDR, SUM(TOTAL_BYTES) AS BYTES", "group_by_clause": "IPV4_SRC_ADDR", "where_clause": "IP_PROTOCOL_VERSION = 4",
                     "order_by_clause": "BYTES DESC, IPV4_SRC_ADDR", "maxhits_clause": 10}),
    ("per port", {"select_clause": "SUM(TOTAL_BYTES) TOT,IP_DST_PORT", "group_by_clause": "IP_DST_PORT",
                  "order_by_clause": "TOT DESC, IP_DST_PORT", "maxhits_clause": ALL}),
    ("conversations", {"select_clause": "IPV4_SRC_ADDR,IP_SRC_PORT,IPV4_DST_ADDR,IP_DST_PORT,PROTOCOL,"
                                        "SUM(PACKETS) AS P,SUM(TOTAL_BYTES) AS B,COUNT(*) AS N",
                       "group_by_clause": "IPV4_SRC_ADDR,IP_SRC_PORT,IPV4_DST_ADDR,IP_DST_PORT,PROTOCOL",
                       "where_clause": "IP_PROTOCOL_VERSION = 4",
                       "order_by_clause": "IPV4_SRC_ADDR,IP_SRC_PORT,IPV4_DST_ADDR,IP_DST_PORT,PROTOCOL",
                       "maxhits_clause": ALL}),
    ("tls to one server", {"select_clause": "FLOW_ID,FIRST_SEEN,LAST_SEEN,INFO,TOTAL_BYTES",
                           "where_clause": "IPV4_DST_ADDR = 38.229.70.53 AND PROTOCOL = 6 AND TOTAL_BYTES > 0",
                           "order_by_clause": "FIRST_SEEN DESC, FLOW_ID", "maxhits_clause": 50}),
    ("udp ports in", {"select_clause": "IP_DST_PORT, COUNT(DISTINCT FLOW_ID) AS FLOWS",
                      "where_clause": "PROTOCOL = 17 AND IP_DST_PORT IN (138, 547, 17500) OR L7_PROTO BETWEEN 1 AND 10",
                      "group_by_clause": "IP_DST_PORT", "order_by_clause": "IP_DST_PORT"}),
]
TOPK_SUITE = [
    ("topk default", {"maxhits_clause": 5}),
    ("topk packets", {"select_keys_clause": "IPV4_DST_ADDR", "select_values_clause": "PACKETS",
                      "topk_clause": "MAX", "maxhits_clause": 3}),
]
INJECTIONS = [
    {"where_clause": "'; DROP TABLE flows; --"},
    {"where_clause": "PROTOCOL = 6; DROP TABLE flows"},
    {"where_clause": "1=1 UNION SELECT * FROM flows"},
    {"where_clause": "PROTOCOL = 6 OR 1=1 UNION SELECT 1"},
    {"select_clause": "*, (SELECT 1)"},
    {"where_clause": "NO_SUCH_COLUMN = 1"},
    {"select_clause": "SERVER_LOCATION"},
    {"where_clause": "IP_DST_PORT = 99999999999999999999999"},
    {"maxhits_clause": "10; DROP TABLE flows"},
    {"order_by_clause": "sleep(5)"},
    {"begin_time_clause": "99999999999"},
]


def tshark_conversations(capture):
    """{(frozenset of the two endpoints, L4 number): total frames} of the IPv4 conversations tshark lists
    with -z conv,tcp / conv,udp."""
    out = {}
    for table, proto in (("conv,tcp", 6), ("conv,udp", 17)):
        for line in tshark("-r", capture, "-q", "-z", table).splitlines():
            parts = line.split()
            if len(parts) > 9 and parts[1] == "<->" and parts[0].count(":") == 1:  # IPv4
                a, b = parts[0].rsplit(":", 1), parts[2].rsplit(":", 1)
                key = (frozenset([(a[0], int(a[1])), (b[0], int(b[1]))]), proto)
                out[key] = int(parts[9])  # A<-B frames, bytes, unit, A->B frames, bytes, unit, total frames
    return out


class Backend:
    """A daemon that analysed CAPTURE into one history store, waited for until every flow is stored."""

    def __init__(self, capture, *history):
        self.analysis = AnalysisDaemon(capture, extra=("--no-ringbuffer", *history))
        self.analysis.start()
        self.s = self.analysis.session()
        self.connections = global_connections(self.s, self.analysis.host)
        deadline = time.time() + 20  # the last rows leave the export queue within about a second
        while self.flow_count() < len(self.connections) and time.time() < deadline:
            time.sleep(0.1)

    def call(self, path, session=None, **params):
        return (session or self.s).post(self.analysis.host + path, json={"ifid": 0, **params}, timeout=30)

    def rsp(self, path, **params):
        r = self.call(path, **params)
        body = r.json()
        if r.status_code != 200 or body.get("rc") != 0:
            raise AssertionError(f"{path} {params}: HTTP {r.status_code} {body}")
        return body["rsp"]

    def flow_count(self):
        return int(self.rsp(FLOWS, select_clause="COUNT(DISTINCT FLOW_ID) N")[0]["N"])

    def row_count(self):
        return int(self.rsp(FLOWS, select_clause="COUNT(*) N")[0]["N"])

    def suite(self):
        answers = {name: self.rsp(FLOWS, **params) for name, params in SUITE}
        answers.update({name: self.rsp(TOPK, **params) for name, params in TOPK_SUITE})
        return answers

    def stop(self):
        self.analysis.stop()


class DbFlowsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.capture = need_pcap(CAPTURE)
        cls.sqlite = Backend(cls.capture)

    @classmethod
    def tearDownClass(cls):
        cls.sqlite.stop()

    def assertInvalid(self, backend, path, params):
        r = backend.call(path, **params)
        self.assertEqual(r.status_code, 400, (params, r.text))
        body = r.json()
        self.assertEqual(body["rc_str"], "INVALID_ARGUMENTS", body)
        self.assertEqual(body["rsp"], [])
        return body["rc_str_hr"]

    def check_against_oracles(self, b):
        self.assertEqual(b.flow_count(), len(b.connections))
        self.assertGreater(b.row_count(), b.flow_count())  # long flows have periodic rows
        # Per server port and per client: the byte sums of globalConnections.
        by_port, by_client = collections.Counter(), collections.Counter()
        for x in b.connections:
            total = x["allTime"][1] + x["allTime"][3]
            by_port[str(x["serverPort"])] += total
            if ":" not in x["clientIp"]:
                by_client[x["clientIp"]] += total
        ports = b.rsp(FLOWS, **dict(SUITE)["per port"])
        self.assertEqual({r["IP_DST_PORT"]: int(r["TOT"]) for r in ports}, dict(by_port))
        talkers = b.rsp(FLOWS, **dict(SUITE)["top talkers"])
        self.assertEqual([(r["IPV4_SRC_ADDR"], int(r["BYTES"])) for r in talkers],
                         sorted(by_client.items(), key=lambda kv: (-kv[1], kv[0]))[:10])
        # Per conversation: tshark's frame totals.
        convs = b.rsp(FLOWS, **dict(SUITE)["conversations"])
        mine = {(frozenset([(r["IPV4_SRC_ADDR"], int(r["IP_SRC_PORT"])), (r["IPV4_DST_ADDR"], int(r["IP_DST_PORT"]))]),
                 int(r["PROTOCOL"])): int(r["P"]) for r in convs}
        self.assertEqual(mine, tshark_conversations(self.capture))
        # The time window: all of it, and after its end (nothing).
        first = int(b.rsp(FLOWS, select_clause="MIN(FIRST_SEEN) F")[0]["F"])
        last = int(b.rsp(FLOWS, select_clause="MAX(LAST_SEEN) L")[0]["L"])
        self.assertEqual(b.rsp(FLOWS, select_clause="COUNT(*) N", epoch_begin=first, epoch_end=last)[0]["N"],
                         str(b.row_count()))
        self.assertEqual(b.rsp(FLOWS, select_clause="COUNT(*) N", begin_time_clause=last + 1)[0]["N"], "0")

    def check_refusals(self, b):
        rows = b.row_count()
        for params in INJECTIONS:
            self.assertInvalid(b, FLOWS, params)
        self.assertIn("NO_SUCH_COLUMN", self.assertInvalid(b, FLOWS, {"where_clause": "NO_SUCH_COLUMN = 1"}))
        self.assertInvalid(b, TOPK, {"select_keys_clause": "IPV4_SRC_ADDR; DROP TABLE flows"})
        self.assertInvalid(b, TOPK, {"topk_clause": "SLEEP"})
        # A quoted value stays a value: a search for a server name with that text, no rows.
        self.assertEqual(b.rsp(FLOWS, where_clause="INFO = '''; DROP TABLE flows; --'"), [])
        self.assertEqual(b.row_count(), rows)

    def test_sqlite_answers_equal_tshark_and_global_connections(self):
        self.check_against_oracles(self.sqlite)

    def test_refusals_leave_the_table_intact(self):
        self.check_refusals(self.sqlite)

    def test_answer_shape_and_paths(self):
        b = self.sqlite
        row = b.rsp(FLOWS, where_clause="IPV4_DST_ADDR = 38.229.70.53", maxhits_clause=1)[0]
        self.assertEqual(row["IPV4_DST_ADDR"], "38.229.70.53")
        self.assertEqual(row["IPV6_SRC_ADDR"], "::")
        self.assertTrue(row["FIRST_SEEN"].isdigit() and int(row["FIRST_SEEN"]) > 1_000_000_000)
        self.assertEqual(len(b.rsp(FLOWS)), 10)  # ntopng's default maxhits
        for path in ("/lua/pro/rest/v1/get/db/flows.lua", "/lua/pro/rest/v2/get/db/topk_flows.lua"):
            r = b.s.get(b.analysis.host + path, params={"ifid": 0, "maxhits_clause": 1}, timeout=30)
            self.assertEqual(r.status_code, 200, r.text)
        # ntopng has no community (non-pro) path for them.
        self.assertEqual(b.s.get(b.analysis.host + "/lua/rest/v2/get/db/flows.lua", timeout=30).status_code, 404)
        r = b.call(FLOWS, ifid="x")
        self.assertEqual(r.json()["rc_str"], "INVALID_INTERFACE")
        self.assertEqual(b.rsp(FLOWS, ifid=7), [])  # an interface with no past flows

    def test_column_list_names_what_the_clauses_accept(self):
        b = self.sqlite
        columns = b.rsp(SEARCH)
        names = [c["name"] for c in columns]
        for name in ("IPV4_SRC_ADDR", "IPV6_DST_ADDR", "FIRST_SEEN", "TOTAL_BYTES", "L7_PROTO", "INFO"):
            self.assertIn(name, names)
        self.assertEqual(len(names), len(set(names)))
        by_name = {c["name"]: c for c in columns}
        self.assertEqual(by_name["IPV4_SRC_ADDR"]["type"], "IPv4")
        self.assertTrue(by_name["TOTAL_BYTES"]["summable"])
        self.assertFalse(by_name["INFO"]["numeric"])
        self.assertTrue(by_name["FIRST_SEEN"]["numeric"])
        self.assertFalse(by_name["FIRST_SEEN"]["summable"])
        # Every column listed is accepted by get/db/flows.lua as it says: selected, in MAX() when numeric,
        # in SUM() when summable (and refused there when not).
        for c in columns:
            row = b.rsp(FLOWS, select_clause=c["name"], maxhits_clause=1)[0]
            self.assertIn(c["name"], row)
            if c["numeric"]:
                b.rsp(FLOWS, select_clause=f"MAX({c['name']}) M")
            summed = b.call(FLOWS, select_clause=f"SUM({c['name']}) S")
            self.assertEqual(summed.status_code, 200 if c["summable"] else 400, c["name"])
        # GET on both versions; ntopng Pro's saved searches are refused by name; credentials are needed.
        for version in ("v1", "v2"):
            r = b.s.get(b.analysis.host + f"/lua/pro/rest/{version}/get/db/historical_db_search.lua", timeout=30)
            self.assertEqual(r.json()["rsp"], columns)
        r = b.call(SEARCH, query_preset="clients")
        self.assertEqual(r.json()["rc_str"], "INVALID_ARGUMENTS")
        self.assertIn("query_preset", r.text)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an unverified loopback certificate
            anonymous = requests.get(b.analysis.host + SEARCH, verify=False, timeout=10)
        self.assertEqual(anonymous.status_code, 401)

    def test_user_limited_to_networks_sees_only_their_flows(self):
        b = self.sqlite
        r = b.s.post(b.analysis.host + "/API/system/users", timeout=10,
                     json={"name": "db-limited", "password": "db-limited-pw", "role": "user",
                           "allowedNetworks": "38.229.70.0/24"})
        self.assertIn(r.status_code, (200, 201), r.text)
        limited = b.analysis.session("db-limited", "db-limited-pw")
        params = {"select_clause": "IPV4_SRC_ADDR,IPV4_DST_ADDR,SUM(TOTAL_BYTES) B",
                  "group_by_clause": "IPV4_SRC_ADDR,IPV4_DST_ADDR", "maxhits_clause": ALL}
        seen = b.call(FLOWS, session=limited, **params).json()["rsp"]
        everything = b.rsp(FLOWS, **params)
        expected = [x for x in everything if "38.229.70.53" in (x["IPV4_SRC_ADDR"], x["IPV4_DST_ADDR"])]
        self.assertTrue(expected)
        self.assertLess(len(expected), len(everything))
        key = lambda x: (x["IPV4_SRC_ADDR"], x["IPV4_DST_ADDR"])  # noqa: E731
        self.assertEqual(sorted(seen, key=key), sorted(expected, key=key))

    def test_clickhouse_answers_the_same(self):
        try:
            ch = clickhouse_server.ClickHouseServer().__enter__()
        except clickhouse_server.Unavailable as e:
            self.skipTest(str(e))
        try:
            b = Backend(self.capture, "--history", ch.url("netmeter"), "--history-password-file", ch.password_file)
            try:
                self.check_against_oracles(b)
                self.check_refusals(b)
                theirs, mine = b.suite(), self.sqlite.suite()
                for name in mine:
                    self.assertEqual(theirs[name], mine[name], name)
            finally:
                b.stop()
        finally:
            ch.__exit__(None, None, None)


class HistoryOptionsTest(unittest.TestCase):
    def test_unreachable_clickhouse_stops_the_start_with_the_reason(self):
        tmp = tempfile.mkdtemp(prefix="nm-dbflows-")
        try:
            secret = os.path.join(tmp, "password")
            with open(secret, "w") as f:
                f.write("s3cret-never-logged\n")
            port = api_test.free_port()  # nobody listens there
            daemon = api_test.Daemon(os.path.join(tmp, "data"), "--history", f"clickhouse://default@127.0.0.1:{port}/db",
                                     "--history-password-file", secret)
            with self.assertRaises(RuntimeError) as ctx:
                daemon.start()
            daemon.log.close()
            self.assertNotIn("s3cret-never-logged", ctx.exception.args[0])
            daemon = api_test.Daemon(os.path.join(tmp, "data"), "--history", "clickhouse://127.0.0.1:8123/bad-name")
            with self.assertRaises(RuntimeError) as ctx:
                daemon.start()
            daemon.log.close()
            self.assertIn("clickhouse://", ctx.exception.args[0])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_history_none_leaves_the_endpoints_absent(self):
        tmp = tempfile.mkdtemp(prefix="nm-dbflows-")
        daemon = api_test.Daemon(os.path.join(tmp, "data"), "--history", "none").start()
        try:
            for path in (FLOWS, TOPK, SEARCH):
                r = api_test.Client(daemon).req("GET", path, ("admin", api_test.ADMIN_PW), params={"ifid": 0})
                self.assertEqual(r.status_code, 404, path)
        finally:
            daemon.terminate()
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    unittest.main()
