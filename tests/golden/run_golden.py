#!/usr/bin/env python3
"""Golden end-to-end tests of netmeter against real captures (Python 3 standard library only).

    run_golden.py hosts      --netmeter BIN --shared DIR   per-IP packets/bytes vs tshark expectations
    run_golden.py ndpi       --netmeter BIN --shared DIR   per-application flow counts vs ndpiReader 4.2
    run_golden.py robustness --netmeter BIN --shared DIR   every capture: clean exit, no signal/timeout/sanitizer
    run_golden.py stats      --netmeter BIN --shared DIR   the statistics modules vs tshark expectations

The captures live in DIR/pcaps/ndpi-4.2/ (pcap/, result/, config/). When DIR is missing the test is
skipped: exit code 77, which CTest maps to "Skipped" through SKIP_RETURN_CODE.

hosts, ndpi and stats compare exactly. A capture whose numbers differ must be listed in known_differences.json
(next to this script) with a one-line reason and the exact set of addresses / protocols that differ.
The test fails on a difference that is not listed, on a listed capture that now matches, and on a
listed capture whose set of differing keys changed, so the list always describes reality.
"""

import argparse
import collections
import concurrent.futures
import ipaddress
import json
import os
import re
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77
CORPUS = os.path.join("pcaps", "ndpi-4.2")
NDPI_CONFIG = [  # netmeter option, file in config/ (what the reference results were produced with)
    ("--ndpi-protos", "protos.txt"),
    ("--ndpi-categories", "categories.txt"),
    ("--ndpi-risky-domains", "risky_domains.txt"),
    ("--ndpi-ja3", "ja3_fingerprints.csv"),
    ("--ndpi-sha1", "sha1_fingerprints.csv"),
]
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "WARNING: ThreadSanitizer", "ERROR: MemorySanitizer", "UndefinedBehaviorSanitizer")


# ----------------------------------------------------------------------------------------------------
# Running netmeter

Run = collections.namedtuple("Run", "capture returncode stdout stderr seconds timed_out")


def run_netmeter(netmeter, pcap_dir, capture, extra, timeout):
    cmd = [netmeter, "analyze", os.path.join(pcap_dir, capture), "--format", "json", "--no-progress", *extra]
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
    start = time.monotonic()
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout, env=env)
        return Run(capture, p.returncode, p.stdout, p.stderr.decode("utf-8", "replace"),
                   time.monotonic() - start, False)
    except subprocess.TimeoutExpired as e:
        err = (e.stderr or b"").decode("utf-8", "replace")
        return Run(capture, None, e.stdout or b"", err, time.monotonic() - start, True)


def run_all(args, captures, extra):
    """Runs netmeter on every capture, `args.jobs` at a time; returns {capture: Run}."""
    pcap_dir = os.path.join(args.shared, CORPUS, "pcap")
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        runs = pool.map(lambda c: run_netmeter(args.netmeter, pcap_dir, c, extra, args.timeout), captures)
        return {r.capture: r for r in runs}


def report_json(run):
    """The parsed report, or an error string."""
    if run.timed_out:
        return None, f"timed out after {run.seconds:.0f} s"
    if run.returncode != 0:
        return None, f"exit code {run.returncode}: {run.stderr.strip()[:300]}"
    try:
        return json.loads(run.stdout), None
    except ValueError as e:
        return None, f"invalid JSON report: {e}"


# ----------------------------------------------------------------------------------------------------
# Known differences

KNOWN = os.path.join(HERE, "known_differences.json")


def load_known(section):
    with open(KNOWN) as f:
        known = json.load(f)[section]
    for capture, entry in known.items():
        if not entry.get("reason") or not isinstance(entry.get("differs"), list):
            raise SystemExit(f"known_differences.json: {section}/{capture} needs 'reason' and 'differs'")
    return known


def judge(section, compared, differences, known, key_name, failed):
    """Common verdict. `compared`: captures compared; `differences`: {capture: {key: description}};
    `failed`: captures on which netmeter itself failed (already reported)."""
    failures = []
    for capture in sorted(set(compared) - failed):
        diff = differences.get(capture, {})
        entry = known.get(capture)
        if diff and entry is None:
            failures.append(f"{capture}: differs and is not listed in known_differences.json [{section}]")
            for k in sorted(diff):
                failures.append(f"    {key_name} {k}: {diff[k]}")
        elif not diff and entry is not None:
            failures.append(f"{capture}: listed in known_differences.json [{section}] but now matches; "
                            "remove the entry")
        elif diff and sorted(diff) != sorted(entry["differs"]):
            failures.append(f"{capture}: the set of differing {key_name} keys changed: listed {sorted(entry['differs'])}, "
                            f"now {sorted(diff)}")
            for k in sorted(diff):
                failures.append(f"    {key_name} {k}: {diff[k]}")
    for capture in sorted(set(known) - set(compared) - failed):
        failures.append(f"{capture}: listed in known_differences.json [{section}] but was not compared")
    return failures


def finish(name, compared, differences, known, failures, extra_lines=()):
    listed = sorted(c for c in compared if differences.get(c) and c in known)
    print(f"\n{name}: {len(compared)} captures compared, {len(compared) - len(differences)} match exactly, "
          f"{len(listed)} differ as listed in known_differences.json")
    for c in listed:
        print(f"  known: {c}: {known[c]['reason']}")
    for line in extra_lines:
        print(line)
    if failures:
        print(f"\n{name}: FAILED ({len(failures)} problem line(s))")
        for line in failures:
            print("  " + line)
        return 1
    print(f"{name}: PASSED")
    return 0


# ----------------------------------------------------------------------------------------------------
# golden_hosts: per-IP traffic vs tshark

def netmeter_hosts(report):
    """{ip: [tx_packets, tx_bytes, rx_packets, rx_bytes]}: hosts summed over VLANs plus tunnel endpoints,
    which together are what tshark's per-IP-layer endpoint table counts."""
    out = {}
    for h in report["hosts"] + report["tunnel_endpoints"]:
        v = out.setdefault(ipaddress.ip_address(h["ip"]).compressed, [0, 0, 0, 0])
        v[0] += h["packets_sent"]
        v[1] += h["bytes_sent"]
        v[2] += h["packets_rcvd"]
        v[3] += h["bytes_rcvd"]
    return out


def cmd_hosts(args):
    expected_dir = os.path.join(HERE, "expected")
    with open(os.path.join(expected_dir, "_meta.json")) as f:
        unreadable = json.load(f)["unreadable"]
    captures = sorted(os.listdir(os.path.join(args.shared, CORPUS, "pcap")))
    expected = {}
    failures = []
    for c in captures:
        path = os.path.join(expected_dir, c + ".json")
        if os.path.exists(path):
            with open(path) as f:
                expected[c] = json.load(f)["hosts"]
        elif c not in unreadable:
            failures.append(f"{c}: no expectation; run scripts/update_golden")
    for fname in sorted(os.listdir(expected_dir)):
        if fname.endswith(".json") and fname != "_meta.json" and fname[:-5] not in captures:
            failures.append(f"{fname}: expectation for a capture that is not in the corpus")
    if not expected:
        print("golden_hosts: no expectations found; run scripts/update_golden")
        return 1

    # Two workers: host totals must not depend on how flows are sharded. No nDPI files: DPI does not
    # change per-host traffic, and loading them per worker costs time.
    runs = run_all(args, sorted(expected), ["--workers", "2"])
    known = load_known("hosts")
    differences, failed = {}, set()
    for c in sorted(expected):
        report, error = report_json(runs[c])
        if error:
            failures.append(f"{c}: netmeter failed: {error}")
            failed.add(c)
            continue
        got, want = netmeter_hosts(report), expected[c]
        diff = {}
        for ip in set(got) | set(want):
            if got.get(ip) != want.get(ip):
                diff[ip] = f"tshark {want.get(ip)} netmeter {got.get(ip)} [tx_pkts, tx_bytes, rx_pkts, rx_bytes]"
        if diff:
            differences[c] = diff
    failures += judge("hosts", expected, differences, known, "address", failed)
    skipped = [f"  not compared (tshark/capinfos cannot read it): {c}" for c in sorted(unreadable)]
    return finish("golden_hosts", expected, differences, known, failures, skipped)


# ----------------------------------------------------------------------------------------------------
# golden_stats: the statistics modules ("statistics" in the report) vs tshark, and vs the report's own
# flow-based sections

def zero(v):
    return not any(v)


def add_into(table, key, values):
    v = table.setdefault(key, [0] * len(values))
    for i, x in enumerate(values):
        v[i] += x


def stats_hosts(report):
    """{ip: [tx_packets, tx_bytes, rx_packets, rx_bytes]}: the statistics' hosts summed over VLANs plus the
    tunnel endpoints (as netmeter_hosts). Hosts without traffic (known only as ARP senders) are left out:
    tshark's IP endpoint table cannot list them."""
    out = {}
    for h in report["statistics"]["hosts"]:
        add_into(out, ipaddress.ip_address(h["ip"]).compressed,
                 [h["tx_packets"], h["tx_bytes"], h["rx_packets"], h["rx_bytes"]])
    for h in report["tunnel_endpoints"]:
        add_into(out, ipaddress.ip_address(h["ip"]).compressed,
                 [h["packets_sent"], h["bytes_sent"], h["packets_rcvd"], h["bytes_rcvd"]])
    return {k: v for k, v in out.items() if not zero(v)}


def stats_macs(report):
    return {m["mac"]: [m["tx_packets"], m["tx_bytes"], m["rx_packets"], m["rx_bytes"]]
            for m in report["statistics"]["macs"] if not zero([m["tx_packets"], m["rx_packets"]])}


def stats_vlans(report):
    return {f'{v["level"]} {v["id"]}': [v["packets"], v["bytes"]] for v in report["statistics"]["vlans"]}


def stats_endpoints(report):
    """({"TCP|UDP ip port": [tx_p, tx_b, rx_p, rx_b]}, addresses whose port lists the report cut short).
    An endpoint's traffic is the sum of the host's server-role and client-role rows for that port (its own
    port in each connection), over VLANs."""
    out, truncated = {}, set()
    for h in report["statistics"]["hosts"]:
        ip = ipaddress.ip_address(h["ip"]).compressed
        ports = h["ports"]
        if ports["server_total"] > len(ports["server"]) or ports["client_total"] > len(ports["client"]):
            truncated.add(ip)
        for row in ports["server"] + ports["client"]:
            add_into(out, f'{row["l4"]} {ip} {row["port"]}',
                     [row["tx_packets"], row["tx_bytes"], row["rx_packets"], row["rx_bytes"]])
    return out, truncated


def compare_maps(want, got, what):
    """{key: description} of the keys whose values differ (a missing key counts as all zeros)."""
    diff = {}
    for k in set(want) | set(got):
        w, g = want.get(k), got.get(k)
        if w != g and not (w is None and zero(g)) and not (g is None and zero(w)):
            diff[k] = f"tshark {w} netmeter {g} {what}"
    return diff


def server_port_differences(report, expected):
    """The server-port module against tshark, for the ports where tshark's per-(address, port) table
    answers the same question: a port P that no flow uses as its client port. Then the packets with
    destination port P are exactly the client-to-server packets of the flows served on P (rx), and those
    with source port P their server-to-client packets (tx). Which ports qualify is read from netmeter's
    own flow list: a filter only; the numbers compared come from the module and from tshark."""
    client_ports = {(f["l4"], f["client_port"]) for f in report["flows"]}
    by_port = {}
    for key, (tx_p, tx_b, rx_p, rx_b) in expected["l4_endpoints"].items():
        l4, _, port = key.split()
        add_into(by_port, (l4, int(port)), [rx_p, rx_b, tx_p, tx_b])
    diff, compared = {}, 0
    for p in report["statistics"]["server_ports"]:
        key = (p["l4"], p["port"])
        if key in client_ports:
            continue
        compared += 1
        got = [p["rx_packets"], p["rx_bytes"], p["tx_packets"], p["tx_bytes"]]
        want = by_port.get(key, [0, 0, 0, 0])
        if got != want:
            diff[f"{key[0]} {key[1]}"] = f"tshark {want} netmeter {got} [rx_pkts, rx_bytes, tx_pkts, tx_bytes]"
    return diff, compared


def seconds_differences(report, expected):
    """The interface's total, its per-second series, last second and last minute against tshark's frames
    bucketed by epoch second. The series covers [from, to): the seconds the finest history level still
    holds exactly (the last hour of the capture by default); earlier seconds are not compared."""
    iface = report["statistics"]["interface"]
    want_seconds = {int(k): v for k, v in expected["seconds"].items()}
    diff = {}
    if [iface["packets"], iface["bytes"]] != expected["frames"]:
        diff["all_time"] = f'tshark {expected["frames"]} netmeter {[iface["packets"], iface["bytes"]]}'
    if not want_seconds:
        return diff, 0
    series = iface["per_second"]
    got = {b[0]: [b[1], b[2]] for b in series["buckets"]}
    lo, hi = series["from"], series["to"]
    buckets = sorted(set(got) | {t for t in want_seconds if lo <= t < hi})
    for t in buckets:
        if got.get(t, [0, 0]) != want_seconds.get(t, [0, 0]):
            diff[f"second {t}"] = f"tshark {want_seconds.get(t, [0, 0])} netmeter {got.get(t, [0, 0])}"
    last = iface["last_second"]
    newest = max(want_seconds)
    got_last = [last["second"], last["packets"], last["bytes"]]
    if got_last != [newest, *want_seconds[newest]]:
        diff["last_second"] = f"tshark {[newest, *want_seconds[newest]]} netmeter {got_last} [second, pkts, bytes]"
    minute = iface["last_minute"]
    in_minute = [v for t, v in want_seconds.items() if minute["from"] <= t < minute["to"]]
    want_minute = [sum(v[0] for v in in_minute), sum(v[1] for v in in_minute)]
    if [minute["packets"], minute["bytes"]] != want_minute:
        diff["last_minute"] = f'tshark {want_minute} netmeter {[minute["packets"], minute["bytes"]]}'
    return diff, len(buckets)


def internal_problems(report):
    """What the statistics must agree on with the report's flow-based sections, on every capture."""
    st = report["statistics"]
    iface = st["interface"]
    problems = []
    flow_hosts = {(h["ip"], h["vlan"]): [h["packets_rcvd"], h["bytes_rcvd"], h["packets_sent"], h["bytes_sent"],
                                        h["flows_as_client"], h["flows_as_server"]] for h in report["hosts"]}
    stat_hosts = {(h["ip"], h["vlan"]): [h["rx_packets"], h["rx_bytes"], h["tx_packets"], h["tx_bytes"],
                                        h["flows"]["as_client"], h["flows"]["as_server"]] for h in st["hosts"]}
    for k, v in compare_maps(flow_hosts, stat_hosts, "[rx_p, rx_b, tx_p, tx_b, flows c, flows s]").items():
        problems.append(f"host {k[0]}@{k[1]}: flows say {v.replace('tshark', '').strip()}")
    t = report["totals"]
    if [iface["packets"], iface["bytes"], iface["flows"]["total"]] != [t["packets"], t["bytes"], t["flows"]]:
        problems.append(f'interface {iface["packets"]} pkts {iface["bytes"]} B {iface["flows"]["total"]} flows, '
                        f'totals {t["packets"]} pkts {t["bytes"]} B {t["flows"]} flows')
    by_port, host_apps = {}, {}
    for f in report["flows"]:
        if f["l4"] in ("TCP", "UDP"):
            c2s, s2c = f["client_to_server"], f["server_to_client"]
            add_into(by_port, (f["l4"], f["server_port"]), [1, c2s["packets"], c2s["bytes"], s2c["packets"], s2c["bytes"]])
        ends = {f["client_ip"], f["server_ip"]}
        for ip in ends:
            add_into(host_apps, (ip, f["vlan"], f["application"]), [1])
    module = {(p["l4"], p["port"]): [p["flows"], p["rx_packets"], p["rx_bytes"], p["tx_packets"], p["tx_bytes"]]
              for p in st["server_ports"]}
    for k, v in compare_maps(by_port, module, "[flows, rx_p, rx_b, tx_p, tx_b]").items():
        problems.append(f"server port {k[0]} {k[1]}: flows say {v.replace('tshark', '').strip()}")
    # TCP quality: what each host sent (the client's direction for the client, the other for the server).
    tcp_names = ["retransmissions", "out_of_order", "lost", "zero_windows"]
    flow_tcp = {}
    for f in report["flows"]:
        if "tcp" in f:
            add_into(flow_tcp, (f["client_ip"], f["vlan"]), [f["tcp"]["client_to_server"][n] for n in tcp_names])
            add_into(flow_tcp, (f["server_ip"], f["vlan"]), [f["tcp"]["server_to_client"][n] for n in tcp_names])
    stat_tcp = {(h["ip"], h["vlan"]): [h["tcp"][n] for n in tcp_names] for h in st["hosts"]}
    for k, v in compare_maps(flow_tcp, stat_tcp, "[retransmissions, out_of_order, lost, zero_windows]").items():
        problems.append(f"host {k[0]}@{k[1]} TCP quality: flows say {v.replace('tshark', '').strip()}")
    stat_apps = {}
    for h in st["hosts"]:
        for a in h["applications"]:
            if a["flows"]:
                add_into(stat_apps, (h["ip"], h["vlan"], a["name"]), [a["flows"]])
    for k, v in compare_maps(host_apps, stat_apps, "flows").items():
        problems.append(f"host {k[0]}@{k[1]} application {k[2]}: flows say {v.replace('tshark', '').strip()}")
    series = iface["per_second"]
    if series["buckets"] and iface["first_seen"] is not None and series["from"] <= int(iface["first_seen"] // 1):
        total = [sum(b[1] for b in series["buckets"]), sum(b[2] for b in series["buckets"])]
        if total != [iface["packets"], iface["bytes"]]:
            problems.append(f"per-second series sums to {total}, interface all-time {[iface['packets'], iface['bytes']]}")
    return problems


STATS_KINDS = [  # (kind, known_differences.json section, key name)
    ("hosts", "hosts", "address"),
    ("macs", "stats_macs", "mac"),
    ("vlans", "stats_vlans", "vlan"),
    ("l4_endpoints", "stats_endpoints", "endpoint"),
    ("server_ports", "stats_server_ports", "port"),
    ("seconds", "stats_seconds", "bucket"),
]


def cmd_stats(args):
    expected_dir = os.path.join(HERE, "expected")
    with open(os.path.join(expected_dir, "_meta.json")) as f:
        unreadable = json.load(f)["unreadable"]
    captures = sorted(os.listdir(os.path.join(args.shared, CORPUS, "pcap")))
    expected, failures = {}, []
    for c in captures:
        path = os.path.join(expected_dir, c + ".json")
        if os.path.exists(path):
            with open(path) as f:
                expected[c] = json.load(f)
            if "seconds" not in expected[c]:
                failures.append(f"{c}: expectation without the statistics sections; run scripts/update_golden")
                del expected[c]
        elif c not in unreadable:
            failures.append(f"{c}: no expectation; run scripts/update_golden")
    if not expected:
        print("golden_stats: no expectations found; run scripts/update_golden")
        return 1

    # Two workers: the statistics merge per-second deltas of both; nothing may depend on the sharding.
    runs = run_all(args, sorted(expected), ["--workers", "2"])
    differences = {kind: {} for kind, _, _ in STATS_KINDS}
    failed, internal, notes = set(), [], []
    port_compared = endpoints_skipped = seconds_compared = 0
    for c in sorted(expected):
        report, error = report_json(runs[c])
        if error:
            failures.append(f"{c}: netmeter failed: {error}")
            failed.add(c)
            continue
        want = expected[c]
        internal += [f"{c}: {p}" for p in internal_problems(report)]
        endpoints, truncated = stats_endpoints(report)
        want_endpoints = {k: v for k, v in want["l4_endpoints"].items() if k.split()[1] not in truncated}
        endpoints = {k: v for k, v in endpoints.items() if k.split()[1] not in truncated}
        endpoints_skipped += len(want["l4_endpoints"]) - len(want_endpoints)
        ports, n = server_port_differences(report, want)
        port_compared += n
        seconds, n = seconds_differences(report, want)
        seconds_compared += n
        found = {
            "hosts": compare_maps(want["hosts"], stats_hosts(report), "[tx_pkts, tx_bytes, rx_pkts, rx_bytes]"),
            "macs": compare_maps(want["macs"], stats_macs(report), "[tx_pkts, tx_bytes, rx_pkts, rx_bytes]"),
            "vlans": compare_maps(want["vlans"], stats_vlans(report), "[pkts, bytes]"),
            "l4_endpoints": compare_maps(want_endpoints, endpoints, "[tx_pkts, tx_bytes, rx_pkts, rx_bytes]"),
            "server_ports": ports,
            "seconds": seconds,
        }
        for kind, diff in found.items():
            if diff:
                differences[kind][c] = diff
        span = report["statistics"]["interface"]["per_second"]
        if want["seconds"] and span["from"] > min(int(t) for t in want["seconds"]):
            notes.append(c)

    rc = 0
    for kind, section, key_name in STATS_KINDS:
        known = load_known(section)
        kind_failures = judge(section, expected, differences[kind], known, key_name, failed)
        rc |= finish(f"golden_stats [{kind}]", [c for c in expected if c not in failed], differences[kind], known,
                     kind_failures)
    extra = [f"  per-(address, port) endpoints of hosts whose port lists were cut short (not compared): "
             f"{endpoints_skipped}",
             f"  server ports compared (ports no flow uses as a client port): {port_compared}",
             f"  non-empty seconds of the per-second series compared: {seconds_compared}",
             f"  captures longer than the per-second history (seconds before it not compared): {len(notes)}"]
    print("\n".join(extra))
    rc |= finish("golden_stats [internal]", [c for c in expected if c not in failed],
                 {}, {}, internal + failures)
    return rc


# ----------------------------------------------------------------------------------------------------
# golden_ndpi_flows: per-application flow counts vs ndpiReader 4.2's result files

PROTO_LINE = re.compile(r"^([^\t]+)\t(\d+)\t(\d+)\t(\d+)$")


def parse_ndpi_result(path):
    """Per-protocol totals of an ndpiReader `-w` result file: {name: [packets, bytes, flows]}.

    The lines follow the "Confidence ..." block: "<protocol>\\t<packets>\\t<bytes>\\t<flows>". A flow
    is counted under its application protocol when known, else its master protocol. Two result files
    of the corpus are empty: ndpiReader prints nothing when no packet reached a flow."""
    out = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            m = PROTO_LINE.match(line.rstrip("\n"))
            if m:
                out[m.group(1)] = [int(m.group(2)), int(m.group(3)), int(m.group(4))]
    return out


def netmeter_apps(report):
    """{name: [packets, bytes, flows]} counted as ndpiReader does: the application if known, else the
    master protocol."""
    out = {}
    for a in report["applications"]:
        name = a["app"] if a["app"] != "Unknown" else a["master"]
        v = out.setdefault(name, [0, 0, 0])
        v[0] += a["packets"]
        v[1] += a["bytes"]
        v[2] += a["flows"]
    return out


def cmd_ndpi(args):
    base = os.path.join(args.shared, CORPUS)
    captures = sorted(os.listdir(os.path.join(base, "pcap")))
    results = set(os.listdir(os.path.join(base, "result")))
    compared = [c for c in captures if c + ".out" in results]
    extra = []
    for option, fname in NDPI_CONFIG:
        path = os.path.join(base, "config", fname)
        if not os.path.exists(path):
            print(f"golden_ndpi_flows: missing {path}")
            return 1
        extra += [option, path]
    # One worker: ndpiReader runs one nDPI detection module over the whole file, and some nDPI
    # detections use state shared between the flows of a module (caches of addresses and ports).
    runs = run_all(args, compared, ["--workers", "1", *extra])
    known = load_known("ndpi_flows")
    info = load_known("ndpi_packets_bytes_info")

    failures, differences, info_lines, failed = [], {}, [], set()
    for c in compared:
        report, error = report_json(runs[c])
        if error:
            failures.append(f"{c}: netmeter failed: {error}")
            failed.add(c)
            continue
        want = parse_ndpi_result(os.path.join(base, "result", c + ".out"))
        got = netmeter_apps(report)
        diff = {}
        pb = []
        for name in sorted(set(want) | set(got)):
            w, g = want.get(name, [0, 0, 0]), got.get(name, [0, 0, 0])
            if w[2] != g[2]:
                diff[name] = f"ndpiReader {w[2]} flows, netmeter {g[2]}"
            if w[:2] != g[:2]:
                pb.append(f"{name} ndpiReader {w[0]} pkts/{w[1]} B, netmeter {g[0]} pkts/{g[1]} B")
        if diff:
            differences[c] = diff
        elif pb:
            why = info[c]["reason"] if c in info else "no explanation recorded"
            info_lines.append(f"  info: {c}: packets/bytes differ ({why}): " + "; ".join(pb))
    failures += judge("ndpi_flows", compared, differences, known, "protocol", failed)
    lines = []
    if info_lines:
        lines.append("Packets/bytes per application differing while flow counts match (information only):")
        lines += info_lines
    no_capture = sorted(r[:-4] for r in results if r.endswith(".out") and r[:-4] not in captures)
    no_result = sorted(c for c in captures if c + ".out" not in results)
    if no_capture:
        lines.append(f"  result files without a capture (not compared): {', '.join(no_capture)}")
    if no_result:
        lines.append(f"  captures without a result file (not compared): {', '.join(no_result)}")
    return finish("golden_ndpi_flows", compared, differences, known, failures, lines)


# ----------------------------------------------------------------------------------------------------
# golden_robustness: every file, including fuzzed and malformed ones

def cmd_robustness(args):
    base = os.path.join(args.shared, CORPUS)
    captures = sorted(os.listdir(os.path.join(base, "pcap")))
    extra = ["--workers", "2"]
    # The same nDPI configuration files as the reference, when present: their loaders run too.
    for option, fname in NDPI_CONFIG:
        path = os.path.join(base, "config", fname)
        if args.with_config and os.path.exists(path):
            extra += [option, path]
    runs = run_all(args, captures, extra)
    failures, summary = [], collections.Counter()
    for c in captures:
        r = runs[c]
        sanitizer = [l for l in r.stderr.splitlines() if any(m in l for m in SANITIZER_MARKERS)]
        if r.timed_out:
            failures.append(f"{c}: timed out after {args.timeout} s")
        elif r.returncode < 0:
            failures.append(f"{c}: killed by signal {signal.Signals(-r.returncode).name}: {r.stderr.strip()[-500:]}")
        elif sanitizer:
            failures.append(f"{c}: sanitizer report (exit {r.returncode}): " + " | ".join(sanitizer[:3]))
        elif r.returncode == 0:
            try:
                report = json.loads(r.stdout)
                for key in ("totals", "applications", "hosts", "tunnel_endpoints", "statistics", "flows"):
                    report[key]
                summary["exit 0"] += 1
            except (ValueError, KeyError) as e:
                failures.append(f"{c}: exit 0 but the JSON report is unusable: {e}")
        elif r.returncode in (1, 2):
            if not any(l.startswith("netmeter") for l in r.stderr.splitlines()):
                failures.append(f"{c}: exit {r.returncode} without an error message")
            else:
                summary[f"exit {r.returncode}"] += 1
                print(f"  {c}: exit {r.returncode}: {r.stderr.strip()}")
        else:
            failures.append(f"{c}: unexpected exit code {r.returncode}: {r.stderr.strip()[:300]}")
        if r.returncode == 0 and r.stderr.strip() and not sanitizer:
            print(f"  {c}: exit 0, stderr: {r.stderr.strip()}")
    slowest = sorted(runs.values(), key=lambda r: -r.seconds)[:3]
    print(f"\ngolden_robustness: {len(captures)} files with {os.path.basename(args.netmeter)}: "
          + ", ".join(f"{k}: {v}" for k, v in sorted(summary.items()))
          + "; slowest: " + ", ".join(f"{r.capture} {r.seconds:.1f} s" for r in slowest))
    if failures:
        print(f"golden_robustness: FAILED")
        for line in failures:
            print("  " + line)
        return 1
    print("golden_robustness: PASSED")
    return 0


# ----------------------------------------------------------------------------------------------------

def main():
    global KNOWN
    ap = argparse.ArgumentParser(description="netmeter golden tests")
    ap.add_argument("test", choices=["hosts", "ndpi", "robustness", "stats"])
    ap.add_argument("--netmeter", required=True, help="the netmeter binary to test")
    ap.add_argument("--shared", required=True, help="the shared data directory (holds pcaps/ndpi-4.2)")
    ap.add_argument("--jobs", type=int, default=2, help="netmeter processes at a time (default 2)")
    ap.add_argument("--timeout", type=float, default=60, help="seconds per capture (default 60)")
    ap.add_argument("--known", default=KNOWN, help="known-differences file (default: the checked-in one)")
    ap.add_argument("--with-config", action="store_true",
                    help="robustness: also load the nDPI configuration files of the corpus")
    args = ap.parse_args()
    KNOWN = args.known

    corpus = os.path.join(args.shared, CORPUS, "pcap")
    if not os.path.isdir(corpus):
        print(f"SKIP: capture corpus {corpus} not found (the shared data directory is absent); "
              "nothing to test")
        return SKIP
    if not (os.path.isfile(args.netmeter) and os.access(args.netmeter, os.X_OK)):
        print(f"netmeter binary {args.netmeter} not found or not executable")
        return 1
    started = time.monotonic()
    rc = {"hosts": cmd_hosts, "ndpi": cmd_ndpi, "robustness": cmd_robustness, "stats": cmd_stats}[args.test](args)
    print(f"({time.monotonic() - started:.1f} s)")
    return rc


if __name__ == "__main__":
    sys.exit(main())
