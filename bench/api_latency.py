#!/usr/bin/env python3
"""API latency under load (issue 8, item 2): a steady, paced stream of small authenticated GETs
(`GET /API/stats/time`, Bearer token, keep-alive HTTPS) against `netmeter run --http-threads 2`

  idle       nothing else going on (the reference);
  downloads  while N idle capture downloads of a quiet slot are open (spread over 127.0.0.x source
             addresses so that per-client connection limits do not apply);
  ingest     while the daemon analyses a capture at full speed (given with -i, several slots at once).

Each request's latency is measured on the pacer's clock, from the moment it was due (so a request that
had to wait for a free connection counts its wait) to the end of its response. A request not answered
within --timeout seconds of its due time is a timeout (never sent, or abandoned). See bench/README.md.

Usage: bench/api_latency.py PATH_TO_NETMETER [--rate 200] [--duration 20] [--downloads 200] ...
"""
import argparse
import datetime
import glob
import http.client
import math
import os
import queue
import re
import shutil
import struct
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "api"))
import api_test  # noqa: E402  (Daemon, Client, ADMIN_PW)
import security_test as st  # noqa: E402  (quiet captures, idle downloads, source addresses, daemon stop)
from transfer_test import udp_frame  # noqa: E402

PATH = "/API/stats/time"


# ----------------------------------------------------------------------------------------------------
# The paced sender.

class Outcome:
    __slots__ = ("due", "end", "status")

    def __init__(self, due, end, status):
        self.due, self.end, self.status = due, end, status  # status: HTTP status, "timeout" or "error"


class KeepAlive:
    """One keep-alive HTTPS connection that reconnects after a failure."""

    def __init__(self, port, token):
        self.port, self.headers = port, {"Authorization": f"Bearer {token}", "Host": f"127.0.0.1:{port}"}
        self.conn = None

    def get(self, timeout):
        if self.conn is None:
            self.conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=timeout, context=st.TLS)
        self.conn.timeout = timeout
        if self.conn.sock is not None:
            self.conn.sock.settimeout(timeout)
        try:
            self.conn.request("GET", PATH, headers=self.headers)
            r = self.conn.getresponse()
            r.read()
            return r.status
        except Exception:
            self.close()
            raise

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def paced_gets(port, token, rate, duration, timeout, connections):
    """Sends `rate` GETs per second for `duration` s over `connections` keep-alive connections; returns
    the outcomes (one per due request). Each connection makes one request first (TLS handshake) before the
    clock starts."""
    due_queue = queue.Queue()
    outcomes = []
    lock = threading.Lock()
    warm = threading.Barrier(connections + 1)

    def worker():
        link = KeepAlive(port, token)
        try:
            link.get(timeout)
        except (OSError, http.client.HTTPException):
            pass  # a daemon that does not answer: the measurement will say so
        try:
            warm.wait(timeout + 5)
        except threading.BrokenBarrierError:
            pass
        while True:
            due = due_queue.get()
            if due is None:
                break
            remaining = due + timeout - time.monotonic()
            status = "timeout"
            if remaining > 0:
                try:
                    status = link.get(remaining)
                except (OSError, http.client.HTTPException) as e:
                    status = "timeout" if isinstance(e, TimeoutError) else "error"
            end = time.monotonic()
            if end - due > timeout:
                status = "timeout"
            with lock:
                outcomes.append(Outcome(due, end, status))
        link.close()

    workers = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for w in workers:
        w.start()
    try:
        warm.wait(timeout + 5)
    except threading.BrokenBarrierError:
        pass
    start = time.monotonic() + 0.05
    total = int(rate * duration)
    for i in range(total):
        due = start + i / rate
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        due_queue.put(due)
    for _ in workers:
        due_queue.put(None)
    for w in workers:
        w.join(timeout + 5)
    return outcomes


def summarise(label, outcomes, timeout):
    """One table row: counts and latency percentiles (timeouts count as longer than any answer)."""
    n = len(outcomes)
    ok = sum(1 for o in outcomes if o.status == 200)
    timeouts = sum(1 for o in outcomes if o.status == "timeout")
    latencies = sorted((o.end - o.due) if o.status == 200 else math.inf for o in outcomes)

    def pct(p):
        if not latencies:
            return "-"
        v = latencies[min(n - 1, max(0, math.ceil(p / 100 * n) - 1))]
        return f">{timeout * 1000:.0f} (t/o)" if v == math.inf else f"{v * 1000:.1f}"

    return (label, n, ok, timeouts, n - ok - timeouts, pct(50), pct(99), pct(100))


# ----------------------------------------------------------------------------------------------------
# Loads.

def write_ingest_capture(path, packets, flows=4096):
    """A classic pcap of `packets` 80-byte UDP frames over `flows` flows, 4096 packets per second of
    packet time (a prebuilt block whose seconds field is patched per block)."""
    per_block = 4096
    frames = [udp_frame(i, 80) for i in range(flows)]
    rec = 16 + 80
    block = bytearray()
    for k in range(per_block):
        block += struct.pack("<IIII", 0, k * (1_000_000 // per_block), 80, 80) + frames[(k * 7919) % flows]
    t0 = int(time.time()) - 86400
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for b in range(max(1, packets // per_block)):
            for k in range(per_block):
                struct.pack_into("<I", block, k * rec, t0 + b)
            f.write(block)
    return path


def pick_capture(args, tmp):
    if args.capture:
        return args.capture, "given"
    made = sorted(glob.glob(os.path.join(HERE, "data", "replay-repeat-*.pcap")))
    if made:
        return made[-1], "from scripts/bench"
    t = time.time()
    path = write_ingest_capture(os.path.join(tmp, "ingest.pcap"), args.capture_packets)
    print(f"generated {os.path.getsize(path) / 2**20:.0f} MiB ({args.capture_packets} packets) in "
          f"{time.time() - t:.1f} s", file=sys.stderr)
    return path, "generated"


def download_sources(count):
    try:
        return st.loopback_sources(count)
    except unittest.SkipTest as e:
        print(f"warning: {e}; all downloads come from 127.0.0.1 (per-client limits will apply)", file=sys.stderr)
        return ["127.0.0.1"]


def start_daemon(tmp, name, *flags):
    d = api_test.Daemon(os.path.join(tmp, name), "--workers", "1", "--login-max-failures", "100000", *flags)
    d.start()
    token = st.SecurityCase.admin_token(api_test.Client(d))["token"]
    return d, token


def slot_end_times(daemon):
    """Wall-clock times (epoch s) of the daemon's "source ended" log lines (spdlog: local time)."""
    stamps = re.findall(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) .*source ended", daemon.stderr(), re.M)
    return [datetime.datetime.strptime(s, "%Y-%m-%d %H:%M:%S.%f").timestamp() for s in stamps]


# ----------------------------------------------------------------------------------------------------

def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("netmeter")
    p.add_argument("--rate", type=float, default=200, help="GETs per second (default 200)")
    p.add_argument("--duration", type=float, default=20, help="seconds per scenario (default 20)")
    p.add_argument("--timeout", type=float, default=2.0, help="per-request client timeout, s (default 2)")
    p.add_argument("--connections", type=int, default=16, help="sender keep-alive connections (default 16)")
    p.add_argument("--downloads", type=int, default=200, help="idle downloads in 'downloads' (default 200)")
    p.add_argument("--download-open-limit", type=float, default=20,
                   help="seconds allowed to open all downloads (default 20)")
    p.add_argument("--capture", help="capture for 'ingest' (default: bench/data/replay-repeat-*.pcap or generated)")
    p.add_argument("--capture-packets", type=int, default=8_000_000,
                   help="packets of a generated capture (default 8000000, 730 MiB)")
    p.add_argument("--ingest-slots", type=int, default=12,
                   help="slots analysing the capture at once (default 12)")
    p.add_argument("--scenarios", default="idle,downloads,ingest", help="comma-separated subset")
    args = p.parse_args()
    api_test.NETMETER = os.path.abspath(args.netmeter)
    scenarios = args.scenarios.split(",")
    try:
        st.raise_fd_limit(4 * args.downloads + 256)
    except unittest.SkipTest as e:
        print(f"warning: {e}", file=sys.stderr)

    tmp = tempfile.mkdtemp(prefix="netmeter-api-latency-")
    rows, notes = [], []
    send = lambda port, token: paced_gets(port, token, args.rate, args.duration, args.timeout, args.connections)
    try:
        if "idle" in scenarios or "downloads" in scenarios:
            quiet = st.quiet_capture(os.path.join(tmp, "quiet.pcap"))
            d, token = start_daemon(tmp, "data-quiet", "-i", quiet, "--replay-speed", "1")
            try:
                if "idle" in scenarios:
                    rows.append(summarise("idle (reference)", send(d.port, token), args.timeout))
                if "downloads" in scenarios:
                    sources = download_sources(max(1, math.ceil(args.downloads / 20)))
                    t = time.time()
                    downloads, problems = st.open_idle_downloads(d.port, token, args.downloads, sources,
                                                                 args.download_open_limit)
                    opened = args.downloads - len(problems)
                    notes.append(f"downloads: {opened} of {args.downloads} answered 200 within "
                                 f"{time.time() - t:.1f} s, from {len(sources)} source address(es)"
                                 + (f"; first problem: {problems[0]}" if problems else ""))
                    try:
                        outcomes = send(d.port, token)
                    finally:
                        st.close_all(downloads)
                    rows.append(summarise(f"idle downloads ({opened}/{args.downloads} open)", outcomes, args.timeout))
            finally:
                st.stop_daemon(d)
        if "ingest" in scenarios:
            capture, origin = pick_capture(args, tmp)
            flags = [x for _ in range(args.ingest_slots) for x in ("-i", capture)]
            d, token = start_daemon(tmp, "data-ingest", *flags)
            try:
                began = time.time()
                outcomes = send(d.port, token)
                ended = slot_end_times(d)
            finally:
                st.stop_daemon(d)
            if len(ended) < args.ingest_slots:
                busy = f"{args.ingest_slots - len(ended)} slots still analysing at the end"
            else:
                busy = (f"all finished {max(ended) - began:.1f} s into the {time.time() - began:.0f} s run "
                        f"(the first after {min(ended) - began:.1f} s): raise --capture-packets or "
                        f"--ingest-slots for a fully loaded run")
            notes.append(f"ingest: {args.ingest_slots} slots x {os.path.basename(capture)} ({origin}, "
                         f"{os.path.getsize(capture) / 2**20:.0f} MiB); {busy}")
            rows.append(summarise(f"ingesting {args.ingest_slots} x capture", outcomes, args.timeout))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\nnetmeter API latency: GET {PATH} (Bearer, keep-alive HTTPS), {args.rate:g} req/s for "
          f"{args.duration:g} s over {args.connections} connections, client timeout {args.timeout:g} s, "
          f"--http-threads 2; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print(f"{'scenario':34} {'sent':>6} {'200':>6} {'t/o':>6} {'err':>5} {'p50 ms':>14} {'p99 ms':>14} {'max ms':>14}")
    for label, n, ok, to, err, p50, p99, mx in rows:
        print(f"{label:34} {n:6d} {ok:6d} {to:6d} {err:5d} {p50:>14} {p99:>14} {mx:>14}")
    for note in notes:
        print("note: " + note)


if __name__ == "__main__":
    main()
