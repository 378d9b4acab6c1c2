#!/usr/bin/env python3
"""Notifications (docs/ntopng/notifications.md): endpoints and recipients configured over the ntopng dialect,
then alerts from a real capture delivered to receivers this test runs on loopback.

Receivers: a webhook (http.server), a UDP and a TCP syslog listener (socketserver), an SMTP sink (aiosmtpd,
Debian's python3-aiosmtpd; that part is skipped when it is absent), and two dead webhooks: a closed port and
a listener that accepts and never answers. After the capture ftp.pcap + dns_fragmented.pcap is analysed in
an uploaded slot, each receiver holds exactly the past flow alerts of that slot its recipient wants (by
minimum severity), the dead endpoints delivered nothing and did not hold the others back, a recipient whose
minimum severity is above every alert's got nothing, and no GET answer carries a credential. A second daemon
with a one-alert queue shows the dead endpoint's drops counted; a third, trusting the test's certificate
(SSL_CERT_FILE), delivers to an HTTPS webhook (and refuses one with another certificate) and over SMTP with
STARTTLS and AUTH PLAIN (and refuses AUTH without TLS).

Usage: ntopng_notify_test.py PATH_TO_NETMETER [unittest args]
"""
import base64
import collections
import email
import http.server
import json
import os
import re
import shutil
import socket
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import warnings

import urllib3

import api_test
import ntopng_support as support
from allegro_support import AnalysisDaemon, need_pcap

CAPTURES = ("ftp.pcap", "dns_fragmented.pcap")
SLOT = 5
HOOK_USER, HOOK_PW, HOOK_SECRET = "hook-user", "hook-pw-5150", "shared-secret-8086"
MAIL_FROM, MAIL_TO, MAIL_CC = "probe@example.org", "ops@example.org", "boss@example.org"
WARNING, ERROR, EMERGENCY = 4, 5, 8


class Recorder:
    """What a receiver got, thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.items = []

    def add(self, item):
        with self.lock:
            self.items.append(item)

    def all(self):
        with self.lock:
            return list(self.items)


def serve(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def webhook_server(recorder, serve_now=True):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            recorder.add((self.path, self.headers.get("Authorization"), json.loads(body)))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    return serve(server) if serve_now else server


def udp_syslog_server(recorder):
    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            recorder.add(self.request[0].decode())

    return serve(socketserver.ThreadingUDPServer(("127.0.0.1", 0), Handler))


def tcp_syslog_server(recorder):
    class Handler(socketserver.StreamRequestHandler):
        def handle(self):  # RFC 6587 octet counting: "LEN SP MSG"
            while True:
                length = b""
                while (c := self.rfile.read(1)) not in (b" ", b""):
                    length += c
                if not length:
                    return
                recorder.add(self.rfile.read(int(length)).decode())

    return serve(socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SMTP_SINK = """
import json, ssl, sys, warnings
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

config = json.loads(sys.argv[1])
warnings.simplefilter("ignore")  # aiosmtpd 1.4 warns about its own deprecated attributes

class Handler:
    async def handle_DATA(self, server, session, envelope):
        print(json.dumps([envelope.mail_from, list(envelope.rcpt_tos), envelope.content.decode()]), flush=True)
        return "250 OK"

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (auth_data.login.decode(), auth_data.password.decode()) == tuple(config["auth"])
    if ok:
        print(json.dumps(["AUTH", mechanism, session.ssl is not None]), flush=True)
    return AuthResult(success=ok)

kwargs = {}
if config.get("cert"):
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(config["cert"], config["key"])
    kwargs.update(tls_context=tls, require_starttls=True)
if config.get("auth"):
    kwargs.update(authenticator=authenticator, auth_require_tls=bool(config.get("cert")))
controller = Controller(Handler(), hostname="127.0.0.1", port=config["port"], **kwargs)
controller.start()
print("ready", flush=True)
sys.stdin.read()  # until the test closes it
controller.stop()
"""


class SmtpSink:
    """aiosmtpd on loopback in Debian's interpreter (where python3-aiosmtpd installs) or this one; each
    message received is one JSON line on the child's stdout (and each successful AUTH another)."""

    def __init__(self, python, recorder, **config):
        self.port = free_port()
        config["port"] = self.port
        self.proc = subprocess.Popen([python, "-c", SMTP_SINK, json.dumps(config)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("the SMTP sink did not start")

        def read():
            for line in self.proc.stdout:
                recorder.add(tuple(json.loads(line)))
        threading.Thread(target=read, daemon=True).start()

    def stop(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()


def aiosmtpd_python():
    """An interpreter here that has aiosmtpd (this one or Debian's), or None."""
    for python in (sys.executable, "/usr/bin/python3"):
        if os.path.exists(python) and subprocess.run([python, "-c", "import aiosmtpd.controller"],
                                                     capture_output=True).returncode == 0:
            return python
    return None


def smtp_sink(recorder, **config):
    """An SMTP sink, or None when no interpreter here has aiosmtpd."""
    python = aiosmtpd_python()
    return SmtpSink(python, recorder, **config) if python else None


def self_signed(directory, name):
    """A certificate for 127.0.0.1 and localhost and its key, made with the openssl command."""
    cert, key = os.path.join(directory, name + ".pem"), os.path.join(directory, name + ".key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def alert_key(a):
    """The identity of a flow alert in a notification (the webhook's and syslog's JSON)."""
    return (a["alert_id"], a["cli_ip"], a["cli_port"], a["srv_ip"], a["srv_port"], a["severity"])


def record_key(r):
    """The same identity from get/flow/alert/list.lua."""
    return (r["alert_id"]["value"], r["cli_ip"]["value"], int(r["cli_port"]["value"]), r["srv_ip"]["value"],
            int(r["srv_port"]["value"]), r["severity"]["value"])


class NotifyBase(unittest.TestCase):
    def post(self, path, **body):
        return self.ntop.s.post(f"{self.an.host}/lua/rest/v2/{path}", json=body, timeout=60)

    def ok(self, path, **body):
        r = self.post(path, **body)
        self.assertEqual((r.status_code, r.json()["rc"]), (200, 0), r.text)
        return r.json()["rsp"]

    def add_endpoint(self, name, key, **params):
        return self.ok("add/endpoint.lua", endpoint_conf_name=name, endpoint_key=key, **params)["endpoint_id"]

    def add_recipient(self, name, endpoint_id, severity, **params):
        return self.ok("add/recipient.lua", recipient_name=name, endpoint_id=endpoint_id,
                       recipient_minimum_severity=severity, **params)["recipient_id"]

    def stats(self):
        return {e["endpoint_conf_name"]: e["stats"] for e in self.ntop.rsp("get/endpoints.lua")}

    def upload(self, capture, slot):
        with open(need_pcap(capture), "rb") as f:
            r = self.an.session().post(self.an.host + "/API/system/analyze-pcap",
                                       params={"replaySlotID": slot, "fileName": capture}, data=f.read(), timeout=60)
        self.assertEqual(r.status_code, 201, r.text)
        self.an.wait_slot_finished(slot)

    @staticmethod
    def eventually(pred, timeout=30):
        deadline = time.time() + timeout  # a bound for a broken build, not a timing assertion
        while time.time() < deadline and not pred():
            time.sleep(0.05)
        return pred()


class NtopngNotifyTest(NotifyBase):
    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        for c in CAPTURES:
            need_pcap(c)
        cls.hook, cls.udp, cls.tcp, cls.mail = Recorder(), Recorder(), Recorder(), Recorder()
        cls.servers = [webhook_server(cls.hook), udp_syslog_server(cls.udp), tcp_syslog_server(cls.tcp)]
        cls.smtp = smtp_sink(cls.mail)
        cls.silent = socket.socket()  # accepts (the kernel's backlog) and never answers
        cls.silent.bind(("127.0.0.1", 0))
        cls.silent.listen(16)
        cls.an = AnalysisDaemon()
        try:
            cls.an.daemon.start()
            cls.ntop = support.NtopClient(cls.an)
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.an.stop()
        for s in cls.servers:
            s.shutdown()
            s.server_close()
        if cls.smtp:
            cls.smtp.stop()
        cls.silent.close()

    def configure(self):
        hook_url = f"http://127.0.0.1:{self.servers[0].server_address[1]}"
        ids = {}
        ids["hook"] = self.add_endpoint("hook", "webhook", webhook_url=hook_url + "/all",
                                        webhook_username=HOOK_USER, webhook_password="wrong-at-first",
                                        webhook_sharedsecret=HOOK_SECRET)
        # An edit giving the password back masked keeps it; here the real one is set, then kept.
        self.ok("edit/endpoint.lua", endpoint_id=ids["hook"], endpoint_conf_name="hook", webhook_url=hook_url + "/all",
                webhook_username=HOOK_USER, webhook_password=HOOK_PW, webhook_sharedsecret="********")
        self.ok("edit/endpoint.lua", endpoint_id=ids["hook"], endpoint_conf_name="hook", webhook_url=hook_url + "/all",
                webhook_username=HOOK_USER, webhook_password="********", webhook_sharedsecret="********")
        ids["picky"] = self.add_endpoint("picky", "webhook", webhook_url=hook_url + "/picky")
        ids["udp"] = self.add_endpoint("udp", "syslog", syslog_host="127.0.0.1", syslog_alert_format="json",
                                       syslog_port=str(self.servers[1].server_address[1]), syslog_protocol="udp")
        ids["tcp"] = self.add_endpoint("tcp", "syslog", syslog_host="127.0.0.1", syslog_alert_format="json",
                                       syslog_port=str(self.servers[2].server_address[1]), syslog_protocol="tcp")
        ids["closed"] = self.add_endpoint("closed", "webhook", webhook_url=f"http://127.0.0.1:{free_port()}/")
        ids["silent"] = self.add_endpoint("silent", "webhook",
                                          webhook_url=f"http://127.0.0.1:{self.silent.getsockname()[1]}/")
        self.add_recipient("all-hook", ids["hook"], 1)
        self.add_recipient("picky", ids["picky"], EMERGENCY)
        self.add_recipient("udp-warning", ids["udp"], WARNING, recipient_check_entities="4")
        self.add_recipient("tcp-error", ids["tcp"], ERROR)
        self.add_recipient("closed", ids["closed"], 1)
        self.add_recipient("silent", ids["silent"], 1)
        if self.smtp:
            ids["mail"] = self.add_endpoint("mail", "email", smtp_server=f"smtp://127.0.0.1:{self.smtp.port}",
                                            email_sender=MAIL_FROM)
            self.add_recipient("mail", ids["mail"], WARNING, email_recipient=MAIL_TO, cc=MAIL_CC)
        return ids

    def test_delivery_to_every_receiver(self):
        ids = self.configure()
        for i, capture in enumerate(CAPTURES):
            self.upload(capture, SLOT + i)
        records = []
        for i in range(len(CAPTURES)):
            body = self.ntop.call("get/flow/alert/list.lua", ifid=SLOT + i, length=10000).json()
            records += body["rsp"]["records"]
        alerts = collections.Counter(record_key(r) for r in records)
        self.assertGreater(len(records), 10)
        self.assertEqual(self.ntop.call("get/host/alert/list.lua", ifid=SLOT).json()["recordsFiltered"], 0)
        at_least = lambda s: collections.Counter({k: n for k, n in alerts.items() if k[5] >= s})  # noqa: E731
        self.assertTrue(at_least(ERROR) and at_least(ERROR) != alerts, "the captures hold several severities")

        # Webhook: every alert, in ntopng's message, with the kept credentials.
        def hooked():
            return collections.Counter(alert_key(a) for p, _, m in self.hook.all() if p == "/all" for a in m["alerts"])
        self.assertTrue(self.eventually(lambda: sum(hooked().values()) >= len(records)), hooked())
        self.assertEqual(hooked(), alerts)
        expected_auth = "Basic " + base64.b64encode(f"{HOOK_USER}:{HOOK_PW}".encode()).decode()
        for path, auth, message in self.hook.all():
            self.assertEqual((path, auth), ("/all", expected_auth))
            self.assertEqual((message["version"], message["sharedsecret"]), ("0.2", HOOK_SECRET))
            self.assertLessEqual(len(message["alerts"]), 10)

        # Syslog: RFC 5424 with the alert's JSON; UDP from warning up, TCP from error up.
        def syslogged(recorder):
            out = collections.Counter()
            for line in recorder.all():
                m = re.match(r"<(\d+)>1 \S+Z \S+ netmeter \d+ - - (.*)$", line, re.S)
                self.assertTrue(m, line)
                a = json.loads(m.group(2))
                self.assertEqual(int(m.group(1)), 14 * 8 + {3: 5, 4: 4, 5: 3, 6: 2}[a["severity"]])
                out[alert_key(a)] += 1
            return out
        self.assertTrue(self.eventually(lambda: sum(syslogged(self.udp).values()) >= sum(at_least(WARNING).values())))
        self.assertTrue(self.eventually(lambda: sum(syslogged(self.tcp).values()) >= sum(at_least(ERROR).values())))
        self.assertEqual(syslogged(self.udp), at_least(WARNING))
        self.assertEqual(syslogged(self.tcp), at_least(ERROR))

        # E-mail: from warning up, to the recipient and cc, one line per alert.
        if self.smtp:
            def mailed():
                lines = []
                for sender, rcpts, content in self.mail.all():
                    self.assertEqual((sender, list(rcpts)), (MAIL_FROM, [MAIL_TO, MAIL_CC]))
                    msg = email.message_from_string(content)
                    self.assertEqual((msg["To"], msg["Cc"]), (MAIL_TO, MAIL_CC))
                    lines += [x for x in msg.get_payload().splitlines() if x]
                return lines
            self.assertTrue(self.eventually(lambda: len(mailed()) >= sum(at_least(WARNING).values())))
            lines = mailed()
            self.assertEqual(len(lines), sum(at_least(WARNING).values()))
            per_flow = collections.Counter()
            for key, n in at_least(WARNING).items():
                ends = [f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}" for ip, port in (key[1:3], key[3:5])]
                per_flow[" -> ".join(ends)] += n
            for needle, n in per_flow.items():
                self.assertEqual(sum(needle in x for x in lines), n, needle)

        # The dead endpoints delivered nothing, while the others got everything; the closed port fails
        # quickly (every attempt refused), the silent one is still trying or failed.
        stats = self.stats()
        self.assertEqual(stats["silent"]["sent"], 0)
        self.assertTrue(self.eventually(lambda: self.stats()["closed"]["failed"] == len(records)), self.stats())
        self.assertEqual(self.stats()["closed"]["sent"], 0)
        self.assertEqual(stats["hook"], {"sent": len(records), "failed": 0, "dropped": 0, "queued": 0})
        # Above every alert's severity: nothing was even queued for it.
        self.assertEqual(stats["picky"], {"sent": 0, "failed": 0, "dropped": 0, "queued": 0})
        self.assertFalse([p for p, _, _ in self.hook.all() if p == "/picky"])

        # No credential in any answer.
        text = self.ntop.call("get/endpoints.lua").text + self.ntop.call("get/recipients.lua").text
        for secret in (HOOK_PW, HOOK_SECRET, "wrong-at-first"):
            self.assertNotIn(secret, text)
        conf = {e["endpoint_conf_name"]: e for e in self.ntop.rsp("get/endpoints.lua")}["hook"]["endpoint_conf"]
        self.assertEqual((conf["webhook_password"], conf["webhook_sharedsecret"]), ("********", "********"))
        self.assertEqual(conf["webhook_username"], HOOK_USER)
        data_dir = self.an.daemon.data_dir
        self.assertEqual(os.stat(os.path.join(data_dir, "notify.key")).st_mode & 0o777, 0o600)
        with open(os.path.join(data_dir, "netmeter.db"), "rb") as f:
            self.assertNotIn(HOOK_PW.encode(), f.read())

        recipients = {r["recipient_name"]: r for r in self.ntop.rsp("get/recipients.lua")}
        self.assertEqual(recipients["udp-warning"]["check_entities"], [4])
        self.assertEqual(recipients["udp-warning"]["endpoint_key"], "syslog")
        self.assertEqual(recipients["picky"]["minimum_severity"], EMERGENCY)

    def test_test_delivery(self):
        hook = self.add_endpoint("test-hook", "webhook",
                                 webhook_url=f"http://127.0.0.1:{self.servers[0].server_address[1]}/test")
        rid = self.add_recipient("test-hook", hook, 1)
        self.ok("test/recipient.lua", recipient_id=rid)
        self.assertIn(("/test", None, []), [(p, a, m["alerts"]) for p, a, m in self.hook.all()])
        dead = self.add_endpoint("test-dead", "webhook", webhook_url=f"http://127.0.0.1:{free_port()}/")
        rid = self.add_recipient("test-dead", dead, 1)
        r = self.post("test/recipient.lua", recipient_id=rid)
        self.assertEqual((r.status_code, r.json()["rc"]), (400, -5), r.text)
        self.ok("delete/endpoint.lua", endpoint_id=dead)
        self.assertNotIn("test-dead", [x["recipient_name"] for x in self.ntop.rsp("get/recipients.lua")])

    def test_bad_input_is_invalid_arguments(self):
        hook_url = "http://127.0.0.1:1/"
        cases = [
            ("add/endpoint.lua", {"endpoint_conf_name": "x", "endpoint_key": "pigeon"}),
            ("add/endpoint.lua", {"endpoint_conf_name": "x", "endpoint_key": "webhook"}),
            ("add/endpoint.lua", {"endpoint_conf_name": "", "endpoint_key": "webhook", "webhook_url": hook_url}),
            ("add/endpoint.lua", {"endpoint_conf_name": "x", "endpoint_key": "syslog", "syslog_host": "h",
                                  "syslog_alert_format": "json", "syslog_port": "70000"}),
            ("add/endpoint.lua", {"endpoint_conf_name": "x", "endpoint_key": "webhook", "webhook_url": hook_url,
                                  "smtp_server": "mail"}),
            ("add/endpoint.lua", {"endpoint_conf_name": "x", "endpoint_key": "webhook", "webhook_url": "file:///x"}),
            ("edit/endpoint.lua", {"endpoint_id": 99999, "endpoint_conf_name": "x", "webhook_url": hook_url}),
            ("add/recipient.lua", {"recipient_name": "x", "endpoint_id": 99999}),
            ("add/recipient.lua", {"recipient_name": "x"}),
            ("delete/recipient.lua", {"recipient_id": "abc"}),
        ]
        for path, body in cases:
            with self.subTest(path=path, body=body):
                r = self.post(path, **body)
                self.assertEqual((r.status_code, r.json()["rc"]), (400, -5), r.text)
        eid = self.add_endpoint("dup", "webhook", webhook_url=hook_url)
        r = self.post("add/endpoint.lua", endpoint_conf_name="dup", endpoint_key="webhook", webhook_url=hook_url)
        self.assertEqual(r.json()["rc"], -5)
        for bad in ({"recipient_minimum_severity": "9"}, {"recipient_check_categories": "1,x"}):
            r = self.post("add/recipient.lua", recipient_name="r", endpoint_id=eid, **bad)
            self.assertEqual(r.json()["rc"], -5, bad)
        r = self.post("add/recipient.lua", recipient_name="r", endpoint_id=eid, email_recipient="a@b.c")
        self.assertEqual(r.json()["rc"], -5)  # a webhook's recipient takes no address
        self.ok("delete/endpoint.lua", endpoint_id=eid)

    def test_admin_only(self):
        admin = self.an.session()
        r = admin.post(self.an.host + "/API/system/users", timeout=10,
                       json={"name": "notify-user", "password": "notify-user-pw", "role": "user"})
        self.assertLess(r.status_code, 300, r.text)
        user = support.NtopClient(self.an, "notify-user", "notify-user-pw")
        for path in ("get/endpoints.lua", "get/recipients.lua", "delete/endpoints.lua"):
            self.assertEqual(user.call(path).status_code, 403, path)
        r = user.s.post(f"{self.an.host}/lua/rest/v2/add/endpoint.lua", timeout=10,
                        json={"endpoint_conf_name": "u", "endpoint_key": "webhook", "webhook_url": "http://h/"})
        self.assertEqual(r.status_code, 403)


class QueueBound(NotifyBase):
    """ntopng's resets (GET, as the spec gives them) and a dead endpoint's drops with a one-alert queue."""

    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        need_pcap(CAPTURES[1])
        cls.silent = socket.socket()
        cls.silent.bind(("127.0.0.1", 0))
        cls.silent.listen(16)
        cls.an = AnalysisDaemon(extra=("--notification-queue", "1"))
        try:
            cls.an.daemon.start()
            cls.ntop = support.NtopClient(cls.an)
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.an.stop()
        cls.silent.close()

    def test_dead_endpoint_drops_are_counted_and_resets(self):
        eid = self.add_endpoint("silent", "webhook", webhook_url=f"http://127.0.0.1:{self.silent.getsockname()[1]}/")
        self.add_recipient("silent", eid, 1)
        self.upload(CAPTURES[1], 3)
        n = self.ntop.call("get/flow/alert/list.lua", ifid=3, length=10000).json()["recordsFiltered"]
        self.assertGreater(n, 11)  # more than one batch in flight plus one queued
        stats = self.stats()["silent"]
        self.assertEqual(stats["sent"], 0)
        self.assertLessEqual(stats["queued"], 1)
        self.assertGreaterEqual(stats["dropped"], n - 11)
        self.assertEqual(self.ntop.rsp("delete/recipients.lua"), [])
        self.assertEqual(self.ntop.rsp("get/recipients.lua"), [])
        self.assertEqual(len(self.ntop.rsp("get/endpoints.lua")), 1)
        self.assertEqual(self.ntop.rsp("delete/endpoints.lua"), [])
        self.assertEqual(self.ntop.rsp("get/endpoints.lua"), [])


class TlsDelivery(NotifyBase):
    """HTTPS webhooks and SMTP with STARTTLS and AUTH, through test/recipient.lua: the daemon trusts the
    test's certificate (SSL_CERT_FILE, which OpenSSL's default verify paths read) and no other."""

    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        if not shutil.which("openssl"):
            raise unittest.SkipTest("openssl command absent")
        cls.tmp = tempfile.mkdtemp(prefix="nm-notify-tls-")
        cls.cert, cls.key = self_signed(cls.tmp, "trusted")
        cls.other = self_signed(cls.tmp, "untrusted")
        cls.hook, cls.mail = Recorder(), Recorder()
        cls.servers = []
        for cert, key in ((cls.cert, cls.key), cls.other):
            server = webhook_server(cls.hook, serve_now=False)
            tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls.load_cert_chain(cert, key)
            server.socket = tls.wrap_socket(server.socket, server_side=True)
            cls.servers.append(serve(server))
        cls.smtp = []
        if aiosmtpd_python():
            cls.smtp = [smtp_sink(cls.mail, cert=cls.cert, key=cls.key, auth=["mailer", "mail-pw-42"]),
                        smtp_sink(cls.mail, auth=["mailer", "mail-pw-42"])]
        saved = os.environ.get("SSL_CERT_FILE")
        os.environ["SSL_CERT_FILE"] = cls.cert
        cls.an = AnalysisDaemon()
        try:
            cls.an.daemon.start()
            cls.ntop = support.NtopClient(cls.an)
        except Exception:
            cls.tearDownClass()
            raise
        finally:
            if saved is None:
                os.environ.pop("SSL_CERT_FILE")
            else:
                os.environ["SSL_CERT_FILE"] = saved

    @classmethod
    def tearDownClass(cls):
        cls.an.stop()
        for s in cls.servers:
            s.shutdown()
            s.server_close()
        for s in cls.smtp:
            s.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_https_webhook_verifies_the_server(self):
        for name, server in (("trusted", self.servers[0]), ("untrusted", self.servers[1])):
            eid = self.add_endpoint("https-" + name, "webhook", webhook_username="u", webhook_password="p",
                                    webhook_url=f"https://127.0.0.1:{server.server_address[1]}/{name}")
            rid = self.add_recipient("https-" + name, eid, 1)
            r = self.post("test/recipient.lua", recipient_id=rid)
            if name == "trusted":
                self.assertEqual((r.status_code, r.json()["rc"]), (200, 0), r.text)
            else:
                self.assertEqual((r.status_code, r.json()["rc"]), (400, -5), r.text)
        auth = "Basic " + base64.b64encode(b"u:p").decode()
        self.assertEqual([(p, a) for p, a, _ in self.hook.all()], [("/trusted", auth)])

    def test_smtp_starttls_and_auth(self):
        if not self.smtp:
            self.skipTest("python3-aiosmtpd not installed")
        for name, sink in (("starttls", self.smtp[0]), ("plain", self.smtp[1])):
            eid = self.add_endpoint("mail-" + name, "email", smtp_server=f"127.0.0.1:{sink.port}",
                                    email_sender=MAIL_FROM, smtp_username="mailer", smtp_password="mail-pw-42")
            rid = self.add_recipient("mail-" + name, eid, 1, email_recipient=MAIL_TO)
            r = self.post("test/recipient.lua", recipient_id=rid)
            if name == "starttls":
                self.assertEqual((r.status_code, r.json()["rc"]), (200, 0), r.text)
            else:  # the server offers AUTH without TLS: the password is not sent
                self.assertEqual((r.status_code, r.json()["rc"]), (400, -5), r.text)
                self.assertIn("in clear", r.json()["rc_str_hr"])
        got = self.mail.all()
        self.assertEqual(got[0], ("AUTH", "PLAIN", True))
        self.assertEqual(len(got), 2)
        sender, rcpts, content = got[1]
        self.assertEqual((sender, list(rcpts)), (MAIL_FROM, [MAIL_TO]))
        self.assertIn("Subject: netmeter: TEST MAIL", content)
        self.assertNotIn("mail-pw-42", self.ntop.call("get/endpoints.lua").text)


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        os.environ.pop(name, None)
    unittest.main(verbosity=2)
