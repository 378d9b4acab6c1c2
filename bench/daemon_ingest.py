#!/usr/bin/env python3
"""Daemon ingest against `analyze` (issue 12: "the daemon ingests a capture at >= 90 % of analyze's rate
while answering API calls").

For each run, on the same capture and with the same number of workers:
  analyze  `netmeter analyze FILE --format json -o /dev/null`: wall time of the whole command (reading,
           analysis and writing the report: the report's time counts against analyze, so the ratio errs in
           the daemon's favour by that much);
  daemon   `netmeter run -i FILE --replay-speed 0` with the default history store, while a client sends a
           paced dashboard mix of GETs (ntopng interface data, top hosts, active flows, Allegro top IPs and
           applications) over a keep-alive HTTPS connection with a token; ingest time is from the log line
           "slot 0: analysing" to "source ended" (spdlog timestamps, ms).

Prints per run and the medians: packets/s of each, their ratio, the API calls answered during ingest and
their p50/p99. Usage:
  bench/daemon_ingest.py PATH_TO_NETMETER [--capture FILE] [--runs 3] [--rate 10] [--workers 1]
                         [--daemon-args "--history none"]
The default capture is bench/data/replay-newflows-5000000.pcap (scripts/bench makes it).
"""
import argparse
import datetime
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "api"))
import api_test  # noqa: E402  (Daemon, Client)
import security_test as st  # noqa: E402  (admin token, daemon stop)
import requests  # noqa: E402
import urllib3  # noqa: E402

urllib3.disable_warnings()

DASHBOARD = [
    "/lua/rest/v2/get/interface/data.lua?ifid=0",
    "/lua/rest/v2/get/host/active.lua?ifid=0&perPage=10&sortColumn=traffic&sortOrder=desc",
    "/lua/rest/v2/get/flow/active.lua?ifid=0&perPage=10",
    "/API/stats/modules/ip/ips_paged?sort=bytes&reverse=true&count=10",
    "/API/stats/modules/dpi/dpi_paged?sort=bytes&reverse=true&count=10",
]


def packets_in(path, netmeter):
    """Packets of the capture, as netmeter counts them (the text report's first figures)."""
    out = subprocess.run([netmeter, "analyze", path, "--workers", "1", "--format", "text", "--no-progress"],
                         capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Packets (\d+)", out, re.M).group(1))


def time_analyze(netmeter, path, workers):
    t = time.monotonic()
    subprocess.run([netmeter, "analyze", path, "--workers", str(workers), "--format", "json", "-o", os.devnull,
                    "--no-progress"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - t


def log_time(text, pattern):
    m = re.search(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) .*" + pattern, text, re.M)
    return datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f").timestamp() if m else None


def dashboard(port, token, rate, stop, latencies, failures):
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    due, i = time.monotonic(), 0
    while not stop.is_set():
        due += 1.0 / rate
        t = time.monotonic()
        try:
            # verify per call: a CA bundle named in the environment would override s.verify
            r = s.get(f"https://127.0.0.1:{port}{DASHBOARD[i % len(DASHBOARD)]}", timeout=30, verify=False)
            (latencies if r.status_code == 200 else failures).append(time.monotonic() - t)
        except requests.RequestException:
            failures.append(time.monotonic() - t)
        i += 1
        time.sleep(max(0.0, due - time.monotonic()))


def time_daemon(netmeter, path, workers, rate, tmp, extra):
    api_test.NETMETER = netmeter
    d = api_test.Daemon(os.path.join(tmp, f"data-{time.monotonic_ns()}"), "-i", path, "--replay-speed", "0",
                        "--workers", str(workers), "--login-max-failures", "100000", *extra).start()
    latencies, failures = [], []
    stop = threading.Event()
    try:
        token = st.SecurityCase.admin_token(api_test.Client(d))["token"]
        client = threading.Thread(target=dashboard, args=(d.port, token, rate, stop, latencies, failures))
        client.start()
        deadline = time.time() + 3600
        while "source ended" not in d.stderr() and time.time() < deadline:
            time.sleep(0.05)
        stop.set()
        client.join()
        log = d.stderr()
    finally:
        stop.set()
        st.stop_daemon(d)
    began, ended = log_time(log, r"slot 0: analysing"), log_time(log, r"source ended")
    if began is None or ended is None:
        raise RuntimeError("no start or end line in the daemon's log")
    return ended - began, latencies, failures


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("netmeter")
    p.add_argument("--capture", default=os.path.join(HERE, "data", "replay-newflows-5000000.pcap"))
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--rate", type=float, default=10, help="dashboard GETs per second during ingest")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--daemon-args", default="", help="more options of `netmeter run`, e.g. \"--history none\"")
    args = p.parse_args()
    netmeter = os.path.abspath(args.netmeter)
    if not os.path.exists(args.capture):
        sys.exit(f"no capture {args.capture}: run scripts/bench once, or give --capture")
    packets = packets_in(args.capture, netmeter)
    tmp = tempfile.mkdtemp(prefix="netmeter-daemon-ingest-")
    rows = []
    try:
        for run in range(args.runs):
            a = time_analyze(netmeter, args.capture, args.workers)
            d, lat, fail = time_daemon(netmeter, args.capture, args.workers, args.rate, tmp, args.daemon_args.split())
            rows.append((a, d, len(lat), len(fail), pct(lat, 50), pct(lat, 99)))
            print(f"run {run + 1}: analyze {a:.2f} s ({packets / a / 1e3:.0f} k packets/s), daemon ingest "
                  f"{d:.2f} s ({packets / d / 1e3:.0f} k packets/s), ratio {a / d:.2f}; API: {len(lat)} answered "
                  f"(p50 {pct(lat, 50) * 1e3:.0f} ms, p99 {pct(lat, 99) * 1e3:.0f} ms), {len(fail)} failed",
                  flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    a = statistics.median(r[0] for r in rows)
    d = statistics.median(r[1] for r in rows)
    print(f"\n{os.path.basename(args.capture)} ({packets} packets), --workers {args.workers} {args.daemon_args}, "
          f"{args.rate:g} dashboard GETs/s, medians of {args.runs}; {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}")
    print(f"{'':8} {'wall s':>8} {'k packets/s':>12}")
    print(f"{'analyze':8} {a:8.2f} {packets / a / 1e3:12.0f}")
    print(f"{'daemon':8} {d:8.2f} {packets / d / 1e3:12.0f}")
    print(f"daemon rate / analyze rate: {a / d:.2f} (goal >= 0.90)")


if __name__ == "__main__":
    main()
