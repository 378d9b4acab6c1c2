#!/usr/bin/env python3
"""Live capture on the loopback interface: netmeter captures with a BPF filter while this test sends
known UDP datagrams to 127.0.0.1, then the JSON report must show exactly that flow. Needs CAP_NET_RAW
(root); skips (exit 77) otherwise. Only loopback addresses are used."""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77


def capture(netmeter, interface, port, datagrams):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        proc = subprocess.Popen(
            [netmeter, "analyze", "-i", interface, "--filter", f"udp port {port}", "--duration", "3",
             "--format", "json", "-o", out.name, "--no-progress"],
            stderr=subprocess.PIPE)
        time.sleep(1.0)  # let libpcap activate the interface before sending
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        for i in range(datagrams):
            sock.sendto(b"netmeter-live-test %03d" % i, ("127.0.0.1", port))
        client_port = sock.getsockname()[1]
        sock.close()
        _, err = proc.communicate(timeout=30)
        if proc.returncode != 0:
            raise AssertionError(f"netmeter exited {proc.returncode}: {err.decode()}")
        with open(out.name) as f:
            return json.load(f), client_port


def check(report, client_port, port, datagrams, interface):
    flows = [f for f in report["flows"] if f["server_port"] == port]
    assert len(flows) == 1, f"{interface}: expected one flow to port {port}, got {flows}"
    f = flows[0]
    assert f["l4"] == "UDP" and f["client_ip"] == "127.0.0.1" and f["client_port"] == client_port, f
    assert f["client_to_server"]["packets"] == datagrams, f
    # The BPF filter lets nothing else through.
    assert report["totals"]["packets"] == datagrams, report["totals"]
    payload = len(b"netmeter-live-test 000")
    assert f["client_to_server"]["payload_bytes"] == datagrams * payload, f


def main():
    netmeter = sys.argv[1]
    if os.geteuid() != 0:
        print("SKIP: live capture needs root (CAP_NET_RAW)")
        return SKIP
    for interface, port in (("lo", 47001), ("any", 47002)):
        report, client_port = capture(netmeter, interface, port, 25)
        check(report, client_port, port, 25, interface)
        print(f"{interface}: 25 datagrams captured and accounted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
