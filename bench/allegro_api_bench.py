#!/usr/bin/env python3
"""The Allegro dialect's statistics under size (issue 9): a daemon analysing a synthetic capture of N
hosts (default one million), then, over keep-alive HTTPS from this process:

  top10 cold   `ips_paged?sort=bytes&reverse=true&count=10`, each request made different by an ignored
               parameter so no kept answer is reused: latency p50 / p99 (the server's time plus one
               loopback round trip);
  top10 warm   the identical request repeated by `wrk` (4 connections, --duration): requests/s;
  one ip       `ips/<ip>` for random known hosts: p50 / p99;
  csv          `ips_paged?csv=true`, every host: rows/s and the daemon's peak RSS growth meanwhile;
  ingest       small GETs (`ips/<ip>` of a small slot) at --rate/s while a second slot analyses a large
               capture at full speed: p50 / p99.

Latency is measured from sending a request to the end of its response. See bench/README.md.

Usage: bench/allegro_api_bench.py PATH_TO_NETMETER [--hosts 1000000] [--duration 10] [--rate 200]
"""
import argparse
import base64
import http.client
import os
import random
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "api"))
import api_test  # noqa: E402
import security_test as st  # noqa: E402  (TLS context without certificate check)
from transfer_test import PeakSampler, vm_kib  # noqa: E402

AUTH = "Basic " + base64.b64encode(f"admin:{api_test.ADMIN_PW}".encode()).decode()


def host_ip(i):
    """The i-th synthetic host: 10.x.y.z, never .0 or .255."""
    i += 1
    return bytes([10, (i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF])


def write_hosts_capture(path, hosts, span_s=60):
    """One 60-byte UDP frame from each of `hosts` clients to one server, spread over `span_s` seconds,
    plus a reply to every 16th client, so lists have a spread of byte counts."""
    t0 = 1_700_000_000 * 1_000_000
    step = span_s * 1_000_000 / hosts
    server = bytes([10, 255, 255, 254])
    eth = b"\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00"
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        buf = bytearray()
        for i in range(hosts):
            src = host_ip(i)
            size = 60 + (i % 16) * 8
            t = t0 + int(i * step)
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, size - 14, i & 0xFFFF, 0, 64, 17, 0, src, server)
            udp = struct.pack("!HHHH", 40000 + (i & 0x3FFF), 53, size - 34, 0)
            buf += struct.pack("<IIII", t // 1_000_000, t % 1_000_000, size, size) + eth + ip + udp
            buf += bytes(size - 42)
            if i % 16 == 0:
                ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, size - 14, i & 0xFFFF, 0, 64, 17, 0, server, src)
                udp = struct.pack("!HHHH", 53, 40000 + (i & 0x3FFF), size - 34, 0)
                buf += struct.pack("<IIII", t // 1_000_000, t % 1_000_000 + 1, size, size) + eth + ip + udp
                buf += bytes(size - 42)
            if len(buf) > 1 << 22:
                f.write(buf)
                buf.clear()
        f.write(buf)


class Conn:
    def __init__(self, port):
        self.port = port
        self.c = http.client.HTTPSConnection("127.0.0.1", port, timeout=120, context=st.TLS)

    def get(self, path, stream_to=None):
        t = time.perf_counter()
        self.c.request("GET", path, headers={"Authorization": AUTH})
        r = self.c.getresponse()
        n = 0
        if stream_to is None:
            body = r.read()
            n = len(body)
        else:
            while True:
                chunk = r.read(1 << 16)
                if not chunk:
                    break
                n += len(chunk)
                stream_to(chunk)
        if r.status != 200:
            raise RuntimeError(f"GET {path}: {r.status}")
        return time.perf_counter() - t, n


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def ms(v):
    return f"{v * 1000:.2f} ms"


def wait_finished(conn, slots=1, timeout=600):
    import json
    deadline = time.time() + timeout
    while time.time() < deadline:
        conn.c.request("GET", "/API/stats/processing", headers={"Authorization": AUTH})
        r = conn.c.getresponse()
        s = json.loads(r.read())["slots"]
        if len(s) >= slots and all(x.get("state") == "finished" for x in s[:slots]):
            return
        time.sleep(0.5)
    raise RuntimeError("analysis did not finish")


def bench_top10(conn, n=30):
    times = []
    for i in range(n):
        t, _ = conn.get(f"/API/stats/modules/ip/ips_paged?sort=bytes&reverse=true&count=10&run={i}")
        times.append(t)
    return times


def bench_wrk(port, duration):
    if not shutil.which("wrk"):
        return None
    out = subprocess.run(["wrk", "-t2", "-c4", f"-d{duration}s", "-H", f"Authorization: {AUTH}",
                          f"https://127.0.0.1:{port}/API/stats/modules/ip/ips_paged?sort=bytes&reverse=true&count=10"],
                         capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    raise RuntimeError(out.stdout + out.stderr)


def bench_one_ip(conn, hosts, n=500):
    rnd = random.Random(1)
    times = []
    for _ in range(n):
        ip = ".".join(map(str, host_ip(rnd.randrange(hosts))))
        t, _ = conn.get(f"/API/stats/modules/ip/ips/{ip}?history=false")
        times.append(t)
    return times


def bench_csv(conn, pid):
    rows = [0]

    def count(chunk):
        rows[0] += chunk.count(b"\n")

    base = vm_kib(pid, "VmRSS")
    with PeakSampler(pid) as peak:
        t, n = conn.get("/API/stats/modules/ip/ips_paged?csv=true", stream_to=count)
    return t, rows[0] - 1, n, peak.peak - base


def bench_ingest(port, rate, duration, busy, slot=0):
    """Paced small GETs on `slot` while slot 1 ingests; stops when slot 1 is done (`busy()`, asked from
    another thread so that its own wait is not counted), so only requests made during the ingest count."""
    conn = Conn(port)
    # One untimed request first: a client's first Basic-authenticated request pays one Argon2id verification
    # (tens of ms, then cached for a minute); that is the cost of logging in, not of the ingest measured here.
    ip = ".".join(map(str, host_ip(0)))
    conn.get(f"/API/stats/modules/ip/ips/{ip}?history=false&mm-id={slot}")
    times, period = [], 1.0 / rate
    end = time.perf_counter() + duration
    due = time.perf_counter()
    running = threading.Event()
    running.set()

    def watch():
        while running.is_set():
            if not busy():
                running.clear()
            time.sleep(0.5)

    threading.Thread(target=watch, daemon=True).start()
    while due < end and running.is_set():
        now = time.perf_counter()
        if now < due:
            time.sleep(due - now)
        conn.get(f"/API/stats/modules/ip/ips/{ip}?history=false&mm-id={slot}")
        times.append(time.perf_counter() - due)
        due += period
    running.clear()
    return times


def slot_running(port, slot):
    import json
    c = Conn(port)
    c.c.request("GET", "/API/stats/processing", headers={"Authorization": AUTH})
    slots = json.loads(c.c.getresponse().read())["slots"]
    return any(s["id"] == slot and s.get("state") == "running" for s in slots)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("netmeter")
    ap.add_argument("--hosts", type=int, default=1_000_000)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--rate", type=int, default=200)
    ap.add_argument("--ingest-capture", help="a large capture for the ingest part (default: made here)")
    a = ap.parse_args()
    api_test.NETMETER = os.path.abspath(a.netmeter)
    tmp = tempfile.mkdtemp(prefix="nm-allegro-bench-")
    try:
        cap = os.path.join(tmp, "hosts.pcap")
        t = time.time()
        write_hosts_capture(cap, a.hosts)
        print(f"capture: {a.hosts} hosts, {os.path.getsize(cap) / 1e6:.0f} MB, made in {time.time() - t:.1f} s")
        d = api_test.Daemon(os.path.join(tmp, "data"), "-i", cap).start()
        try:
            conn = Conn(d.port)
            t = time.time()
            wait_finished(conn)
            print(f"analysed in {time.time() - t:.1f} s; daemon RSS {vm_kib(d.proc.pid, 'VmRSS') / 2**20:.0f} MiB")
            top = bench_top10(conn)
            print(f"ips_paged top-10 by bytes, cold:   p50 {ms(pct(top, 50))}  p99 {ms(pct(top, 99))}  (n={len(top)})")
            rps = bench_wrk(d.port, a.duration)
            print(f"ips_paged top-10 by bytes, repeated: {rps:.0f} requests/s (wrk -t2 -c4)" if rps else
                  "wrk not installed: repeated requests not measured")
            one = bench_one_ip(conn, a.hosts)
            print(f"ips/<ip>:                          p50 {ms(pct(one, 50))}  p99 {ms(pct(one, 99))}  (n={len(one)})")
            secs, rows, size, growth = bench_csv(conn, d.proc.pid)
            print(f"ips_paged?csv=true:                {rows} rows, {size / 1e6:.0f} MB in {secs:.2f} s = "
                  f"{rows / secs / 1000:.0f} k rows/s; daemon RSS growth {growth / 2**20:.1f} MiB")
        finally:
            d.terminate()
        small = os.path.join(tmp, "small.pcap")
        write_hosts_capture(small, 1000)
        d = api_test.Daemon(os.path.join(tmp, "data2"), "-i", small, "-i", cap).start()
        try:
            times = bench_ingest(d.port, a.rate, a.duration, lambda: slot_running(d.port, 1))
            print(f"ips/<ip> of a small slot at {a.rate}/s while another ingests {a.hosts} hosts at full speed: "
                  f"p50 {ms(pct(times, 50))}  p99 {ms(pct(times, 99))}  max {ms(max(times))}  (n={len(times)})")
        finally:
            d.terminate()
        d = api_test.Daemon(os.path.join(tmp, "data3"), "-i", small, "-i", cap).start()
        try:
            times = bench_ingest(d.port, a.rate, a.duration, lambda: slot_running(d.port, 1), slot=1)
            print(f"ips/<ip> of the ingesting slot itself at {a.rate}/s: "
                  f"p50 {ms(pct(times, 50))}  p99 {ms(pct(times, 99))}  max {ms(max(times))}  (n={len(times)})")
        finally:
            d.terminate()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
