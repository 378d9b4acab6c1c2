#!/usr/bin/env python3
"""`netmeter analyze` on good and bad input: exit codes, messages, and the report of what could be read.
Captures are written here with the standard library, so the test needs nothing outside the repository."""
import json
import os
import struct
import subprocess
import sys
import tempfile
import unittest

NETMETER = None


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def udp_frame(src, dst, sport, dport, payload):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0, bytes(src), bytes(dst))
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    eth = bytes.fromhex("020000000002" "020000000001" "0800")
    return eth + ip + udp


def pcap(frames, linktype=1, cut_last=0):
    out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype)
    for i, frame in enumerate(frames):
        out += struct.pack("<IIII", 1767225600 + i, 0, len(frame), len(frame)) + frame
    return out[:len(out) - cut_last] if cut_last else out


FRAMES = [udp_frame([192, 0, 2, 1], [198, 51, 100, 7], 40000 + (i % 2), 53, b"x" * (10 + i)) for i in range(6)]


class AnalyzeCli(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.dir.cleanup()

    def write(self, name, data):
        path = os.path.join(self.dir.name, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def run_netmeter(self, *args):
        return subprocess.run([NETMETER, "analyze", *args, "--no-progress"], capture_output=True, text=True, timeout=60)

    def report(self, *args):
        r = self.run_netmeter(*args, "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout), r

    def test_good_capture(self):
        rep, _ = self.report(self.write("good.pcap", pcap(FRAMES)))
        self.assertEqual(rep["totals"]["packets"], 6)
        self.assertEqual(rep["totals"]["bytes"], sum(len(f) for f in FRAMES))
        self.assertEqual(len(rep["flows"]), 2)
        self.assertEqual({h["ip"] for h in rep["hosts"]}, {"192.0.2.1", "198.51.100.7"})

    def test_workers_agree(self):
        path = self.write("good.pcap", pcap(FRAMES))
        one, _ = self.report(path, "--workers", "1")
        two, _ = self.report(path, "--workers", "2")
        for key in ("totals", "hosts", "flows", "applications"):
            self.assertEqual(one[key], two[key], key)

    def test_missing_file(self):
        r = self.run_netmeter(os.path.join(self.dir.name, "absent.pcap"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("No such file", r.stderr)

    def test_not_a_capture(self):
        r = self.run_netmeter(self.write("text.pcap", b"this is not a capture file at all\n" * 10))
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown file format", r.stderr)

    def test_truncated_header(self):
        r = self.run_netmeter(self.write("short.pcap", pcap(FRAMES)[:10]))
        self.assertEqual(r.returncode, 2)
        self.assertTrue(r.stderr.strip())

    def test_truncated_last_packet_reports_the_rest(self):
        rep, r = self.report(self.write("cut.pcap", pcap(FRAMES, cut_last=7)))
        self.assertEqual(rep["totals"]["packets"], 5)
        self.assertIn("read error after 5 packets", r.stderr)

    def test_truncated_first_packet_fails(self):
        r = self.run_netmeter(self.write("cut1.pcap", pcap(FRAMES[:1], cut_last=7)))
        self.assertEqual(r.returncode, 1)
        self.assertIn("read error after 0 packets", r.stderr)

    def test_empty_capture(self):
        rep, _ = self.report(self.write("empty.pcap", pcap([])))
        self.assertEqual(rep["totals"]["packets"], 0)
        self.assertEqual(rep["flows"], [])

    def test_unsupported_link_type(self):
        r = self.run_netmeter(self.write("user0.pcap", pcap(FRAMES, linktype=147)))
        self.assertEqual(r.returncode, 2)
        self.assertIn("unsupported link type 147", r.stderr)

    def test_bpf_filter(self):
        path = self.write("good.pcap", pcap(FRAMES))
        rep, _ = self.report(path, "--filter", "udp src port 40000")
        self.assertEqual(rep["totals"]["packets"], 3)
        r = self.run_netmeter(path, "--filter", "this is not bpf")
        self.assertEqual(r.returncode, 2)
        self.assertIn("invalid BPF filter", r.stderr)

    def test_bad_arguments(self):
        path = self.write("good.pcap", pcap(FRAMES))
        self.assertNotEqual(self.run_netmeter(path, "--format", "xml").returncode, 0)
        self.assertNotEqual(self.run_netmeter(path, "--workers", "-3").returncode, 0)
        self.assertEqual(self.run_netmeter().returncode, 2)

    def test_text_report(self):
        r = self.run_netmeter(self.write("good.pcap", pcap(FRAMES)), "--format", "text")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Packets 6", r.stdout)
        self.assertIn("192.0.2.1", r.stdout)

    def test_replay_speed_paces_packets(self):
        # Six packets one second apart, replayed 10x faster: at least half a second.
        import time
        path = self.write("good.pcap", pcap(FRAMES))
        start = time.monotonic()
        rep, _ = self.report(path, "--replay-speed", "10")
        self.assertGreaterEqual(time.monotonic() - start, 0.45)
        self.assertEqual(rep["totals"]["packets"], 6)


class Regressions(unittest.TestCase):
    """Inputs the fuzzers found; each once crashed netmeter or produced a broken report."""
    CRASHES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fuzz", "crashes")

    def test_fuzz_reproducers(self):
        files = [f for f in sorted(os.listdir(self.CRASHES)) if not f.endswith(".md")]
        self.assertTrue(files)
        for name in files:
            r = subprocess.run([NETMETER, "analyze", os.path.join(self.CRASHES, name), "--format", "json", "--no-progress"],
                               capture_output=True, timeout=60)
            self.assertIn(r.returncode, (0, 1, 2), name)
            self.assertNotIn(b"runtime error", r.stderr, name)
            if r.returncode == 0:
                report = json.loads(r.stdout.decode("utf-8"))  # valid JSON and valid UTF-8
                for f in report["flows"]:
                    self.assertGreaterEqual(f["last_seen"], f["first_seen"], name)
                    self.assertTrue(all(0x20 <= ord(c) < 0x7F for c in f.get("server_name", "")), name)


if __name__ == "__main__":
    NETMETER = sys.argv.pop(1)
    unittest.main(verbosity=2)
