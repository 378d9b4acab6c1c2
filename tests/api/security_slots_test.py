#!/usr/bin/env python3
"""Upload slots are bounded (issue 8, items 3 and 10) — through the real daemon on 127.0.0.1 over HTTPS:

* at most --max-slots analysis slots (16 by default, `-i` ones included): 150 uploads of a 100-byte pcap
  give 16 slots and 134 answers 503 in the Allegro format, and the daemon's resident memory, threads
  and file descriptors stay within the bounds below once the slots have read their captures (a finished
  slot keeps its statistics but no thread and no file descriptor);
* a capture without a readable packet (header only, garbage, a cut first record, an empty body) is
  refused with 400 before a slot exists, and its file is removed;
* no answer names a server path: a slot made from `-i /dir/x.pcap` is called `x.pcap`, and upload
  errors (400, 409, 503) do not echo the data directory.

Usage: security_slots_test.py PATH_TO_NETMETER [--sanitized] [unittest args]
  --sanitized  the binary is built with AddressSanitizer, whose allocator keeps freed memory in
               quarantine: the resident-memory bound is not checked (threads and fds are).
"""
import base64
import functools
import os
import shutil
import socket
import ssl
import struct
import sys
import tempfile
import time
import unittest

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import api_test  # noqa: E402  (Daemon, ADMIN_PW)

MB = 1 << 20
UPLOADS = 150
DEFAULT_MAX_SLOTS = 16
# Growth of the daemon once 150 uploads were answered and the 16 slots have read their captures.
# Measured (2 cores, 1 worker per slot): RSS +3 MiB, threads +0, fds +0. Before the bound, each
# upload added ~13 MiB, a thread and a file descriptor for good (+1.9 GiB, +150, +150).
MAX_RSS_GROWTH = 32 * MB
MAX_THREAD_GROWTH = 2
MAX_FD_GROWTH = 2
SETTLE_S = 30  # how long finished slots may take to give their threads back (not a timing assertion)
SANITIZED = False

ETHERNET_HEADER = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"


def pcap_header(linktype=1):
    return struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype)


def udp_frame():
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 46, 1, 0, 64, 17, 0, bytes([10, 0, 0, 1]), bytes([10, 0, 1, 1]))
    udp = struct.pack("!HHHH", 40000, 9000, 26, 0)
    return ETHERNET_HEADER + ip + udp + bytes(18)


def small_pcap():
    """A classic pcap of one 60-byte UDP frame: 100 bytes in all."""
    frame = udp_frame()
    data = pcap_header() + struct.pack("<IIII", 1_700_000_000, 0, len(frame), len(frame)) + frame
    assert len(data) == 100
    return data


def unreadable_captures():
    frame = udp_frame()
    return {
        "header-only.pcap": pcap_header(),
        "garbage.pcap": bytes(range(100)),
        "cut-record.pcap": pcap_header() + struct.pack("<IIII", 1_700_000_000, 0, 60, 60) + frame[:10],
        "text.pcapng": b"this is not a capture file at all\n" * 3,
    }


def proc_status(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.split()
    return int(fields["VmRSS"][0]) * 1024, int(fields["Threads"][0])


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


class SlotSecurity(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="netmeter-slots-")
        cls.admin = ("admin", api_test.ADMIN_PW)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def session(self):
        s = requests.Session()
        s.auth = self.admin
        # Per request: REQUESTS_CA_BUNDLE in the environment would override a session-wide verify=False.
        s.request = functools.partial(s.request, verify=False, timeout=30)
        return s

    def slots(self, s, daemon):
        r = s.get(daemon.url("/lua/rest/v1/get/ntopng/interfaces.lua"))
        self.assertEqual(r.status_code, 200, r.text)
        return r.json()["rsp"]

    def assert_allegro_error(self, r, status):
        self.assertEqual(r.status_code, status, r.text)
        self.assertTrue(r.headers.get("Content-Type", "").startswith("application/json"), r.headers)
        body = r.json()
        self.assertEqual(body.get("status"), status, body)
        self.assertIsInstance(body.get("error"), str)
        self.assertTrue(body["error"], body)
        return body

    def test_1_slots_are_bounded(self):
        daemon = api_test.Daemon(os.path.join(self.tmp, "data-bounded")).start()
        try:
            s = self.session()
            pid = daemon.proc.pid
            url = daemon.url("/API/system/analyze-pcap")
            # Warm up: the first Basic login runs Argon2id (64 MiB, freed after); later ones hit the cache.
            self.assertEqual(s.get(daemon.url("/API/stats/time")).status_code, 200)
            time.sleep(0.5)
            rss0, threads0 = proc_status(pid)
            fds0 = fd_count(pid)

            data = small_pcap()
            answers = [s.post(url, files={"file": (f"small-{i}.pcap", data)}) for i in range(UPLOADS)]
            statuses = [r.status_code for r in answers]

            # The slots read their one packet at once; give their threads time to end, then measure.
            deadline = time.time() + SETTLE_S
            while time.time() < deadline and proc_status(pid)[1] > threads0:
                time.sleep(0.1)
            time.sleep(0.5)
            rss1, threads1 = proc_status(pid)
            fds1 = fd_count(pid)
            print(f"\n{UPLOADS} uploads: {statuses.count(201)} × 201, {statuses.count(503)} × 503; "
                  f"RSS {rss0 / MB:.1f} -> {rss1 / MB:.1f} MiB (+{(rss1 - rss0) / MB:.1f}, bound "
                  f"{MAX_RSS_GROWTH / MB:.0f}), threads {threads0} -> {threads1} (bound +{MAX_THREAD_GROWTH}), "
                  f"fds {fds0} -> {fds1} (bound +{MAX_FD_GROWTH})", file=sys.stderr)
            for i, r in enumerate(answers):
                if i < DEFAULT_MAX_SLOTS:
                    self.assertEqual(r.status_code, 201, f"upload {i + 1}: {r.text}")
                    self.assertEqual(r.json()["slotId"], i + 1)
                else:
                    body = self.assert_allegro_error(r, 503)
                    self.assertIn("slot", body["error"])
                    self.assertNotIn(daemon.data_dir, r.text)
            if SANITIZED:
                print("sanitized build: the RSS bound is not checked", file=sys.stderr)
            else:
                self.assertLessEqual(rss1 - rss0, MAX_RSS_GROWTH)
            self.assertLessEqual(threads1 - threads0, MAX_THREAD_GROWTH)
            self.assertLessEqual(fds1 - fds0, MAX_FD_GROWTH)

            # Every slot is listed; the refused uploads left nothing behind.
            ids = [slot["ifid"] for slot in self.slots(s, daemon)]
            self.assertEqual(ids, list(range(1, DEFAULT_MAX_SLOTS + 1)))
            uploads = os.path.join(daemon.data_dir, "uploads")
            self.assertEqual(len(os.listdir(uploads)), DEFAULT_MAX_SLOTS)
            # A taken replaySlotID stays 409, before the slot count is looked at.
            r = s.post(url, params={"replaySlotID": "3"}, files={"file": ("again.pcap", data)})
            self.assert_allegro_error(r, 409)
        finally:
            self.assertEqual(daemon.terminate(), 0)
        self.assertEqual(os.listdir(os.path.join(daemon.data_dir, "uploads")), [])

    def test_2_max_slots_counts_interface_slots(self):
        capture = os.path.join(self.tmp, "one.pcap")
        with open(capture, "wb") as f:
            f.write(small_pcap())
        daemon = api_test.Daemon(os.path.join(self.tmp, "data-max2"), "-i", capture, "--max-slots", "2").start()
        try:
            s = self.session()
            url = daemon.url("/API/system/analyze-pcap")
            r = s.post(url, files={"file": ("a.pcap", small_pcap())})
            self.assertEqual(r.status_code, 201, r.text)
            r = s.post(url, files={"file": ("b.pcap", small_pcap())})
            self.assert_allegro_error(r, 503)
            self.assertEqual([slot["ifid"] for slot in self.slots(s, daemon)], [0, 1])
            # A full daemon refuses from the request head: a 10 GiB upload gets its 503 without sending a
            # body byte, and nothing reaches the upload directory.
            head = (f"POST /API/system/analyze-pcap HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                    f"Authorization: Basic {base64.b64encode(('admin:' + api_test.ADMIN_PW).encode()).decode()}\r\n"
                    f"Content-Length: {10 << 30}\r\n\r\n").encode()
            ctx = ssl.create_default_context()
            ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
            with socket.create_connection(("127.0.0.1", daemon.port), timeout=10) as raw, \
                    ctx.wrap_socket(raw) as tls:
                tls.sendall(head)
                answer = tls.recv(65536)
            self.assertTrue(answer.startswith(b"HTTP/1.1 503"), answer[:200])
            self.assertIn(b'"status":503', answer)
            self.assertEqual(len(os.listdir(os.path.join(daemon.data_dir, "uploads"))), 1)
        finally:
            self.assertEqual(daemon.terminate(), 0)

    def test_3_captures_without_a_readable_packet_are_refused(self):
        daemon = api_test.Daemon(os.path.join(self.tmp, "data-unreadable")).start()
        try:
            s = self.session()
            url = daemon.url("/API/system/analyze-pcap")
            uploads = os.path.join(daemon.data_dir, "uploads")
            cases = unreadable_captures()
            for name, data in cases.items():
                with self.subTest(name=name, form="multipart"):
                    r = s.post(url, files={"file": (name, data)})
                    body = self.assert_allegro_error(r, 400)
                    self.assertNotIn(daemon.data_dir, body["error"])
                    self.assertNotIn("uploads", body["error"])
                    self.assertEqual(self.slots(s, daemon), [])
                    self.assertEqual(os.listdir(uploads), [])
                with self.subTest(name=name, form="raw body"):
                    r = s.post(url, params={"fileName": name}, data=data,
                               headers={"Content-Type": "application/octet-stream"})
                    self.assert_allegro_error(r, 400)
                    self.assertEqual(self.slots(s, daemon), [])
                    self.assertEqual(os.listdir(uploads), [])
            with self.subTest(name="empty body"):
                r = s.post(url, files={"file": ("empty.pcap", b"")})
                self.assert_allegro_error(r, 400)
                self.assertEqual(self.slots(s, daemon), [])
                self.assertEqual(os.listdir(uploads), [])
            # A readable capture still becomes a slot (the refusals did not use slot ids up).
            r = s.post(url, files={"file": ("small.pcap", small_pcap())})
            self.assertEqual(r.status_code, 201, r.text)
            self.assertEqual(self.slots(s, daemon), [{"ifid": 1, "ifname": "small.pcap"}])
        finally:
            self.assertEqual(daemon.terminate(), 0)

    def test_4_no_answer_names_a_server_path(self):
        capture_dir = os.path.join(self.tmp, "operator-captures")
        os.makedirs(capture_dir, exist_ok=True)
        capture = os.path.join(capture_dir, "x.pcap")
        with open(capture, "wb") as f:
            f.write(small_pcap())
        daemon = api_test.Daemon(os.path.join(self.tmp, "data-paths"), "-i", capture).start()
        try:
            s = self.session()
            url = daemon.url("/API/system/analyze-pcap")
            answers = []

            r = s.get(daemon.url("/lua/rest/v1/get/ntopng/interfaces.lua"))
            self.assertEqual(r.status_code, 200, r.text)
            self.assertEqual(r.json()["rsp"], [{"ifid": 0, "ifname": "x.pcap"}])
            answers.append(r.text)
            r = s.get(daemon.url("/API/info/system"))
            self.assertEqual(r.status_code, 200, r.text)
            self.assertEqual(r.json()["slots"], [{"id": 0, "name": "x.pcap"}])
            answers.append(r.text)
            for name, data in unreadable_captures().items():
                r = s.post(url, files={"file": (name, data)})
                self.assert_allegro_error(r, 400)
                answers.append(r.text)
            r = s.post(url, params={"replaySlotID": "0"}, files={"file": ("y.pcap", small_pcap())})
            self.assert_allegro_error(r, 409)
            answers.append(r.text)
            r = s.post(url, files={"file": ("y.pcap", small_pcap())})
            self.assertEqual(r.status_code, 201, r.text)
            answers.append(r.text)
            r = s.get(daemon.url("/lua/rest/v1/get/ntopng/interfaces.lua"))
            self.assertEqual(r.json()["rsp"], [{"ifid": 0, "ifname": "x.pcap"}, {"ifid": 1, "ifname": "y.pcap"}])
            answers.append(r.text)

            for text in answers:
                self.assertNotIn(daemon.data_dir, text)
                self.assertNotIn(capture_dir, text)
                self.assertNotIn(self.tmp, text)
        finally:
            self.assertEqual(daemon.terminate(), 0)


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    if "--sanitized" in sys.argv:
        sys.argv.remove("--sanitized")
        SANITIZED = True
    unittest.main(verbosity=2)
