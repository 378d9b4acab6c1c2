#!/usr/bin/env python3
"""The packet ring buffer (issue 11) over real HTTPS: captures of ../shared/pcaps written through slots'
ring buffers, extracted with a time range and a filter, must give exactly the packets (bytes and
timestamps) that `tcpdump -r original -w - FILTER` gives for that range, for every expression form; the
buffer list and its suspension; the ntopng extraction; rights; and recovery after `kill -9`.

Usage: ringbuffer_test.py PATH_TO_NETMETER [unittest args]
"""
import gzip
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import unittest
import warnings

import urllib3

import allegro_support as support
import api_test

# mongodb.pcap: three VLANs. (Not ajp.pcap: netmeter's filter sees the hosts inside its Cisco FabricPath
# frames, which tcpdump's BPF, the oracle here, cannot.)
CAPTURES = ["1kxun.pcap", "mongodb.pcap", "http_ipv6.pcap", "dns_doh.pcap"]
CAPTURE_URL = "/API/data/modules/capture"


def setUpModule():
    warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)


def read_pcap(data):
    """[(timestamp in ns, frame bytes)] of a classic pcap (micro- or nanosecond, either byte order)."""
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        order = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        order = ">"
    else:
        raise AssertionError(f"not a pcap file: {magic!r}")
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    out, pos = [], 24
    while pos + 16 <= len(data):
        sec, frac, caplen, _ = struct.unpack(order + "IIII", data[pos:pos + 16])
        pos += 16
        out.append((sec * 1_000_000_000 + (frac if nano else frac * 1000), data[pos:pos + caplen]))
        pos += caplen
    return out


def tcpdump(capture, bpf):
    """The packets tcpdump selects from the original capture, as read_pcap gives them."""
    if not shutil.which("tcpdump"):
        raise unittest.SkipTest("tcpdump not installed (scripts/setup installs it)")
    out = subprocess.run(["tcpdump", "-r", capture, "-w", "-", bpf], capture_output=True, timeout=60)
    if out.returncode != 0:
        raise AssertionError(out.stderr.decode())
    return read_pcap(out.stdout)


def tagged(bpf):
    """`bpf` for untagged and single-tagged frames (after `vlan`, libpcap reads the tagged offsets)."""
    return f"({bpf}) or (vlan and ({bpf}))"


class RingBufferExtraction(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.paths = [support.need_pcap(c) for c in CAPTURES]
        support.tshark("-v")
        cls.daemon = support.AnalysisDaemon(*cls.paths,
                                            extra=("--ringbuffer-files", "--ringbuffer-size", "256M"))
        cls.daemon.start()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    def extract(self, slot, session=None, **params):
        s = session or self.daemon.session()
        params = {"fromCaptureBuffer": "true", "mm-id": f":{slot}", **params}
        r = s.get(self.daemon.host + CAPTURE_URL, params=params, timeout=60)
        self.assertEqual(r.status_code, 200, r.text)
        self.assertEqual(r.headers["Content-Type"], "application/vnd.tcpdump.pcap")
        self.assertIn("attachment", r.headers["Content-Disposition"])
        return read_pcap(r.content)

    def endpoints(self, capture):
        """(most active IPv4 or IPv6 address, a TCP or UDP port it used, one of its MACs)."""
        fields = support.tshark("-r", capture, "-T", "fields", "-E", "separator=|", "-e", "ip.src", "-e",
                                "ipv6.src", "-e", "tcp.srcport", "-e", "udp.srcport", "-e", "eth.src").splitlines()
        counts = {}
        for line in fields:
            v4, v6, tport, uport, mac = (line.split("|") + [""] * 5)[:5]
            ip = (v4 or v6).split(",")[0]
            port = (tport or uport).split(",")[0]
            if ip and port and mac:
                counts.setdefault((ip, int(port), mac), 0)
                counts[(ip, int(port), mac)] += 1
        return max(counts, key=counts.get)

    def middle_third(self, capture):
        """A time range (start and end in µs, both inclusive) holding the middle third of the packets."""
        times = sorted(t for t, _ in tcpdump(capture, ""))
        return times[len(times) // 3] // 1000, times[2 * len(times) // 3] // 1000

    def assertSame(self, capture, slot, expression, bpf, **extra):
        start_us, end_us = self.middle_third(capture)
        want = [(t, b) for t, b in tcpdump(capture, bpf) if start_us * 1000 <= t <= end_us * 1000 + 999]
        got = self.extract(slot, startTime=start_us, endTime=end_us, expression=expression, **extra)
        self.assertEqual(len(got), len(want), f"{capture}: {expression}")
        self.assertEqual(got, want, f"{capture}: {expression}")
        return len(got)

    def test_whole_buffers_equal_the_captures(self):
        for slot, capture in enumerate(self.paths):
            with self.subTest(capture=capture):
                self.assertEqual(self.extract(slot), tcpdump(capture, ""))

    def test_every_expression_form_equals_tcpdump(self):
        total = 0
        for slot, capture in enumerate(self.paths):
            ip, port, mac = self.endpoints(capture)
            ip_port = f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"
            src, dst = f"src host {ip}", f"dst host {ip}"
            forms = [
                (f"ip == {ip}", tagged(f"host {ip}")),
                (f"ip == {ip_port}",
                 tagged(f"({src} and src port {port}) or ({dst} and dst port {port})")),
                (f"srcIp == {ip}", tagged(src)),
                (f"port == {port}", tagged(f"port {port}")),
                (f"portrange == {max(port - 5, 0)}-{port + 5},53", tagged(f"portrange {max(port - 5, 0)}-{port + 5} or port 53")),
                ("l4Protocol == UDP", tagged("udp")),
                (f"mac == {mac}", f"ether host {mac}"),
                (f"ip == {ip} and !(port == {port})", tagged(f"host {ip} and not port {port}")),
                (f"ip == {ip} or l4Protocol == UDP", tagged(f"host {ip} or udp")),
            ]
            for expression, bpf in forms:
                with self.subTest(capture=capture, expression=expression):
                    total += self.assertSame(capture, slot, expression, bpf)
        self.assertGreater(total, 100)

    def test_vlan_and_bpf_parameter(self):
        slot = CAPTURES.index("mongodb.pcap")
        capture = self.paths[slot]
        vlans = {v for v in support.tshark("-r", capture, "-T", "fields", "-e", "vlan.id").split() if v}
        self.assertTrue(vlans)
        vlan = sorted(vlans)[0]
        self.assertGreater(self.assertSame(capture, slot, f"vlan == {vlan}", f"vlan {vlan}"), 0)
        start_us, end_us = self.middle_third(capture)
        got = self.extract(slot, startTime=start_us, endTime=end_us, bpf="vlan and tcp")
        want = [(t, b) for t, b in tcpdump(capture, "vlan and tcp") if start_us * 1000 <= t <= end_us * 1000 + 999]
        self.assertEqual(got, want)

    def test_dpi_filter_takes_the_applications_nDPI_found(self):
        slot = CAPTURES.index("1kxun.pcap")
        got = self.extract(slot, expression="dpi == DNS")
        # nDPI and Wireshark agree on this capture's DNS packets.
        want_frames = support.tshark("-r", self.paths[slot], "-Y", "dns", "-T", "fields", "-e", "frame.number").split()
        self.assertEqual(len(got), len(want_frames))
        everything = tcpdump(self.paths[slot], "")
        self.assertEqual(got, [everything[int(n) - 1] for n in want_frames])

    def test_snap_length_gzip_and_spellings(self):
        slot = CAPTURES.index("1kxun.pcap")
        full = self.extract(slot)
        cut = self.extract(slot, snapPacketLength=60)
        self.assertEqual(cut, [(t, b[:60]) for t, b in full])
        start_us, end_us = self.middle_third(self.paths[slot])
        a = self.extract(slot, startTime=start_us, endTime=end_us)
        b = self.extract(slot, starttime=start_us, endtime=end_us)
        self.assertEqual(a, b)
        self.assertTrue(0 < len(a) < len(full))
        s = self.daemon.session()
        r = s.get(self.daemon.host + CAPTURE_URL, params={"fromCaptureBuffer": "true", "mm-id": f":{slot}"},
                  headers={"Accept-Encoding": "gzip"}, stream=True, timeout=60)
        self.assertEqual(r.headers.get("Content-Encoding"), "gzip")
        self.assertEqual(read_pcap(gzip.decompress(r.raw.read())), full)

    def test_bad_requests_are_answered_in_the_dialect(self):
        s = self.daemon.session()
        for params in ({"expression": "ip == 1.2.3.999"}, {"bpf": "host and and"}, {"startTime": "yesterday"},
                       {"startTime": "20", "endTime": "10"}, {"snapPacketLength": "0"}):
            with self.subTest(params=params):
                r = s.get(self.daemon.host + CAPTURE_URL, params={"fromCaptureBuffer": "true", **params}, timeout=30)
                self.assertEqual(r.status_code, 400, r.text)
                self.assertIn("error", r.json())
                self.assertNotIn(self.daemon.tmp, r.text)  # no server path in an answer
        r = s.get(self.daemon.host + CAPTURE_URL, params={"fromCaptureBuffer": "true", "captureBufferSlotId": "3"},
                  timeout=30)
        self.assertEqual(r.status_code, 404, r.text)

    def test_buffer_list_and_rights(self):
        buffers = self.daemon.get("/API/data/modules/capture/buffer")["buffers"]
        self.assertEqual([b["id"] for b in buffers], list(range(len(CAPTURES))))
        for b, capture in zip(buffers, self.paths):
            packets = tcpdump(capture, "")
            self.assertEqual(b["packets"], len(packets))
            self.assertEqual((b["firstPacketTime"], b["lastPacketTime"]),
                             (min(t for t, _ in packets) // 1000, max(t for t, _ in packets) // 1000))
            self.assertEqual(b["drops"], 0)
            self.assertGreater(b["used"], sum(len(p) for _, p in packets))
        c = api_test.Client(self.daemon.daemon)
        admin = ("admin", api_test.ADMIN_PW)
        for name, pcap in (("viewer", "0"), ("capturer", "1")):
            r = c.req("POST", "/lua/rest/v1/add/ntopng/user.lua", admin,
                      data={"username": name, "password": name + "-pw-123", "user_role": "unprivileged",
                            "allow_pcap_download": pcap})
            self.assertEqual(r.status_code, 200, r.text)
        viewer, capturer = ("viewer", "viewer-pw-123"), ("capturer", "capturer-pw-123")
        self.assertEqual(c.req("GET", CAPTURE_URL + "?fromCaptureBuffer=true", viewer).status_code, 403)
        self.assertEqual(c.req("GET", "/API/data/modules/capture/buffer", viewer).status_code, 403)
        self.assertEqual(c.req("GET", "/API/data/modules/capture/buffer", capturer).status_code, 200)
        body = json.dumps({"command": "changeConfig", "config": {"isSuspended": True}})
        self.assertEqual(c.req("POST", "/API/data/modules/capture/buffer/0", capturer, data=body).status_code, 403)
        self.assertFalse(self.daemon.get("/API/data/modules/capture/buffer")["buffers"][0]["isSuspended"])
        for bad in ("{}", '{"command": "changeConfig"}', '{"command": "x", "config": {"isSuspended": true}}',
                    '{"command": "changeConfig", "config": {"isSuspended": "yes"}}'):
            self.assertEqual(c.req("POST", "/API/data/modules/capture/buffer/0", admin, data=bad).status_code, 400)
        self.assertEqual(c.req("POST", "/API/data/modules/capture/buffer/77", admin, data=body).status_code, 404)

    def test_allowed_networks_limit_the_packets(self):
        slot = CAPTURES.index("1kxun.pcap")
        capture = self.paths[slot]
        ip, _, _ = self.endpoints(capture)
        c = api_test.Client(self.daemon.daemon)
        r = c.req("POST", "/lua/rest/v1/add/ntopng/user.lua", ("admin", api_test.ADMIN_PW),
                  data={"username": "narrow", "password": "narrow-pw-123", "user_role": "unprivileged",
                        "allow_pcap_download": "1", "allowed_networks": f"{ip}/32"})
        self.assertEqual(r.status_code, 200, r.text)
        s = self.daemon.session("narrow", "narrow-pw-123")
        self.assertEqual(self.extract(slot, session=s), tcpdump(capture, tagged(f"host {ip}")))

    def test_ntopng_live_extraction(self):
        slot = CAPTURES.index("1kxun.pcap")
        capture = self.paths[slot]
        start_us, end_us = self.middle_third(capture)
        begin, end = start_us // 1_000_000, end_us // 1_000_000
        s = self.daemon.session()
        r = s.get(self.daemon.host + "/lua/rest/v1/get/pcap/live_extraction.lua",
                  params={"ifid": slot, "epoch_begin": begin, "epoch_end": end, "bpf_filter": "udp"}, timeout=60)
        self.assertEqual(r.status_code, 200, r.text)
        self.assertTrue(r.headers["Content-Type"].startswith("application/vnd.tcpdump.pcap"))
        self.assertEqual(r.headers["Content-Disposition"], f'attachment; filename="{begin}-{end}.pcap"')
        want = [(t, b) for t, b in tcpdump(capture, "udp") if begin * 10**9 <= t < (end + 1) * 10**9]
        self.assertEqual(read_pcap(r.content), want)
        r = s.get(self.daemon.host + "/lua/rest/v1/get/pcap/live_extraction.lua", params={"ifid": slot}, timeout=30)
        self.assertEqual(r.status_code, 400)
        self.assertEqual(r.json()["rc_str"], "INVALID_ARGUMENTS")
        r = s.get(self.daemon.host + "/lua/rest/v1/get/pcap/live_extraction.lua",
                  params={"ifid": 99, "epoch_begin": begin, "epoch_end": end}, timeout=30)
        self.assertEqual(r.json()["rc_str"], "INVALID_INTERFACE")

    def test_capture_to_media_writes_a_file_its_owner_lists_downloads_and_deletes(self):
        slot = CAPTURES.index("http_ipv6.pcap")
        c = api_test.Client(self.daemon.daemon)
        admin = ("admin", api_test.ADMIN_PW)
        for name in ("owner1", "other1"):
            r = c.req("POST", "/lua/rest/v1/add/ntopng/user.lua", admin,
                      data={"username": name, "password": name + "-pw-123", "user_role": "unprivileged",
                            "allow_pcap_download": "1"})
            self.assertEqual(r.status_code, 200, r.text)
        owner, other = ("owner1", "owner1-pw-123"), ("other1", "other1-pw-123")
        params = {"fromCaptureBuffer": "true", "mm-id": f":{slot}", "expression": "l4Protocol == TCP",
                  "captureToMedia": "true", "fileName": "my capture"}
        r = c.req("GET", CAPTURE_URL, owner, params=params)
        self.assertEqual(r.status_code, 202, r.text)
        name = r.json()["fileName"]
        self.assertEqual(name, "my_capture.pcap")
        deadline = time.time() + 30
        while True:
            exports = c.req("GET", CAPTURE_URL + "/exports", owner).json()["exports"]
            mine = [e for e in exports if e["fileName"] == name]
            self.assertEqual(len(mine), 1, exports)
            if mine[0]["status"] != "writing" or time.time() > deadline:
                break
            time.sleep(0.05)
        self.assertEqual(mine[0]["status"], "complete", mine)
        self.assertEqual(mine[0]["owner"], "owner1")
        r = c.req("GET", CAPTURE_URL + "/exports/" + name, owner)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(read_pcap(r.content), tcpdump(self.paths[slot], tagged("tcp")))
        self.assertEqual(mine[0]["size"], len(r.content))
        # The same name again gets a new one; another user sees neither, nor downloads or deletes them.
        r = c.req("GET", CAPTURE_URL, owner, params=params)
        self.assertEqual(r.json()["fileName"], "my_capture-2.pcap")
        self.assertEqual([e for e in c.req("GET", CAPTURE_URL + "/exports", other).json()["exports"]
                          if e["owner"] == "owner1"], [])
        self.assertEqual(c.req("GET", CAPTURE_URL + "/exports/" + name, other).status_code, 404)
        self.assertEqual(c.req("DELETE", CAPTURE_URL + "/exports/" + name, other).status_code, 404)
        self.assertIn(name, [e["fileName"] for e in c.req("GET", CAPTURE_URL + "/exports", admin).json()["exports"]])
        for path in ("/exports/..%2Fnetmeter.db", "/exports/.owner1", "/exports/x.db"):
            self.assertEqual(c.req("GET", CAPTURE_URL + path, admin).status_code, 404, path)
        self.assertEqual(c.req("DELETE", CAPTURE_URL + "/exports/" + name, owner).status_code, 200)
        self.assertEqual(c.req("GET", CAPTURE_URL + "/exports/" + name, owner).status_code, 404)

    def test_ring_buffer_replay_analyses_the_selected_packets_in_a_new_slot(self):
        source = CAPTURES.index("1kxun.pcap")
        capture = self.paths[source]
        ip, _, _ = self.endpoints(capture)
        s = self.daemon.session()
        r = s.post(self.daemon.host + "/API/stats/ringBufferReplay",
                   json={"mm-id": f":{source}", "expression": f"ip == {ip}", "replaySlotID": 9}, timeout=30)
        self.assertEqual(r.status_code, 201, r.text)
        self.assertEqual(r.json()["slotId"], 9)
        self.daemon.wait_slot_finished(9)
        # Every packet of the host was replayed: its counters equal the recording slot's, and the replay
        # holds no other host than its peers.
        original = self.daemon.get(f"/API/stats/modules/ip/ips/{ip}", **{"mm-id": f":{source}"})
        replayed = self.daemon.get(f"/API/stats/modules/ip/ips/{ip}", **{"mm-id": ":9"})
        self.assertEqual(replayed["allTime"][:4], original["allTime"][:4])
        packets = len(tcpdump(capture, tagged(f"host {ip}")))
        self.assertEqual(replayed["allTime"][0] + replayed["allTime"][2], packets)
        # Its owner deletes it like an upload; slot 0 stays undeletable; no ring buffer for it was left.
        self.assertEqual(s.delete(self.daemon.host + "/API/data/pcap", params={"mm-id": ":9"}, timeout=30).status_code, 200)
        self.assertNotIn(9, [x["id"] for x in self.daemon.get("/API/stats/processing")["slots"]])
        for bad, status in (({"mm-id": ":77"}, 404), ({"expression": "ip == x"}, 400), ({"replaySlotID": 0}, 400),
                            ({"bpf": "nonsense here"}, 400)):
            r = s.post(self.daemon.host + "/API/stats/ringBufferReplay", json=bad, timeout=30)
            self.assertEqual(r.status_code, status, f"{bad}: {r.text}")

    def test_upload_with_use_replay_buffer_records_and_deleting_removes_it(self):
        capture = self.paths[CAPTURES.index("http_ipv6.pcap")]
        with open(capture, "rb") as f:
            data = f.read()
        s = self.daemon.session()
        r = s.post(self.daemon.host + "/API/system/replay/upload",
                   json={"fileName": "up.pcap", "fileSize": len(data), "replaySlotID": 12, "forceSlotID": True,
                         "useReplayBuffer": True}, timeout=30)
        self.assertEqual(r.status_code, 200, r.text)
        r = s.post(self.daemon.host + "/API/data/pcap", params={"mm-id": ":12"}, json={"command": "start"}, timeout=30)
        self.assertEqual(r.status_code, 200, r.text)
        r = s.post(self.daemon.host + "/API/system/analyze-pcap", params={"replaySlotID": 12},
                   files={"file": ("up.pcap", data)}, timeout=60)
        self.assertLess(r.status_code, 300, r.text)
        self.daemon.wait_slot_finished(12)
        self.assertIn(12, [b["id"] for b in self.daemon.get("/API/data/modules/capture/buffer")["buffers"]])
        self.assertEqual(self.extract(12), tcpdump(capture, ""))
        ring = os.path.join(self.daemon.tmp, "data", "ringbuffer", "slot-12")
        self.assertTrue(os.path.isdir(ring))
        self.assertEqual(s.delete(self.daemon.host + "/API/data/pcap", params={"mm-id": ":12"}, timeout=30).status_code, 200)
        self.assertFalse(os.path.exists(ring))
        self.assertNotIn(12, [b["id"] for b in self.daemon.get("/API/data/modules/capture/buffer")["buffers"]])

    def test_options_lists_the_buffer(self):
        r = self.daemon.session().options(self.daemon.host + CAPTURE_URL, timeout=30)
        self.assertEqual(sorted(r.json()["subResources"]), ["buffer", "exports"])


class LiveDownloadExpression(unittest.TestCase):
    """Without fromCaptureBuffer the download follows the slot from now on; `expression` filters it too."""

    def test_expression_is_applied_and_dpi_is_refused(self):
        capture = support.need_pcap("1kxun.pcap")
        with support.AnalysisDaemon(capture, extra=("--replay-speed", "1000")) as d:
            s = d.session()
            r = s.get(d.host + CAPTURE_URL, params={"expression": "dpi == DNS"}, timeout=30)
            self.assertEqual(r.status_code, 400, r.text)
            self.assertIn("fromCaptureBuffer", r.json()["error"])
            r = s.get(d.host + CAPTURE_URL, params={"expression": "ip == 1.2.3"}, timeout=30)
            self.assertEqual(r.status_code, 400, r.text)


class CrashRecovery(unittest.TestCase):
    """kill -9 while the ring buffer is written; at the next start every completed segment is there."""

    def test_kill_9_loses_nothing_from_completed_segments(self):
        capture = support.need_pcap("tor.pcap")
        other = support.need_pcap("dns_doh.pcap")
        tmp = tempfile.mkdtemp(prefix="nm-ring-crash-")
        try:
            data = os.path.join(tmp, "data")
            ring = os.path.join(data, "ringbuffer", "slot-0")
            # 8 MiB in all: segments of 1 MiB; the capture (3 MiB) replayed slowly enough to be caught mid-way.
            first = api_test.Daemon(data, "-i", capture, "--ringbuffer-files", "--ringbuffer-size", "8M",
                                    "--replay-speed", "20").start()
            deadline = time.time() + 60
            while time.time() < deadline:
                done = [f for f in os.listdir(ring) if f.endswith(".idx")] if os.path.isdir(ring) else []
                if len(done) >= 2:
                    break
                time.sleep(0.05)
            first.kill9()
            self.assertGreaterEqual(len(done), 2, "two segments were completed before the kill")
            complete = 0
            for name in sorted(os.listdir(ring)):
                if name.endswith(".idx"):
                    with open(os.path.join(ring, name[:-4] + ".pcap"), "rb") as f:
                        complete += len(read_pcap(f.read()))
            original = tcpdump(capture, "")
            self.assertLess(complete, len(original), "the kill came before the end")

            second = api_test.Daemon(data, "-i", other, "--ringbuffer-files", "--ringbuffer-size", "8M").start()
            try:
                c = api_test.Client(second)
                admin = ("admin", api_test.ADMIN_PW)
                first_t, last_t = original[0][0] // 1000, original[-1][0] // 1000
                r = c.req("GET", CAPTURE_URL, admin,
                          params={"fromCaptureBuffer": "true", "startTime": first_t, "endTime": last_t})
                self.assertEqual(r.status_code, 200, r.text)
                got = read_pcap(r.content)
                self.assertGreaterEqual(len(got), complete)
                self.assertEqual(got, original[:len(got)])
            finally:
                second.terminate()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
