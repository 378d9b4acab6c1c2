"""What the Allegro-dialect API tests share: a daemon analysing a real capture, a client session made the
way the spec's scripts make theirs, and tshark as the independent oracle.

Captures come from ../shared/pcaps (beside the repository); tests that need them skip when it is absent.
"""
import os
import shutil
import subprocess
import tempfile
import time
import unittest

import requests
import urllib3

import api_test

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PCAP_DIR = os.path.join(os.path.dirname(REPO), "shared", "pcaps", "ndpi-4.2", "pcap")


def pcap(name):
    """The path of a capture of the shared corpus, or None when the corpus is absent."""
    path = os.path.join(PCAP_DIR, name)
    return path if os.path.exists(path) else None


def need_pcap(name):
    """The capture's path; skips the calling test when it is absent."""
    path = pcap(name)
    if not path:
        raise unittest.SkipTest(f"../shared/pcaps absent: {name} not found")
    return path


class AnalysisDaemon:
    """`netmeter run -i CAPTURE ...` on loopback, waited for until every slot has read its capture."""

    def __init__(self, *captures, extra=()):
        self.tmp = tempfile.mkdtemp(prefix="nm-allegro-")
        args = []
        for c in captures:
            args += ["-i", c]
        self.daemon = api_test.Daemon(os.path.join(self.tmp, "data"), *args, *extra)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        self.daemon.start()
        self.wait_finished()
        return self

    def stop(self):
        try:
            self.daemon.terminate()
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)

    @property
    def host(self):
        return f"https://127.0.0.1:{self.daemon.port}"

    def session(self, user="admin", password=api_test.ADMIN_PW):
        """A session as the spec's scripts make one: Basic credentials, no certificate check."""
        s = requests.Session()
        s.auth = (user, password)
        s.verify = False
        # With REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE set, requests lets the environment's bundle override
        # `verify = False` (psf/requests#3829): the daemon's certificate is self-signed.
        s.trust_env = False
        return s

    def get(self, path, **params):
        r = self.session().get(self.host + path, params=params, timeout=30)
        r.raise_for_status()
        return r.json()

    def wait_slot_finished(self, slot, timeout=60):
        """Waits until slot `slot` (an upload or a replay added after start) has read all its packets."""
        deadline = time.time() + timeout
        states = {}
        while time.time() < deadline:
            states = {x["id"]: x.get("state") for x in self.get("/API/stats/processing")["slots"]}
            if states.get(slot) == "finished":
                return
            time.sleep(0.1)
        raise AssertionError(f"slot {slot} did not finish: {states}")

    def wait_finished(self, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            slots = self.get("/API/stats/processing")["slots"]
            if slots and all(s.get("state") == "finished" for s in slots):
                return
            time.sleep(0.1)
        raise RuntimeError("the analysis did not finish")


def tshark(*args):
    """tshark's standard output, or a SkipTest when tshark is not installed."""
    if not shutil.which("tshark"):
        raise unittest.SkipTest("tshark not installed")
    out = subprocess.run(["tshark", *args], capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        raise RuntimeError(f"tshark {' '.join(args)}: {out.stderr}")
    return out.stdout


def tshark_ip_endpoints(capture, display_filter=None):
    """{ip: {"packets", "bytes", "tx_packets", "tx_bytes", "rx_packets", "rx_bytes"}} from
    `tshark -q -z endpoints,ip` (IPv4) and `endpoints,ipv6`, of the packets `display_filter` selects
    (all without one)."""
    result = {}
    for table in ("endpoints,ip", "endpoints,ipv6"):
        if display_filter:
            table += "," + display_filter
        for line in tshark("-r", capture, "-q", "-z", table).splitlines():
            parts = line.split()
            if len(parts) < 7 or not (parts[0].count(".") == 3 or ":" in parts[0]) or not parts[1].isdigit():
                continue
            # Address  Packets Bytes  Tx Packets Tx Bytes  Rx Packets Rx Bytes (Bytes may carry units)
            nums = [p for p in parts[1:] if p.isdigit()]
            if len(nums) < 6:
                continue
            result[parts[0]] = dict(zip(("packets", "bytes", "tx_packets", "tx_bytes", "rx_packets", "rx_bytes"),
                                        map(int, nums[:6])))
    return result
