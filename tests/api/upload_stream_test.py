#!/usr/bin/env python3
"""Issue 11, "Upload as a stream, and slots": the spec's three upload steps through the real daemon on
127.0.0.1 over HTTPS. The analysis consumes the upload while it arrives (statistics answer before the
upload has ended), ends with the same per-host counts as today's one-shot upload of the same capture (and
tshark's, where installed), and slots can be stopped and deleted by their owner or an admin.

No timing is asserted: an upload is held at a gate (a generator body that waits for the test) and the test
polls, within a generous bound, for what must come.

Captures come from ../shared/pcaps; the test skips when it is absent.

Usage: upload_stream_test.py PATH_TO_NETMETER [unittest args]
"""
import base64
import os
import pathlib
import shutil
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import warnings

import requests
import urllib3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import allegro_support as support  # noqa: E402
import api_test  # noqa: E402

PCAP = "tor.pcap"            # pcapng despite its name, ~3 MB: slot 0 (-i) and the uploads
PCAPNG = "alexa-app.pcapng"  # for the spec's own curl lines (abc.pcapng)
IP = "/API/stats/modules/ip"
POLL_BOUND_S = 60            # an upper bound for things that must happen, never a measured time
CHUNK = 64 * 1024

# The spec's three curl lines (allegro-rest-api.txt, "PCAP upload and analysis"), character for character;
# only USER:PASSWORD and the host are put in by the shell variables below.
SPEC_CURL_LINES = r"""
curl -k -u USER:PASSWORD "https://allegro-mm/API/system/replay/upload" --header "Content-Type: application/json" -d '{"fileName": "abc.pcapng", "fileSize": '$(stat -c %s abc.pcapng)', "replaySlotID": 1, "forceSlotID": true, "useReplayBuffer": true}'
curl -k -u USER:PASSWORD "https://allegro-mm/API/data/pcap?mm-id=:1" --header "Content-Type: application/json" -d '{"command":"start"}'
curl -F 'name=file' -F 'filename=abc.pcapng' -F 'file=@path_to/abc.pcapng' -k -u USER:PASSWORD "https://allegro-mm/API/system/analyze-pcap?replaySlotID=1"
"""


def whole_packets(data, limit):
    """How many packets of a pcap or pcapng capture (either byte order) lie wholly within data[:limit]."""
    if data[:4] == b"\x0a\x0d\x0d\x0a":  # pcapng: count the packet blocks (enhanced, simple, obsolete)
        pos, n, order = 0, 0, "<"
        while pos + 12 <= limit:
            kind = struct.unpack_from("<I", data, pos)[0]
            if kind == 0x0A0D0D0A:
                order = "<" if data[pos + 8:pos + 12] == b"\x4d\x3c\x2b\x1a" else ">"
            length = struct.unpack_from(order + "I", data, pos + 4)[0]
            if length < 12 or pos + length > limit:
                break
            if struct.unpack_from(order + "I", data, pos)[0] in (2, 3, 6):
                n += 1
            pos += length
        return n
    order = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    pos, n = 24, 0
    while pos + 16 <= limit:
        caplen = struct.unpack_from(order + "I", data, pos + 8)[0]
        if pos + 16 + caplen > limit:
            break
        pos += 16 + caplen
        n += 1
    return n


class GatedBody:
    """A request body sent in CHUNK pieces that stops after `gate_at` bytes until open() is called."""

    def __init__(self, data, gate_at):
        self.data = data
        self.gate_at = gate_at
        self.gate = threading.Event()
        self.reached = threading.Event()

    def open(self):
        self.gate.set()

    def __iter__(self):
        sent = 0
        while sent < len(self.data):
            if sent >= self.gate_at and not self.gate.is_set():
                self.reached.set()
                if not self.gate.wait(POLL_BOUND_S):
                    return  # the test failed meanwhile: end the body short
            n = min(CHUNK, len(self.data) - sent)
            if sent < self.gate_at:
                n = min(n, self.gate_at - sent)
            yield self.data[sent:sent + n]
            sent += n
        self.reached.set()


class UploadStreamTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        cls.pcap = support.need_pcap(PCAP)
        cls.pcapng = support.need_pcap(PCAPNG)
        with open(cls.pcap, "rb") as f:
            cls.pcap_bytes = f.read()
        cls.analysis = support.AnalysisDaemon(cls.pcap)  # slot 0: the daemon's own source (-i)
        cls.analysis.start()
        cls.daemon = cls.analysis.daemon
        cls.admin = cls.analysis.session()
        for name in ("alice", "bob"):
            r = cls.admin.post(cls.url("/API/system/users"), timeout=30,
                               json={"name": name, "password": name + "-pw-1234", "role": "user",
                                     "permissions": ["upload"]})
            assert r.status_code == 201, r.text
        cls.alice = cls.analysis.session("alice", "alice-pw-1234")
        cls.bob = cls.analysis.session("bob", "bob-pw-1234")
        cls.oneshot_hosts = None

    @classmethod
    def tearDownClass(cls):
        cls.analysis.stop()

    @classmethod
    def url(cls, path):
        return cls.daemon.url(path)

    # ---- helpers ----

    def call(self, session, method, path, status, **kw):
        r = session.request(method, self.url(path), timeout=30, **kw)
        self.assertEqual(r.status_code, status, f"{method} {path}: {r.text[:300]}")
        self.assertTrue(r.headers.get("Content-Type", "").startswith("application/json"), r.headers)
        return r.json()

    def prepare(self, session, slot, name="up.pcap", size=None, force=True):
        body = {"fileName": name, "fileSize": len(self.pcap_bytes) if size is None else size,
                "replaySlotID": slot, "forceSlotID": force, "useReplayBuffer": False}
        return self.call(session, "POST", "/API/system/replay/upload", 200, json=body)

    def command(self, session, slot, command, status=200):
        return self.call(session, "POST", f"/API/data/pcap?mm-id=:{slot}", status, json={"command": command})

    def slot_status(self, slot, session=None):
        for s in self.call(session or self.admin, "GET", "/API/stats/pcap", 200)["slots"]:
            if s["id"] == slot:
                return s
        return None

    def wait_for(self, what, predicate):
        deadline = time.time() + POLL_BOUND_S
        while time.time() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.05)
        self.fail(f"not within {POLL_BOUND_S} s: {what}")

    def wait_state(self, slot, *states):
        return self.wait_for(f"slot {slot} in {states}",
                             lambda: (s := self.slot_status(slot)) and s["state"] in states and s)

    def hosts(self, slot, session=None):
        """{ip: allTime} of every IP of the slot, all pages."""
        out = {}
        page = 0
        while True:
            d = self.call(session or self.admin, "GET", f"{IP}/ips_paged", 200,
                          params={"mm-id": f":{slot}", "count": 100, "page": page, "sort": "ip"})
            for item in d["displayedItems"]:
                out[item["ip"]] = item["allTime"]
            page += 1
            if page >= d["numberOfPages"]:
                return out

    def upload_in_thread(self, session, slot, body, result):
        def run():
            try:
                r = session.post(self.url(f"/API/system/analyze-pcap?replaySlotID={slot}&fileName=up.pcap"),
                                 data=body, timeout=POLL_BOUND_S * 2,
                                 headers={"Content-Type": "application/octet-stream"})
                result["status"] = r.status_code
                result["body"] = r.json()
            except Exception as e:  # noqa: BLE001  (reported by the test)
                result["error"] = repr(e)
        t = threading.Thread(target=run, daemon=True)
        t.start()
        return t

    def expected_hosts(self):
        """Per-host counts of today's one-shot upload (store, then analyse) of the same capture."""
        if UploadStreamTest.oneshot_hosts is None:
            r = self.admin.post(self.url("/API/system/analyze-pcap?fileName=oneshot.pcap"), data=self.pcap_bytes,
                                timeout=60)
            self.assertEqual(r.status_code, 201, r.text)
            slot = r.json()["slotId"]
            self.wait_state(slot, "finished")
            UploadStreamTest.oneshot_hosts = self.hosts(slot)
            self.call(self.admin, "DELETE", f"/API/data/pcap?mm-id=:{slot}", 200)
        return UploadStreamTest.oneshot_hosts

    # ---- tests ----

    def test_spec_curl_lines_unchanged(self):
        if not shutil.which("curl"):
            self.skipTest("curl not installed")
        work = tempfile.mkdtemp(prefix="nm-spec-curl-")
        try:
            os.makedirs(os.path.join(work, "path_to"))
            shutil.copy(self.pcapng, os.path.join(work, "abc.pcapng"))
            shutil.copy(self.pcapng, os.path.join(work, "path_to", "abc.pcapng"))
            script = (SPEC_CURL_LINES.replace("USER:PASSWORD", '"$NM_USER:$NM_PASSWORD"')
                      .replace("https://allegro-mm/", "https://$NM_HOST/"))
            env = dict(os.environ, NM_USER="admin", NM_PASSWORD=api_test.ADMIN_PW,
                       NM_HOST=f"127.0.0.1:{self.daemon.port}")
            out = subprocess.run(["bash", "-c", "set -e\n" + script.replace("\ncurl ", "\ncurl -sS --fail-with-body ")],
                                 cwd=work, env=env, capture_output=True, text=True, timeout=120)
            self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
            self.assertIn('"state":"prepared"', out.stdout)
            self.assertIn('"state":"waiting"', out.stdout)
            self.assertIn('"fileName":"abc.pcapng"', out.stdout)
            done = self.wait_state(1, "finished")
            self.assertEqual(done["bytesReceived"], os.path.getsize(self.pcapng))
            self.assertEqual(done["fileSize"], os.path.getsize(self.pcapng))
            self.assertEqual(done["progressPercent"], 100)
            # The same per-host counts as today's one-shot upload of that file.
            r = self.admin.post(self.url("/API/system/analyze-pcap?fileName=ng.pcapng"),
                                data=pathlib.Path(self.pcapng).read_bytes(), timeout=60)
            self.assertEqual(r.status_code, 201, r.text)
            oneshot = r.json()["slotId"]
            self.wait_state(oneshot, "finished")
            self.assertEqual(self.hosts(1), self.hosts(oneshot))
            self.assertGreater(len(self.hosts(1)), 0)
            for slot in (1, oneshot):
                self.command(self.admin, slot, "delete")
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def test_statistics_while_the_upload_runs(self):
        slot = self.prepare(self.alice, 5)["slotId"]
        self.assertEqual(slot, 5)
        self.assertEqual(self.slot_status(5)["state"], "prepared")
        self.assertEqual(self.command(self.alice, 5, "start")["state"], "waiting")
        self.assertEqual(self.slot_status(5)["state"], "waiting")
        body = GatedBody(self.pcap_bytes, len(self.pcap_bytes) // 2)
        result = {}
        t = self.upload_in_thread(self.alice, 5, body, result)
        self.assertTrue(body.reached.wait(POLL_BOUND_S))
        # Held at the gate: half the file is on the server, the other half not sent.
        # Every packet whole in the half sent is analysed while the rest is held back (the slot does not wait
        # for more bytes before counting what it has).
        whole = whole_packets(self.pcap_bytes, body.gate_at)
        self.assertGreater(whole, 0)
        partial = self.wait_for(f"the {whole} packets of the first half analysed before the upload ended",
                                lambda: (s := self.slot_status(5)) and s["packetsAnalysed"] == whole and s)
        self.assertEqual(partial["state"], "receiving")
        self.assertLess(partial["bytesReceived"], len(self.pcap_bytes))
        self.assertLess(partial["progressPercent"], 100)
        partial_hosts = self.wait_for("hosts listed before the upload ended", lambda: self.hosts(5, self.alice))
        self.assertNotIn("status", result, "the upload was answered before its body was complete")
        body.open()
        t.join(POLL_BOUND_S * 2)
        self.assertEqual(result.get("status"), 201, result)
        self.assertEqual(result["body"]["slotId"], 5)
        done = self.wait_state(5, "finished")
        self.assertEqual(done["bytesReceived"], len(self.pcap_bytes))
        self.assertEqual(done["bytesAnalysed"], len(self.pcap_bytes))
        self.assertEqual(done["owner"], "alice")
        final = self.hosts(5)
        self.assertEqual(final, self.expected_hosts())
        partial_packets = sum(v[0] + v[2] for v in partial_hosts.values())
        self.assertLess(partial_packets, sum(v[0] + v[2] for v in final.values()))
        # And against tshark where installed: per IP, packets and bytes received and sent.
        try:
            expected = support.tshark_ip_endpoints(self.pcap)
        except unittest.SkipTest:
            expected = None
        if expected:
            for ip, e in expected.items():
                self.assertEqual(final[ip], [e["rx_packets"], e["rx_bytes"], e["tx_packets"], e["tx_bytes"]], ip)
        # The processing resource shows the same upload.
        slots = self.call(self.admin, "GET", "/API/stats/processing", 200)["slots"]
        mine = [s for s in slots if s["id"] == 5][0]
        self.assertEqual(mine["upload"]["state"], "finished")
        self.assertEqual(mine["upload"]["fileName"], "up.pcap")
        self.command(self.alice, 5, "delete")

    def test_stop_keeps_statistics(self):
        self.prepare(self.alice, 6)
        self.command(self.alice, 6, "start")
        body = GatedBody(self.pcap_bytes, len(self.pcap_bytes) // 2)
        result = {}
        t = self.upload_in_thread(self.alice, 6, body, result)
        self.assertTrue(body.reached.wait(POLL_BOUND_S))
        self.wait_for("packets analysed", lambda: (s := self.slot_status(6)) and s["packetsAnalysed"] > 0)
        self.command(self.bob, 6, "stop", status=403)  # not bob's
        self.assertEqual(self.command(self.alice, 6, "stop")["state"], "stopped")
        stopped = self.wait_state(6, "stopped")
        body.open()
        t.join(POLL_BOUND_S * 2)
        self.assertEqual(result.get("status"), 201, result)
        # Its statistics stay, with no more than the half that had arrived.
        hosts = self.hosts(6)
        self.assertGreater(len(hosts), 0)
        full = self.expected_hosts()
        self.assertLess(sum(v[0] + v[2] for v in hosts.values()), sum(v[0] + v[2] for v in full.values()))
        self.assertLess(stopped["bytesAnalysed"], len(self.pcap_bytes))
        self.assertEqual(self.slot_status(6)["state"], "stopped")
        self.command(self.alice, 6, "delete")

    def test_delete_during_the_upload(self):
        self.prepare(self.alice, 10)
        self.command(self.alice, 10, "start")
        body = GatedBody(self.pcap_bytes, len(self.pcap_bytes) // 2)
        result = {}
        t = self.upload_in_thread(self.alice, 10, body, result)
        self.assertTrue(body.reached.wait(POLL_BOUND_S))
        self.wait_for("the upload followed", lambda: (s := self.slot_status(10)) and s["bytesReceived"] > 0)
        self.command(self.alice, 10, "delete")
        body.open()
        t.join(POLL_BOUND_S * 2)
        # The body was received in vain: no slot comes back, no file is kept.
        self.assertEqual(result.get("status"), 409, result)
        self.assertIsNone(self.slot_status(10))
        self.assertNotIn("slot-10.pcap", os.listdir(os.path.join(self.daemon.data_dir, "uploads")))

    def test_delete_rights_and_slot_zero(self):
        uploads = os.path.join(self.daemon.data_dir, "uploads")
        self.prepare(self.alice, 7)
        self.command(self.alice, 7, "start")
        r = self.alice.post(self.url("/API/system/analyze-pcap?replaySlotID=7"), data=self.pcap_bytes, timeout=60)
        self.assertEqual(r.status_code, 201, r.text)
        self.wait_state(7, "finished")
        self.assertIn("slot-7.pcap", os.listdir(uploads))
        # Another user may neither delete nor stop it; slot 0 (-i) is never deleted, not even by an admin.
        self.command(self.bob, 7, "delete", status=403)
        self.call(self.bob, "DELETE", "/API/data/pcap?mm-id=:7", 403)
        self.call(self.admin, "DELETE", "/API/data/pcap?mm-id=:0", 409)
        self.command(self.admin, 0, "delete", status=409)
        self.command(self.alice, 0, "delete", status=409)
        self.assertIsNotNone(self.slot_status(0))
        # The owner deletes it: statistics, file and id are gone; the id can be prepared again.
        self.assertEqual(self.call(self.alice, "DELETE", "/API/data/pcap?mm-id=:7", 200)["state"], "deleted")
        self.assertIsNone(self.slot_status(7))
        self.assertNotIn("slot-7.pcap", os.listdir(uploads))
        self.call(self.admin, "GET", f"{IP}/ips_paged", 404, params={"mm-id": ":7"})
        self.call(self.admin, "DELETE", "/API/data/pcap?mm-id=:7", 404)
        self.assertEqual(self.prepare(self.bob, 7)["slotId"], 7)
        # An admin may delete anyone's slot.
        self.command(self.admin, 7, "delete")

    def test_refusals(self):
        self.prepare(self.alice, 8)
        # Not started yet: the upload is refused from its head (a refused body is not read: keep it small, or
        # the client sees the connection closed while it still sends).
        small = self.pcap_bytes[:2000]
        r = self.alice.post(self.url("/API/system/analyze-pcap?replaySlotID=8"), data=small, timeout=60)
        self.assertEqual(r.status_code, 409, r.text)
        self.command(self.bob, 8, "start", status=403)
        self.command(self.alice, 8, "start")
        r = self.bob.post(self.url("/API/system/analyze-pcap?replaySlotID=8"), data=small, timeout=60)
        self.assertEqual(r.status_code, 403, r.text)
        # forceSlotID=false takes another free id; true refuses a taken one.
        other = self.prepare(self.alice, 8, force=False)["slotId"]
        self.assertNotEqual(other, 8)
        self.call(self.alice, "POST", "/API/system/replay/upload", 409,
                  json={"fileName": "x.pcap", "fileSize": 10, "replaySlotID": 8, "forceSlotID": True})
        # Untrusted values are range-checked.
        for bad in ({"fileName": "x.pcap", "fileSize": -1}, {"fileName": "x.pcap", "replaySlotID": 70000},
                    {"fileName": "", "fileSize": 1}, {"fileName": "x.pcap", "fileSize": "many"}):
            self.call(self.alice, "POST", "/API/system/replay/upload", 400, json=bad)
        self.command(self.alice, 8, "bogus", status=400)
        self.call(self.alice, "POST", "/API/data/pcap", 400, json={"command": "start"})
        self.call(self.alice, "POST", "/API/data/pcap?mm-id=nonsense", 400, json={"command": "start"})
        # Not a capture: the slot fails, it does not hang.
        r = self.alice.post(self.url("/API/system/analyze-pcap?replaySlotID=8"), data=b"x" * 5000, timeout=60)
        self.assertEqual(r.status_code, 201, r.text)
        failed = self.wait_state(8, "failed")
        self.assertIn("capture", failed["error"])
        # One upload per prepared slot.
        r = self.alice.post(self.url("/API/system/analyze-pcap?replaySlotID=8"), data=small, timeout=60)
        self.assertEqual(r.status_code, 409, r.text)
        for slot in (8, other):
            self.command(self.alice, slot, "delete")

    def test_connection_lost_fails_the_slot(self):
        self.prepare(self.alice, 9)
        self.command(self.alice, 9, "start")
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        auth = base64.b64encode(b"alice:alice-pw-1234").decode()
        half = len(self.pcap_bytes) // 2
        with socket.create_connection(("127.0.0.1", self.daemon.port), timeout=30) as raw:
            with ctx.wrap_socket(raw) as s:
                s.sendall((f"POST /API/system/analyze-pcap?replaySlotID=9 HTTP/1.1\r\nHost: x\r\n"
                           f"Authorization: Basic {auth}\r\nContent-Type: application/octet-stream\r\n"
                           f"Content-Length: {len(self.pcap_bytes)}\r\n\r\n").encode())
                s.sendall(self.pcap_bytes[:half])
                self.wait_for("half of the upload received",
                              lambda: (st := self.slot_status(9)) and st["bytesReceived"] >= half)
        failed = self.wait_state(9, "failed")
        self.assertIn("abort", failed["error"])
        self.assertEqual(os.listdir(os.path.join(self.daemon.data_dir, "uploads")).count("slot-9.pcap"), 0)
        self.command(self.alice, 9, "delete")


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
