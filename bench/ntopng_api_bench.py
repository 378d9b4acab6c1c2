#!/usr/bin/env python3
"""The ntopng dialect's live-traffic lists under size (issue 10): a daemon analysing a synthetic capture of
N hosts, each one a UDP flow to one server (default one million hosts and flows), then, over keep-alive
HTTPS from this process:

  hosts top10    `get/host/active.lua?ifid=0&perPage=10&sortColumn=traffic&sortOrder=desc`, each request
                 made different by an ignored parameter so that no kept answer is reused: p50 / p99;
  flows page 1   `get/flow/active.lua?ifid=0` (by bytes, descending, 10 per page), cold the same way;
  host data      `get/host/data.lua?ifid=0&host=<ip>` for random known hosts: p50 / p99;
  repeated       the hosts request repeated by `wrk` (4 connections, --duration): requests/s.

Latency is measured from sending a request to the end of its response (the server's time plus one
loopback round trip). See bench/README.md.

Usage: bench/ntopng_api_bench.py PATH_TO_NETMETER [--hosts 1000000] [--duration 10]
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tests", "api"))
import allegro_api_bench as ab  # noqa: E402  (capture maker, connection, percentiles)
import api_test  # noqa: E402
from transfer_test import vm_kib  # noqa: E402

HOSTS = "/lua/rest/v2/get/host/active.lua?ifid=0&perPage=10&sortColumn=traffic&sortOrder=desc"
FLOWS = "/lua/rest/v2/get/flow/active.lua?ifid=0&perPage=10"


def rsp(conn, path):
    conn.c.request("GET", path, headers={"Authorization": ab.AUTH})
    r = conn.c.getresponse()
    body = json.loads(r.read())
    if r.status != 200:
        raise RuntimeError(f"GET {path}: {r.status} {body}")
    return body["rsp"]


def cold(conn, path, n=30):
    return [conn.get(f"{path}&run={i}")[0] for i in range(n)]


def bench_host_data(conn, hosts, n=300):
    rnd = random.Random(1)
    times = []
    for _ in range(n):
        ip = ".".join(map(str, ab.host_ip(rnd.randrange(hosts))))
        times.append(conn.get(f"/lua/rest/v2/get/host/data.lua?ifid=0&host={ip}")[0])
    return times


def bench_wrk(port, duration):
    if not shutil.which("wrk"):
        return None
    out = subprocess.run(["wrk", "-t2", "-c4", f"-d{duration}s", "-H", f"Authorization: {ab.AUTH}",
                          f"https://127.0.0.1:{port}{HOSTS}"], capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    raise RuntimeError(out.stdout + out.stderr)


def line(name, times):
    print(f"{name:<36} p50 {ab.ms(ab.pct(times, 50))}  p99 {ab.ms(ab.pct(times, 99))}  (n={len(times)})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("netmeter")
    ap.add_argument("--hosts", type=int, default=1_000_000)
    ap.add_argument("--duration", type=int, default=10)
    a = ap.parse_args()
    api_test.NETMETER = os.path.abspath(a.netmeter)
    tmp = tempfile.mkdtemp(prefix="nm-ntopng-bench-")
    try:
        cap = os.path.join(tmp, "hosts.pcap")
        t = time.time()
        # 20 s of packet time: every flow stays active (idle timeouts are longer), as on a busy link.
        ab.write_hosts_capture(cap, a.hosts, span_s=20)
        print(f"capture: {a.hosts} hosts, {os.path.getsize(cap) / 1e6:.0f} MB, made in {time.time() - t:.1f} s")
        d = api_test.Daemon(os.path.join(tmp, "data"), "-i", cap).start()
        try:
            conn = ab.Conn(d.port)
            t = time.time()
            ab.wait_finished(conn)
            print(f"analysed in {time.time() - t:.1f} s; daemon RSS {vm_kib(d.proc.pid, 'VmRSS') / 2**20:.0f} MiB")
            hosts = rsp(conn, HOSTS)
            flows = rsp(conn, FLOWS)
            print(f"host/active totalRows {hosts['totalRows']}, flow/active totalRows {flows['totalRows']}")
            line("host/active top-10 by traffic, cold:", cold(conn, HOSTS))
            line("flow/active page 1 by bytes, cold:", cold(conn, FLOWS))
            line("host/data.lua:", bench_host_data(conn, a.hosts))
            rps = bench_wrk(d.port, a.duration)
            print(f"host/active top-10, repeated: {rps:.0f} requests/s (wrk -t2 -c4)" if rps else
                  "wrk not installed: repeated requests not measured")
        finally:
            d.terminate()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
