#!/usr/bin/env python3
"""Bench of the three-step upload analysed while it arrives (issue 11): a large synthetic capture (1.1 GiB
by default) goes through POST /API/system/replay/upload, POST /API/data/pcap {"command":"start"} and
POST /API/system/analyze-pcap?replaySlotID=N into a `netmeter run` on loopback, while a thread samples
the daemon's resident memory and /API/stats/pcap. Prints the upload rate (MB/s), when the analysis
caught up, the statistics seen while the upload ran, and the daemon's RSS before and at its peak.

Usage: bench/upload_stream_bench.py PATH_TO_NETMETER [--mib 1100] [--keep CAPTURE]
"""
import argparse
import functools
import os
import shutil
import sys
import tempfile
import threading
import time

import requests
import urllib3

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "api"))
import api_test  # noqa: E402  (Daemon, ADMIN_PW)
import transfer_test  # noqa: E402  (write_capture, vm_kib)

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
MB = 1 << 20
SLOT = 1


def file_chunks(path, size=1 << 20):
    with open(path, "rb") as f:
        while True:
            block = f.read(size)
            if not block:
                return
            yield block


class Sampler:
    """VmRSS of the daemon and its /API/stats/pcap line for the slot, every 0.1 s."""

    def __init__(self, daemon, session):
        self.daemon, self.session = daemon, session
        self.peak_rss = 0
        self.during = []  # (seconds, bytesReceived, bytesAnalysed, packetsAnalysed, state)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.t0 = time.time()

    def run(self):
        while not self.stop.is_set():
            self.peak_rss = max(self.peak_rss, transfer_test.vm_kib(self.daemon.proc.pid, "VmRSS"))
            try:
                slots = self.session.get(self.daemon.url("/API/stats/pcap"), timeout=10).json()["slots"]
                s = [x for x in slots if x["id"] == SLOT][0]
                self.during.append((time.time() - self.t0, s["bytesReceived"], s["bytesAnalysed"],
                                    s["packetsAnalysed"], s["state"]))
            except (requests.RequestException, IndexError, KeyError):
                pass
            time.sleep(0.1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("netmeter")
    ap.add_argument("--mib", type=int, default=1100, help="size of the synthetic capture")
    ap.add_argument("--capture", help="upload this capture instead of a synthetic one")
    args = ap.parse_args()
    api_test.NETMETER = os.path.abspath(args.netmeter)

    tmp = tempfile.mkdtemp(prefix="nm-upload-bench-")
    try:
        capture = args.capture
        if not capture:
            capture = os.path.join(tmp, "big.pcap")
            t = time.time()
            transfer_test.write_capture(capture, args.mib * MB, 40.0)
            print(f"generated {os.path.getsize(capture) / MB:.0f} MiB in {time.time() - t:.1f} s")
        size = os.path.getsize(capture)
        daemon = api_test.Daemon(os.path.join(tmp, "data"), "--workers", "1").start()
        try:
            s = requests.Session()
            s.auth = ("admin", api_test.ADMIN_PW)
            s.request = functools.partial(s.request, verify=False)
            s.get(daemon.url("/API/stats/time"), timeout=10)  # the first login's Argon2id, out of the way
            time.sleep(0.2)
            base_rss = transfer_test.vm_kib(daemon.proc.pid, "VmRSS")
            r = s.post(daemon.url("/API/system/replay/upload"), timeout=10,
                       json={"fileName": "big.pcap", "fileSize": size, "replaySlotID": SLOT, "forceSlotID": True,
                             "useReplayBuffer": False})
            assert r.status_code == 200, r.text
            r = s.post(daemon.url(f"/API/data/pcap?mm-id=:{SLOT}"), json={"command": "start"}, timeout=10)
            assert r.status_code == 200, r.text
            sampler = Sampler(daemon, s)
            sampler.thread.start()
            t = time.time()
            r = s.post(daemon.url(f"/API/system/analyze-pcap?replaySlotID={SLOT}"), data=file_chunks(capture),
                       headers={"Content-Type": "application/octet-stream"}, timeout=600)
            upload_s = time.time() - t
            assert r.status_code == 201, r.text
            while True:
                st = [x for x in s.get(daemon.url("/API/stats/pcap"), timeout=10).json()["slots"] if x["id"] == SLOT][0]
                if st["state"] in ("finished", "failed", "stopped"):
                    break
                time.sleep(0.1)
            done_s = time.time() - t
            sampler.stop.set()
            sampler.thread.join()
            partial = [d for d in sampler.during if d[1] < size and d[3] > 0]
            print(f"upload {size / MB:.0f} MiB in {upload_s:.1f} s: {size / MB / upload_s:.0f} MiB/s; analysis "
                  f"{st['state']} after {done_s:.1f} s ({size / MB / done_s:.0f} MiB/s end to end), "
                  f"{st['packetsAnalysed']} packets")
            print(f"statistics answered while the upload ran: {len(partial)} samples with packets counted before "
                  f"the last byte arrived" + (f" (e.g. {partial[len(partial) // 2][3]} packets at "
                                             f"{partial[len(partial) // 2][1] / MB:.0f} MiB received)" if partial else ""))
            print(f"daemon RSS before {base_rss / MB:.1f} MiB, peak during upload and analysis "
                  f"{sampler.peak_rss / MB:.1f} MiB (+{(sampler.peak_rss - base_rss) / MB:.1f} MiB)")
        finally:
            daemon.terminate()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
