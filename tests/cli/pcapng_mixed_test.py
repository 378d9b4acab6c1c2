#!/usr/bin/env python3
"""pcapng files whose interfaces differ in link type and snap length (Ethernet, raw IP, Linux SLL), in
both byte orders: `netmeter analyze` reads every packet and counts each host as the file says; tshark
(when installed) reads the same number of frames. Usage: pcapng_mixed_test.py NETMETER"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_mixed_pcapng  # noqa: E402

NETMETER = None
COUNT = 5


def analyze(path, *extra):
    out = subprocess.run([NETMETER, "analyze", path, "--format", "json", "--workers", "1", *extra],
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise AssertionError(f"netmeter failed ({out.returncode}): {out.stderr}")
    return json.loads(out.stdout)


class MixedPcapng(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="nm_pcapng_")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, big_endian):
        path = os.path.join(self.dir, "mixed-be.pcapng" if big_endian else "mixed.pcapng")
        with open(path, "wb") as fh:
            fh.write(make_mixed_pcapng.build(big_endian, COUNT))
        return path

    def check(self, big_endian):
        path = self.write(big_endian)
        report = analyze(path)
        total = 3 * COUNT + 2
        self.assertEqual(report["totals"]["packets"], total)
        self.assertEqual(report["totals"]["ipv4"]["packets"], total)
        hosts = {h["ip"]: h for h in report["hosts"]}
        for i in range(3):
            self.assertEqual(hosts[f"10.0.{i}.1"]["packets_sent"], COUNT, f"interface {i}")
            self.assertEqual(hosts[f"10.0.{i}.2"]["packets_rcvd"], COUNT, f"interface {i}")
        self.assertEqual(hosts["10.0.9.1"]["packets_sent"], 2)  # simple and obsolete packet blocks
        # wire lengths, not the snap-length-cut captured lengths
        frames = make_mixed_pcapng.frames(COUNT)
        for i in range(3):
            wire = sum(len(f) for j, f in frames if j == i)
            self.assertEqual(hosts[f"10.0.{i}.1"]["bytes_sent"], wire, f"interface {i}")
        if shutil.which("tshark"):
            out = subprocess.run(["tshark", "-n", "-r", path, "-T", "fields", "-e", "frame.number"],
                                 capture_output=True, text=True, timeout=60)
            self.assertEqual(len(out.stdout.split()), total, out.stderr)

    def test_little_endian(self):
        self.check(False)

    def test_big_endian(self):
        self.check(True)

    def test_bpf_filter_per_interface(self):
        report = analyze(self.write(False), "--filter", "host 10.0.1.1 or host 10.0.2.2")
        self.assertEqual(report["totals"]["packets"], 2 * COUNT)

    def test_truncated_file_keeps_packets_read(self):
        path = self.write(False)
        with open(path, "rb") as fh:
            data = fh.read()
        with open(path, "wb") as fh:
            fh.write(data[:-30])  # cut inside the last block
        out = subprocess.run([NETMETER, "analyze", path, "--format", "json"], capture_output=True, text=True,
                             timeout=60)
        self.assertIn("pcapng block at offset", out.stderr)


if __name__ == "__main__":
    NETMETER = sys.argv.pop(1)
    unittest.main()
