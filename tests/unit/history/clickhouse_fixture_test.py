"""The Python ClickHouse fixture (tests/support/clickhouse_server.py) starts a server that answers with
its password only, and removes everything at exit. Exit 77 (skip) without clickhouse-server."""
import os
import sys
import unittest
import urllib.error

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "support"))
import clickhouse_server  # noqa: E402


class FixtureTest(unittest.TestCase):
    def test_starts_answers_and_cleans_up(self):
        with clickhouse_server.ClickHouseServer() as ch:
            self.assertEqual(ch.query("SELECT 1 + 1"), "2\n")
            self.assertEqual(ch.query("SELECT timezone()"), "Europe/Berlin\n")
            self.assertTrue(ch.url("netmeter").endswith(f":{ch.http_port}/netmeter"))
            ch.password = "wrong"
            with self.assertRaises(urllib.error.HTTPError):
                ch.query("SELECT 1")
            directory = ch.directory
            process = ch.process
        self.assertFalse(os.path.exists(directory))
        self.assertIsNotNone(process.poll())


if __name__ == "__main__":
    if not clickhouse_server.find_binary():
        print("skipped: clickhouse-server is not installed")
        sys.exit(77)
    unittest.main()
