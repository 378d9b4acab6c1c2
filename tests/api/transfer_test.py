#!/usr/bin/env python3
"""Large transfers through the real daemon on 127.0.0.1 over HTTPS: a PCAP upload of over 1 GB into an
analysis slot, and a capture download of several hundred MB read slowly; the daemon's memory must stay
flat in both.

Usage: transfer_test.py PATH_TO_NETMETER [unittest args]
"""
import functools
import os
import shutil
import struct
import sys
import tempfile
import threading
import time
import unittest

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import api_test  # noqa: E402  (Daemon, ADMIN_PW)

MB = 1 << 20
UPLOAD_BYTES = 1100 * MB        # over 1 GB
PACKET_TIME_SPAN_S = 40.0       # packet-time length of the generated capture
DOWNLOAD_TARGET = 300 * MB      # "several hundred MB"
DOWNLOAD_TIME_BOUND_S = 35.0
MAX_GROWTH = 200 * MB


def vm_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(field)


def udp_frame(i, size):
    eth = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"
    ip_len = size - 14
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, ip_len, i & 0xFFFF, 0, 64, 17, 0,
                     bytes([10, 0, 0, 1 + i % 8]), bytes([10, 0, 1, 1]))
    udp = struct.pack("!HHHH", 40000 + i % 8, 9000, ip_len - 20, 0)
    return eth + ip + udp + bytes(size - 14 - 20 - 8)


def write_capture(path, total_bytes, span_s):
    """A classic pcap (µs) of 1400-byte UDP frames whose timestamps spread over `span_s` seconds."""
    frames = [udp_frame(i, 1400) for i in range(8)]
    rec = 16 + 1400
    per_block = 512
    n_blocks = max(1, (total_bytes - 24) // (rec * per_block))
    step_us = span_s * 1e6 / (n_blocks * per_block)
    block = bytearray()
    for k in range(per_block):
        block += struct.pack("<IIII", 0, 0, 1400, 1400) + frames[k % 8]
    t0 = int(time.time()) * 1_000_000
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        n = 0
        for _ in range(n_blocks):
            for k in range(per_block):
                t = t0 + int(n * step_us)
                struct.pack_into("<II", block, k * rec, t // 1_000_000, t % 1_000_000)
                n += 1
            f.write(block)
    return os.path.getsize(path)


class PeakSampler:
    """Samples the daemon's VmRSS in the background."""

    def __init__(self, pid):
        self.pid, self.peak, self.stop = pid, 0, threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, vm_kib(self.pid, "VmRSS"))
            time.sleep(0.05)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


class Transfers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="netmeter-transfer-")
        cls.capture = os.path.join(cls.tmp, "big.pcap")
        t = time.time()
        cls.capture_size = write_capture(cls.capture, UPLOAD_BYTES, PACKET_TIME_SPAN_S)
        print(f"\ngenerated {cls.capture_size / MB:.0f} MiB in {time.time() - t:.1f} s", file=sys.stderr)
        cls.admin = ("admin", api_test.ADMIN_PW)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def session(self):
        s = requests.Session()
        s.auth = self.admin
        # Per request: REQUESTS_CA_BUNDLE in the environment would override a session-wide verify=False.
        s.request = functools.partial(s.request, verify=False)
        return s

    def test_1_upload_over_1gb(self):
        daemon = api_test.Daemon(os.path.join(self.tmp, "data-up"), "--workers", "1").start()
        try:
            s = self.session()
            url = daemon.url("/API/system/analyze-pcap")
            # Refused before the body is read: no credentials, and a user without `upload`.
            r = requests.post(url, data=b"x" * 1000, verify=False, timeout=10)
            self.assertEqual(r.status_code, 401, r.text)
            # Warm up: the first Basic login runs Argon2id (64 MiB, freed after); later ones hit the cache.
            self.assertEqual(s.get(daemon.url("/API/stats/time"), timeout=10).status_code, 200)
            time.sleep(0.2)
            base_hwm = vm_kib(daemon.proc.pid, "VmHWM")
            base_rss = vm_kib(daemon.proc.pid, "VmRSS")
            t = time.time()
            with PeakSampler(daemon.proc.pid) as sampler, open(self.capture, "rb") as f:
                r = s.post(url, params={"replaySlotID": "3", "fileName": "big.pcap"}, data=f,
                           headers={"Content-Type": "application/octet-stream"}, timeout=120)
            took = time.time() - t
            self.assertEqual(r.status_code, 201, r.text)
            body = r.json()
            self.assertEqual(body["slotId"], 3)
            self.assertEqual(body["mm-id"], ":3")
            self.assertEqual(body["fileSize"], self.capture_size)
            hwm = vm_kib(daemon.proc.pid, "VmHWM")
            print(f"upload {self.capture_size / MB:.0f} MiB in {took:.1f} s ({self.capture_size / MB / took:.0f} MiB/s); "
                  f"RSS before {base_rss / MB:.1f} MiB, peak sampled during upload {sampler.peak / MB:.1f} MiB, "
                  f"VmHWM before {base_hwm / MB:.1f} MiB, after {hwm / MB:.1f} MiB", file=sys.stderr)
            self.assertLess(sampler.peak - base_rss, MAX_GROWTH)
            self.assertLess(hwm - base_hwm, MAX_GROWTH)

            r = s.get(daemon.url("/lua/rest/v1/get/ntopng/interfaces.lua"), timeout=10)
            self.assertEqual(r.status_code, 200, r.text)
            self.assertIn({"ifid": 3, "ifname": "big.pcap"}, r.json()["rsp"])

            # The slot id is taken now; a multipart upload (the spec's curl -F form) of something that
            # is not a capture is refused and leaves nothing behind.
            r = s.post(url, params={"replaySlotID": "3"}, files={"file": ("x.pcap", b"0123456789" * 10)}, timeout=10)
            self.assertEqual(r.status_code, 409, r.text)
            r = s.post(url, files={"file": ("x.pcap", b"0123456789" * 10)}, timeout=10)
            self.assertEqual(r.status_code, 400, r.text)
            uploads = os.path.join(daemon.data_dir, "uploads")
            self.assertEqual(os.listdir(uploads), ["slot-3.pcap"])

            # A small real capture as multipart, into the next free slot.
            small = os.path.join(self.tmp, "small.pcap")
            with open(self.capture, "rb") as src, open(small, "wb") as dst:
                dst.write(src.read(24 + 100 * 1416))
            with open(small, "rb") as f:
                r = s.post(url, files={"file": ("small.pcap", f)}, timeout=30)
            self.assertEqual(r.status_code, 201, r.text)
            self.assertEqual(r.json()["slotId"], 1)
            r = s.get(daemon.url("/lua/rest/v1/get/ntopng/interfaces.lua"), timeout=10)
            self.assertEqual([i["ifid"] for i in r.json()["rsp"]], [1, 3])
        finally:
            self.assertEqual(daemon.terminate(), 0)
        self.assertEqual(os.listdir(os.path.join(daemon.data_dir, "uploads")), [])

    def test_2_slow_download(self):
        daemon = api_test.Daemon(os.path.join(self.tmp, "data-down"), "--workers", "1",
                                 "-i", self.capture, "--replay-speed", "1").start()
        try:
            s = self.session()
            pid = daemon.proc.pid
            url = daemon.url("/API/data/modules/capture")
            r = s.get(url, params={"mm-id": ":7"}, timeout=10)
            self.assertEqual(r.status_code, 404, r.text)
            r = s.get(url, params={"bpf": "this is not bpf"}, timeout=10)
            self.assertEqual(r.status_code, 400, r.text)

            end_us = int((time.time() + DOWNLOAD_TIME_BOUND_S + 30) * 1e6)
            base_rss = vm_kib(pid, "VmRSS")
            rss = []
            got = 0
            header = b""
            pending = b""  # bytes of an incomplete record
            records = 0
            t0 = time.time()
            with s.get(url, params={"mm-id": ":0", "endTime": end_us, "bpf": "udp"}, stream=True,
                       timeout=30) as r:
                self.assertEqual(r.status_code, 200)  # not r.text: that would read the whole stream
                self.assertEqual(r.headers["Content-Type"], "application/vnd.tcpdump.pcap")
                self.assertIn("attachment", r.headers["Content-Disposition"])
                while True:
                    chunk = r.raw.read(MB)  # urllib3 gathers chunked pieces up to this size
                    if not chunk:
                        break
                    got += len(chunk)
                    data = pending + chunk
                    if not header:
                        header, data = data[:24], data[24:]
                        magic, vmaj, vmin, _, _, snap, link = struct.unpack("<IHHiIII", header)
                        self.assertEqual((magic, vmaj, vmin, link), (0xA1B23C4D, 2, 4, 1))
                    pos = 0
                    while len(data) - pos >= 16:
                        _, nsec, caplen, wire = struct.unpack_from("<IIII", data, pos)
                        self.assertLess(nsec, 1_000_000_000)
                        self.assertEqual((caplen, wire), (1400, 1400))
                        if len(data) - pos < 16 + caplen:
                            break
                        pos += 16 + caplen
                        records += 1
                    pending = data[pos:]
                    rss.append(vm_kib(pid, "VmRSS"))
                    time.sleep(0.06)  # a slow reader: ~16 MiB/s at most, slower than the replay
                    if got >= DOWNLOAD_TARGET or time.time() - t0 > DOWNLOAD_TIME_BOUND_S:
                        break
            took = time.time() - t0
            peak = max(rss + [vm_kib(pid, "VmRSS")])
            print(f"download {got / MB:.0f} MiB ({records} packets) in {took:.1f} s "
                  f"({got / MB / took:.1f} MiB/s); RSS before {base_rss / MB:.1f} MiB, "
                  f"peak during {peak / MB:.1f} MiB", file=sys.stderr)
            self.assertGreater(got, 200 * MB)
            self.assertLess(peak - base_rss, MAX_GROWTH)
            time.sleep(0.5)
            self.assertIn("dropped", daemon.stderr())  # the slot outran the reader and did not wait
        finally:
            self.assertEqual(daemon.terminate(), 0)


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
