#!/usr/bin/env python3
"""The Python example scripts of the Allegro REST API spec (tests/api/spec_scripts, see its README), run with
`python3` against a daemon analysing real captures, changed only in host, credentials and certificate check,
and their output checked against tshark.

Usage: allegro_scripts_test.py PATH_TO_NETMETER [unittest args]
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import warnings

import urllib3

import allegro_support as support
import api_test

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "spec_scripts")
SPEC = os.path.join(os.path.dirname(support.REPO), "shared", "spec", "allegro-rest-api.txt")

# Slot 0 (the first -i; the server-ports script names no mm-id): every TCP conversation starts with its
# client's SYN and every UDP one with its client's first datagram, so client and server are unambiguous.
SERVER_PORTS_CAPTURE = "ethereum.pcap"
# Slot 1 (the second -i; the other scripts ask for mm-id local:1): 70 IPv4 and IPv6 addresses (7 pages of
# 10), TCP and UDP, and one conversation far bigger than the next (183693 bytes, then 63429).
ANALYSIS_CAPTURE = "1kxun.pcap"
# Slot 1 for the RTP script: two RTP connections (nDPI's reference output), the script takes the second.
RTP_CAPTURE = "KakaoTalk_talk.pcap"

# Each script with the spec section it comes from (all in ../shared/spec/allegro-rest-api.txt).
SECTIONS = {
    "multi_device_capture.py": "Multi-device Capture Python script example",
    "top_ips.py": "Python script example - Top IPs",
    "top_ips_pagination.py": "Python script example - Top IPs pagination",
    "top_ips_csv_download.py": "Python script example - Top IPs CSV download",
    "global_connections_pcap_download.py":
        "Python script example - Retrieval of global connections and PCAP download of a certain connection",
    "pause_ring_buffer.py": "Python script example - POST command to pause ring buffer",
    "server_ports_used.py": "Python script example - Server ports used",
}

# The only lines the test changes (README.md): where to connect, who connects, and no certificate check.
HOST_LINE = re.compile(r'^host = "https://allegro-mm-xxxx"$', re.M)
AUTH_LINE = re.compile(r'^session\.auth = \("[^"\n]*", "[^"\n]*"\)$', re.M)
VERIFY_LINE = re.compile(r"^(# )?session\.verify = False # disable ssl verification$", re.M)
OUTPUT_LINE = re.compile(r"^(\S+): (\d+)B$")


def point_at(source, host, user, password):
    """The script with its host, credential and certificate-check lines rewritten; each must occur once."""
    for pattern in (HOST_LINE, AUTH_LINE, VERIFY_LINE):
        found = len(pattern.findall(source))
        if found != 1:
            raise AssertionError(f"{pattern.pattern} occurs {found} times")
    source = HOST_LINE.sub(f'host = "{host}"', source)
    source = AUTH_LINE.sub(f'session.auth = ("{user}", "{password}")', source)
    return VERIFY_LINE.sub("session.verify = False # disable ssl verification", source)


def script_environment():
    """The environment scripts run in: without a CA bundle variable, which requests would let override the
    scripts' `session.verify = False` (psf/requests#3829)."""
    return {k: v for k, v in os.environ.items() if k not in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")}


def flatten(source):
    """The script as the spec's text shows it: blank lines become line breaks, every other line break
    disappears, and indentation becomes one space."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", source.strip("\n")):
        lines = paragraph.split("\n")
        text = lines[0].strip()
        for line in lines[1:]:
            text += (" " + line.strip()) if line[:1].isspace() else line.strip()
        paragraphs.append(text)
    return "\n".join(paragraphs)


def spec_sections(text):
    """{section title: the script in it, as flattened text} for the spec's Python sections."""
    parts = re.split(r"Section titled “([^”]*)”", text)
    titles, bodies = parts[1::2], parts[2::2]
    out = {}
    for i, (title, body) in enumerate(zip(titles, bodies)):
        start = body.find("#! /usr/bin/python")
        if start < 0:
            continue
        code = body[start:].rstrip()
        # The next section's heading is glued to the last line of this one.
        if i + 1 < len(titles) and code.endswith(titles[i + 1]):
            code = code[: -len(titles[i + 1])]
        out[title] = code.strip("\n")
    return out


def last_second(capture):
    """The epoch second of the newest packet: what "interval" means when a request names none."""
    times = support.tshark("-r", capture, "-T", "fields", "-e", "frame.time_epoch").split()
    return max(int(t.split(".")[0]) for t in times)


def last_second_bytes(capture):
    """{ip: bytes sent and received in the capture's last second} (tshark endpoints of those packets)."""
    second = last_second(capture)
    window = f"frame.time_epoch >= {second} && frame.time_epoch < {second + 1}"
    return {ip: e["bytes"] for ip, e in support.tshark_ip_endpoints(capture, window).items()}


def split_endpoint(text):
    address, port = text.rsplit(":", 1)
    return address, int(port)


UNITS = {"bytes": 1, "kB": 1000, "MB": 1000**2, "GB": 1000**3}


def tshark_conversations(capture):
    """TCP and UDP conversations from `-z conv,tcp` and `-z conv,udp`: dicts with l4, a, a_port, b, b_port
    (A is the sender of the conversation's first packet), frames_ab, frames_ba, frames, and approx_bytes
    (tshark prints bytes with units above 10 kB: exact ones come from conversation_bytes())."""
    out = []
    for l4 in ("tcp", "udp"):
        for line in support.tshark("-r", capture, "-q", "-z", f"conv,{l4}").splitlines():
            if "<->" not in line:
                continue
            left, right = line.split("<->")
            a, a_port = split_endpoint(left.strip())
            b, b_port = split_endpoint(right.split()[0])
            # <- frames and bytes, -> frames and bytes, total frames and bytes
            columns = re.findall(r"(\d+) (\d+) (bytes|kB|MB|GB)", right)
            if len(columns) != 3:
                raise AssertionError(f"unexpected tshark conversation line: {line}")
            out.append({"l4": l4, "a": a, "a_port": a_port, "b": b, "b_port": b_port,
                        "frames_ba": int(columns[0][0]), "frames_ab": int(columns[1][0]),
                        "frames": int(columns[2][0]), "approx_bytes": int(columns[2][1]) * UNITS[columns[2][2]]})
    return out


def biggest_conversation(capture):
    """The conversation with the most bytes, with its exact `bytes`, and the runner-up's bytes."""
    conversations = tshark_conversations(capture)
    most = max(c["approx_bytes"] for c in conversations)
    # Units round to whole kB or MB: whatever can be the biggest is within half of the biggest shown.
    candidates = [c for c in conversations if c["approx_bytes"] * 2 >= most]
    for c, total in zip(candidates, conversation_bytes(capture, candidates)):
        c["bytes"] = total
    candidates.sort(key=lambda c: c["bytes"], reverse=True)
    return candidates[0], (candidates[1]["bytes"] if len(candidates) > 1 else 0)


def conversation_filter(c):
    ip = "ipv6" if ":" in c["a"] else "ip"
    return (f"{ip}.addr=={c['a']} && {ip}.addr=={c['b']} && {c['l4']}.port=={c['a_port']} && "
            f"{c['l4']}.port=={c['b_port']}")


def conversation_bytes(capture, conversations):
    """The exact byte totals of `conversations`, from `tshark -z io,stat` (a table each, named by its filter;
    tshark prints the tables in no promised order)."""
    args = ["-r", capture, "-q"]
    for c in conversations:
        args += ["-z", f"io,stat,0,{conversation_filter(c)}"]
    by_filter, current = {}, None
    for line in support.tshark(*args).splitlines():
        named = re.match(r"^\| Col 1: (.*?)\s*\|$", line)
        if named:
            current = named.group(1)
        total = re.match(r"^\|\s*[\d.]+ <> [\d.]+ \|\s*(\d+) \|\s*(\d+) \|", line)
        if total:
            by_filter[current] = int(total.group(2))
    return [by_filter[conversation_filter(c)] for c in conversations]


def first_packets(capture):
    """{(l4, frozenset of both endpoints): (sender, sender port, syn without ack)} of each TCP and UDP
    conversation's first packet."""
    text = support.tshark("-r", capture, "-Y", "(tcp || udp) && !icmp && !icmpv6", "-T", "fields",
                          "-E", "separator=|", "-e", "ip.src", "-e", "ipv6.src", "-e", "ip.dst", "-e",
                          "ipv6.dst", "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "udp.srcport", "-e",
                          "udp.dstport", "-e", "tcp.flags.syn", "-e", "tcp.flags.ack")
    first = {}
    for line in text.splitlines():
        s4, s6, d4, d6, tsp, tdp, usp, udp_dp, syn, ack = line.split("|")
        l4 = "tcp" if tsp else "udp"
        src, dst = s4 or s6, d4 or d6
        sport, dport = int(tsp or usp), int(tdp or udp_dp)
        key = (l4, frozenset({(src, sport), (dst, dport)}))
        first.setdefault(key, (src, sport, syn in ("1", "True") and ack not in ("1", "True")))
    return first


def setUpModule():
    # unittest resets warning filters when it runs: the daemon's certificate is self-signed on purpose.
    warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)


class Scripts:
    """Runs the spec's scripts against an AnalysisDaemon."""

    @classmethod
    def start(cls, *captures):
        paths = [support.need_pcap(c) for c in captures]
        support.tshark("-v")  # skips when tshark is absent
        # File slots record into their ring buffers only when asked: the pcap download and the ring-buffer
        # script need them.
        cls.daemon = support.AnalysisDaemon(*paths, extra=("--ringbuffer-files", "--ringbuffer-size", "256M"))
        try:
            cls.daemon.start()
        except BaseException:
            cls.daemon.stop()  # tearDownClass does not run when setUpClass fails
            raise
        cls.work = tempfile.mkdtemp(prefix="nm-spec-scripts-")

    @classmethod
    def stop(cls):
        cls.daemon.stop()
        shutil.rmtree(cls.work, ignore_errors=True)

    def run_script(self, name, timeout=60):
        """(completed process, its working directory): the script copied into a directory of its own with
        host, credentials and certificate check rewritten, run there with python3."""
        workdir = tempfile.mkdtemp(dir=self.work, prefix=name[:-3] + "-")
        with open(os.path.join(SCRIPTS, name), encoding="utf-8") as f:
            source = point_at(f.read(), self.daemon.host, "admin", api_test.ADMIN_PW)
        path = os.path.join(workdir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(source)
        proc = subprocess.run([sys.executable, path], cwd=workdir, capture_output=True, text=True,
                              timeout=timeout, env=script_environment())
        return proc, workdir

    def run_ok(self, name):
        proc, workdir = self.run_script(name)
        self.assertEqual(proc.returncode, 0, f"{name} failed:\n{proc.stderr}")
        return proc.stdout, workdir


class ScriptsAreTheSpecs(unittest.TestCase):
    """The stored scripts are the spec's, line structure restored: flattened the way the spec's text was,
    each gives exactly the text of its section."""

    def test_each_script_is_its_section(self):
        if not os.path.exists(SPEC):
            self.skipTest("../shared/spec absent")
        with open(SPEC, encoding="utf-8") as f:
            sections = spec_sections(f.read())
        python_sections = {t for t, code in sections.items() if "import requests" in code}
        self.assertEqual(python_sections, set(SECTIONS.values()), "a Python section is not stored here")
        for name, title in SECTIONS.items():
            with self.subTest(script=name), open(os.path.join(SCRIPTS, name), encoding="utf-8") as f:
                self.assertEqual(flatten(f.read()), sections[title])

    def test_only_host_credentials_and_certificate_check_change(self):
        for name in SECTIONS:
            with self.subTest(script=name), open(os.path.join(SCRIPTS, name), encoding="utf-8") as f:
                original = f.read().split("\n")
                rewritten = point_at("\n".join(original), "https://127.0.0.1:1", "u", "p").split("\n")
                self.assertEqual(len(original), len(rewritten))
                changed = [o for o, r in zip(original, rewritten) if o != r]
                self.assertTrue(all(HOST_LINE.match(o) or AUTH_LINE.match(o) or VERIFY_LINE.match(o)
                                    for o in changed), changed)


class SpecScripts(Scripts, unittest.TestCase):
    """Slot 0 analyses SERVER_PORTS_CAPTURE, slot 1 ANALYSIS_CAPTURE."""

    @classmethod
    def setUpClass(cls):
        cls.capture = support.need_pcap(ANALYSIS_CAPTURE)
        cls.endpoints = support.tshark_ip_endpoints(cls.capture)
        cls.recent = last_second_bytes(cls.capture)
        cls.start(SERVER_PORTS_CAPTURE, ANALYSIS_CAPTURE)  # last: nothing after it may fail

    @classmethod
    def tearDownClass(cls):
        cls.stop()

    def parse_output(self, stdout):
        lines = stdout.splitlines()
        parsed = [OUTPUT_LINE.match(line) for line in lines]
        self.assertTrue(all(parsed), lines)
        return [(m.group(1), int(m.group(2))) for m in parsed]

    def assert_by_total_bytes(self, ips):
        """Listed in decreasing order of the IPs' bytes in the whole capture (sort=bytes without an interval
        sorts on all-time counters)."""
        totals = [self.endpoints[ip]["bytes"] for ip in ips]
        self.assertEqual(totals, sorted(totals, reverse=True), ips)

    def assert_interval_bytes(self, printed):
        """The printed values are `interval` rx + tx bytes: without starttime/endtime the interval is the
        last second (spec: "If no interval is specified, this is similar to lastSecond")."""
        for ip, value in printed:
            self.assertEqual(value, self.recent.get(ip, 0), ip)

    def test_top_ips(self):
        stdout, _ = self.run_ok("top_ips.py")
        printed = self.parse_output(stdout)
        ips = [ip for ip, _ in printed]
        self.assertEqual(len(ips), min(10, len(self.endpoints)))
        self.assertEqual(len(set(ips)), len(ips))
        self.assertTrue(set(ips) <= set(self.endpoints), set(ips) - set(self.endpoints))
        self.assert_by_total_bytes(ips)
        # The ten biggest by tshark's totals (ties at the tenth place may go either way).
        smallest_shown = min(self.endpoints[ip]["bytes"] for ip in ips)
        self.assertTrue(all(e["bytes"] <= smallest_shown for ip, e in self.endpoints.items() if ip not in ips))
        self.assert_interval_bytes(printed)
        self.assertTrue(any(value for _, value in printed), "the last second carries traffic of top IPs")

    def test_top_ips_pagination(self):
        stdout, _ = self.run_ok("top_ips_pagination.py")
        printed = self.parse_output(stdout)
        ips = [ip for ip, _ in printed]
        self.assertEqual(sorted(ips), sorted(self.endpoints), "every IP exactly once")
        self.assertGreater(len(ips), 10, "more than one page")
        self.assert_by_total_bytes(ips)
        self.assert_interval_bytes(printed)

    def test_top_ips_csv_download(self):
        _, workdir = self.run_ok("top_ips_csv_download.py")
        with open(os.path.join(workdir, "ip_list_out.csv"), encoding="utf-8", newline="") as f:
            text = f.read()
        rows = list(csv.reader(io.StringIO(text)))
        header, body = rows[0], rows[1:]
        self.assertIn("ip", header)
        ips = [row[header.index("ip")] for row in body]
        self.assertEqual(sorted(ips), sorted(self.endpoints), "a header, then one row per IP")
        self.assertTrue(all(len(row) == len(header) for row in body))
        # Without an interval the rows carry all-time counters: tshark's totals.
        for row in body:
            item = dict(zip(header, row))
            e = self.endpoints[item["ip"]]
            with self.subTest(ip=item["ip"]):
                self.assertEqual((int(item["rxPackets"]), int(item["rxBytes"]), int(item["txPackets"]),
                                  int(item["txBytes"])),
                                 (e["rx_packets"], e["rx_bytes"], e["tx_packets"], e["tx_bytes"]))

    def server_ports_oracle(self, capture):
        """{ip: {"asServer": ports it served, "asClient": server ports it contacted}} from tshark's
        conversations, after checking that their A side is the client the way netmeter decides it."""
        conversations = tshark_conversations(capture)
        first = first_packets(capture)
        self.assertTrue(conversations)
        expected = {}
        for c in conversations:
            key = (c["l4"], frozenset({(c["a"], c["a_port"]), (c["b"], c["b_port"])}))
            sender, port, syn = first[key]
            # Unambiguous: the first packet comes from A, and for TCP it is the client's SYN.
            self.assertEqual((sender, port), (c["a"], c["a_port"]), c)
            if c["l4"] == "tcp":
                self.assertTrue(syn, f"TCP conversation without an opening SYN: {c}")
            expected.setdefault(c["a"], {}).setdefault("asClient", set()).add(str(c["b_port"]))
            expected.setdefault(c["b"], {}).setdefault("asServer", set()).add(str(c["b_port"]))
        return expected

    def test_server_ports_used(self):
        stdout, _ = self.run_ok("server_ports_used.py")
        got = {}
        for ip, role, port in csv.reader(io.StringIO(stdout)):
            ports = got.setdefault(ip, {}).setdefault(role, set())
            self.assertNotIn(port, ports, f"{ip} {role} {port} printed twice")
            ports.add(port)
        self.assertEqual(got, self.server_ports_oracle(support.pcap(SERVER_PORTS_CAPTURE)))

    def test_global_connections_through_async(self):
        """What the global-connections script does, without its `mode=rtpStats` (the script itself is
        RtpScript below): the connections sorted by bytes through /API/async."""
        s = self.daemon.session()
        r = s.get(self.daemon.host + "/API/stats/modules/ip/globalConnections",
                  params={"sort": "bytes", "reverse": True, "mm-id": "local:1"}, timeout=30)
        self.assertEqual(r.status_code, 200, r.text)
        ticket = r.json()
        deadline = time.time() + 30
        while True:
            r = s.get(f"{self.daemon.host}/API/async/{ticket['asyncID']}",
                      params={"uuid": ticket["asyncUUID"], "mm-id": "local:1"}, timeout=30)
            if r.status_code != 202 or time.time() > deadline:
                break
            time.sleep(0.1)
        self.assertEqual(r.status_code, 200, r.text)
        answer = r.json()
        self.assertEqual(answer["errorCode"], 0)
        items = answer["asyncResult"]["displayedItems"]
        self.assertTrue(items)
        byte_counts = [item["bytes"] for item in items]
        self.assertEqual(byte_counts, sorted(byte_counts, reverse=True))

        biggest, runner_up = biggest_conversation(self.capture)
        self.assertGreater(biggest["bytes"], runner_up, "the capture has one biggest conversation")
        key = (biggest["l4"], frozenset({(biggest["a"], biggest["a_port"]), (biggest["b"], biggest["b_port"])}))
        self.assertTrue(biggest["l4"] != "tcp" or first_packets(self.capture)[key][2], "it opens with a SYN")

        top = items[0]
        self.assertEqual((top["clientIp"], top["clientPort"], top["serverIp"], top["serverPort"]),
                         (biggest["a"], biggest["a_port"], biggest["b"], biggest["b_port"]))
        self.assertEqual(top["l4ProtocolShortName"], biggest["l4"].upper())
        self.assertEqual(top["bytes"], biggest["bytes"])
        self.assertEqual(top["packets"], biggest["frames"])
        # allTime is the client's view: rx = from the server (tshark's B -> A), tx = to it.
        self.assertEqual((top["allTime"][0], top["allTime"][2]), (biggest["frames_ba"], biggest["frames_ab"]))

    def test_capture_download_takes_the_scripts_mm_id(self):
        """The global-connections script downloads its pcap with the statistics' `mm-id: local:1`."""
        with self.daemon.session().get(self.daemon.host + "/API/data/modules/capture", params={"mm-id": "local:1"},
                                       stream=True, timeout=30) as r:
            self.assertEqual(r.status_code, 200, r.text)
            self.assertEqual(r.headers["Content-Type"], "application/vnd.tcpdump.pcap")

    # The spec's multi-device script asks GET /API/system/multidevice/devices for the devices behind a
    # multi-device gateway, then captures 30 s of each. netmeter is one device and no issue plans a
    # multi-device gateway yet: the list is 404, the script fails on the error object.
    @unittest.expectedFailure
    def test_multi_device_capture(self):
        proc, workdir = self.run_script("multi_device_capture.py", timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        devices = self.daemon.get("/API/system/multidevice/devices")
        written = [f for f in os.listdir(workdir) if f.endswith(".pcap")]
        self.assertEqual(len(written), len([d for d in devices if d["active"]]))

    def test_pause_ring_buffer(self):
        buffers = self.daemon.get("/API/data/modules/capture/buffer")["buffers"]
        self.assertEqual([b["isSuspended"] for b in buffers if b["id"] == 0], [False])
        stdout, _ = self.run_ok("pause_ring_buffer.py")
        answer = json.loads(stdout)
        self.assertNotIn("error", answer)
        self.assertEqual((answer["id"], answer["isSuspended"]), (0, True))
        buffers = self.daemon.get("/API/data/modules/capture/buffer")["buffers"]
        self.assertEqual([b["isSuspended"] for b in buffers if b["id"] == 0], [True])
        # And back.
        r = self.daemon.session().post(self.daemon.host + "/API/data/modules/capture/buffer/0",
                                       data=json.dumps({"command": "changeConfig", "config": {"isSuspended": False}}),
                                       timeout=30)
        self.assertEqual(r.status_code, 200, r.text)
        self.assertEqual(r.json()["isSuspended"], False)


class RtpScript(Scripts, unittest.TestCase):
    """The global-connections script: RTP connections of slot 1 (RTP_CAPTURE), then the pcap of the
    second one from the capture buffer."""

    @classmethod
    def setUpClass(cls):
        cls.start(SERVER_PORTS_CAPTURE, RTP_CAPTURE)

    @classmethod
    def tearDownClass(cls):
        cls.stop()

    # `mode=rtpStats` lists nDPI's RTP connections; the pcap of the second one comes from slot 1's capture
    # buffer (the daemon records its file slots).
    def test_global_connections_pcap_download(self):
        stdout, workdir = self.run_ok("global_connections_pcap_download.py")
        lines = stdout.splitlines()
        self.assertEqual(len(lines), 4, lines)
        m = re.fullmatch(r"(\S+):(\d+) <-> (\S+):(\d+)", lines[0])
        self.assertTrue(m, lines[0])
        self.assertTrue(lines[1].startswith("UDP, "), lines[1])
        self.assertTrue(lines[2].startswith("start: ") and lines[3].startswith("end: "), lines)
        pcap = os.path.join(workdir, "rtp_connection.pcapng")
        client, client_port, server, server_port = m.group(1), int(m.group(2)), m.group(3), int(m.group(4))
        ip = "ipv6" if ":" in client else "ip"
        wanted = (f"{ip}.addr=={client} && {ip}.addr=={server} && udp.port=={client_port} && "
                  f"udp.port=={server_port}")
        expected = support.tshark("-r", support.pcap(RTP_CAPTURE), "-Y", wanted, "-T", "fields", "-e",
                                  "frame.len").split()
        got = support.tshark("-r", pcap, "-T", "fields", "-e", "frame.len").split()
        self.assertTrue(expected)
        self.assertEqual(got, expected)


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
