#!/usr/bin/env python3
"""Security suite of `netmeter run` (issue 8, "Service hardening"): each test replays one attack of the
issue against the real daemon on loopback and expects the refusal the design note (the issue's contract)
prescribes. Item 3 (upload slots) lives in security_slots_test.py.

Usage: security_test.py PATH_TO_NETMETER [unittest args]

Some tests open connections from other loopback addresses (127.0.0.2 ... 127.0.0.40; Linux routes all of
127.0.0.0/8 to lo) and raise the open-files limit; they are skipped when that is not possible. Measured
figures (RSS, open fds, times) go to stderr; pass/fail never depends on timing, only on answers and on
memory and fd bounds.
"""
import asyncio
import base64
import json
import os
import re
import resource
import shutil
import signal
import socket
import ssl
import stat
import struct
import subprocess
import sys
import tempfile
import time
import unittest
import warnings

import requests
import requests.adapters
import urllib3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import api_test  # noqa: E402  (Daemon, Client, ADMIN_PW, assertion helpers)
from transfer_test import PeakSampler, udp_frame, vm_kib  # noqa: E402  (vm_kib returns bytes)

MiB = 1 << 20
ADMIN = ("admin", api_test.ADMIN_PW)
ADD_USER = "/lua/rest/v1/add/ntopng/user.lua"
EDIT_USER = "/lua/rest/v1/edit/ntopng/user.lua"
NTOP_SESSION = "/lua/rest/v1/create/ntopng/session.lua"
NTOP_TOKEN = "/lua/rest/v1/create/ntopng/api_token.lua"
NTOP_LOGOUT = "/lua/rest/v1/delete/ntopng/session.lua"
NTOP_SESSIONS = "/lua/rest/v1/get/ntopng/sessions.lua"
NTOP_USERS = "/lua/rest/v1/get/ntopng/users.lua"
INTERFACES = "/lua/rest/v1/get/ntopng/interfaces.lua"
CLIENT_TIMEOUT = 10  # seconds a client waits for an answer before calling it "not answered"


def log(message):
    print(message, file=sys.stderr, flush=True)


# The daemon process: figures and lifecycle.

def rss(pid):
    return vm_kib(pid, "VmRSS")


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def settle_rss(pid, quiet_s=1.0, limit_s=10.0):
    """Waits until VmRSS moves less than 1 MiB over `quiet_s` (at most `limit_s`) and returns it: the
    daemon may still be pulling bytes out of its sockets when the client side is done."""
    deadline = time.time() + limit_s
    last = rss(pid)
    while time.time() < deadline:
        time.sleep(quiet_s)
        now = rss(pid)
        if abs(now - last) < MiB:
            return now
        last = now
    return last


def wait_for(predicate, limit_s, step_s=0.1):
    """Polls `predicate` until it is true or `limit_s` passed; returns its last value."""
    deadline = time.time() + limit_s
    while True:
        value = predicate()
        if value or time.time() >= deadline:
            return value
        time.sleep(step_s)


def stop_daemon(daemon):
    """SIGTERM, then SIGKILL if the daemon does not exit within 10 s (a baseline daemon may have every
    API thread parked)."""
    if daemon.proc is None:
        return
    if daemon.proc.poll() is None:
        daemon.proc.send_signal(signal.SIGTERM)
        try:
            daemon.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            log(f"daemon {daemon.proc.pid} ignored SIGTERM for 10 s: killed")
            daemon.proc.kill()
            daemon.proc.wait(timeout=10)
    daemon.log.close()


def raise_fd_limit(needed):
    """Raises the soft RLIMIT_NOFILE to the hard one; skips the test if that is still below `needed`
    (the daemon inherits the limit too)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < needed:
        raise unittest.SkipTest(f"open-files limit {hard} < {needed}")
    if soft != resource.RLIM_INFINITY and soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


# Captures.

def write_pcap(path, times_s):
    """A classic µs pcap of small UDP frames, one per timestamp of `times_s` (epoch seconds)."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, t in enumerate(times_s):
            frame = udp_frame(i, 120)
            us = int(t * 1_000_000)
            f.write(struct.pack("<IIII", us // 1_000_000, us % 1_000_000, len(frame), len(frame)) + frame)
    return path


def quiet_capture(path):
    """Two packets one hour apart: with `--replay-speed 1` the slot reads the first and then waits, so
    a download of it gets nothing (the design note's quiet slot)."""
    t0 = int(time.time())
    return write_pcap(path, [t0, t0 + 3600])


def small_capture(path, packets=10):
    t0 = int(time.time())
    return write_pcap(path, [t0 + i * 0.001 for i in range(packets)])


# Client addresses: every 127.0.0.0/8 address is local on Linux.

def loopback_sources(count, first=2):
    """`count` addresses 127.0.0.<first>...; skips the test when one of them cannot be bound."""
    out = []
    for i in range(first, first + count):
        address = f"127.0.0.{i}"
        try:
            with socket.socket() as s:
                s.bind((address, 0))
        except OSError as e:
            raise unittest.SkipTest(f"cannot bind {address}: {e}")
        out.append(address)
    return out


class SourceAdapter(requests.adapters.HTTPAdapter):
    """Connects from a given local address."""

    def __init__(self, source, **kw):
        self.source = source
        super().__init__(**kw)

    def init_poolmanager(self, *args, **kw):
        kw["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kw)


class SourceClient(api_test.Client):
    """api_test.Client whose connections come from `source` (e.g. 127.0.0.3)."""

    def __init__(self, daemon, source):
        super().__init__(daemon)
        self.s.mount("https://", SourceAdapter(source))


class RecordingClient(api_test.Client):
    """api_test.Client that keeps every answer's status and text (to search them for server paths)."""

    def __init__(self, daemon):
        super().__init__(daemon)
        self.answers = []

    def req(self, method, path, auth=None, **kw):
        r = super().req(method, path, auth, **kw)
        self.answers.append((method, path, r.status_code, r.text))
        return r


def try_req(client, method, path, auth=None, **kw):
    """The answer, or the text of the exception when there was none (closed, reset, timeout)."""
    try:
        return client.req(method, path, auth, **kw)
    except requests.RequestException as e:
        return f"not answered: {type(e).__name__}: {str(e)[:160]}"


def status_of(answer):
    return answer.status_code if isinstance(answer, requests.Response) else answer


# Raw TLS: requests a real client would not send, and downloads that never read.

def insecure_tls():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


TLS = insecure_tls()


def basic_header(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def parse_head(data):
    """(status, {lower-case name: value}, rest) of a raw HTTP/1.1 answer; status None if incomplete."""
    head, sep, rest = data.partition(b"\r\n\r\n")
    if not sep:
        return None, {}, b""
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(parts[1]), headers, rest


def tls_connect(port, source=None, timeout=CLIENT_TIMEOUT):
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                    source_address=(source, 0) if source else None)
    try:
        return TLS.wrap_socket(sock)
    except BaseException:
        sock.close()
        raise


def raw_exchange(port, data, timeout=CLIENT_TIMEOUT):
    """Sends `data` on a fresh TLS connection and reads until the server closes."""
    with tls_connect(port, timeout=timeout) as tls:
        tls.sendall(data)
        out = b""
        while True:
            try:
                chunk = tls.recv(65536)
            except (ssl.SSLError, ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            out += chunk
        return out


def download_request(port, token, slot=0):
    return (f"GET /API/data/modules/capture?mm-id=:{slot} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Authorization: Bearer {token}\r\nUser-Agent: netmeter-security-test\r\n\r\n").encode()


class IdleDownload:
    """A capture download on its own TLS connection: sends the request, reads the answer's head and never
    a byte of the body (what a stalled or idle client does)."""

    def __init__(self, port, token, source=None, slot=0, timeout=CLIENT_TIMEOUT):
        self.sock = None
        self.status = None
        self.error = None
        try:
            self.sock = tls_connect(port, source, timeout)
            self.sock.sendall(download_request(port, token, slot))
        except (OSError, ssl.SSLError) as e:
            self.error = f"connect/handshake/send: {type(e).__name__}: {e}"

    def read_head(self, timeout):
        """The answer's status (reading up to the end of the head only), or None with `error` set."""
        if self.sock is None:
            return None
        data = b""
        try:
            self.sock.settimeout(max(timeout, 0.01))
            while b"\r\n\r\n" not in data:
                chunk = self.sock.recv(4096)
                if not chunk:
                    self.error = "closed without an answer"
                    return None
                data += chunk
        except (OSError, ssl.SSLError) as e:
            self.error = f"no answer head: {type(e).__name__}: {e}"
            return None
        self.status = parse_head(data)[0]
        return self.status

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None


def open_idle_downloads(port, token, count, sources, limit_s, retry_503=False):
    """Opens `count` idle downloads (spread over `sources`) within one shared deadline of `limit_s`.
    With `retry_503`, a download refused with 503 is retried until the deadline (slots being released).
    Returns (downloads, problems)."""
    deadline = time.time() + limit_s
    downloads, problems = [], []
    for i in range(count):
        while True:
            remaining = deadline - time.time()
            if remaining <= 0:
                problems.append(f"download {i}: deadline passed before it was answered")
                break
            d = IdleDownload(port, token, sources[i % len(sources)], timeout=min(remaining, CLIENT_TIMEOUT))
            status = d.read_head(deadline - time.time())
            if status == 503 and retry_503:
                d.close()
                time.sleep(0.1)
                continue
            downloads.append(d)
            if status != 200:
                problems.append(f"download {i}: {status if status else d.error}")
            break
    return downloads, problems


def close_all(items):
    for item in items:
        item.close()


# Requests that hold their body (asyncio, hundreds at once).

class AsyncTls:
    """TLS over a non-blocking socket through memory BIOs. Unlike asyncio's SSL transport, a send that
    fails (the daemon answered and closed while the body was still going out, so the kernel got a reset)
    does not discard what the daemon sent before closing: reading goes on from the receive queue."""

    def __init__(self, sock):
        self.sock = sock
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.tls = TLS.wrap_bio(self.incoming, self.outgoing)
        self.loop = asyncio.get_running_loop()

    @classmethod
    async def connect(cls, port, source):
        sock = socket.socket()
        sock.setblocking(False)
        try:
            sock.bind((source, 0))
            await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", port))
            conn = cls(sock)
            await conn.handshake()
            return conn
        except BaseException:
            sock.close()
            raise

    async def flush(self):
        data = self.outgoing.read()
        if data:
            await self.loop.sock_sendall(self.sock, data)

    async def fill(self):
        """Moves received bytes into the TLS object; False at the end of the stream (EOF or reset)."""
        try:
            data = await self.loop.sock_recv(self.sock, 65536)
        except ConnectionResetError:
            data = b""
        if data:
            self.incoming.write(data)
        else:
            self.incoming.write_eof()
        return bool(data)

    async def handshake(self):
        while True:
            try:
                self.tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                await self.flush()
                if not await self.fill():
                    raise ConnectionError("closed during the TLS handshake")
        await self.flush()

    async def send(self, data):
        self.tls.write(data)
        await self.flush()

    async def recv(self):
        """Decrypted bytes; b"" at the end of the stream."""
        while True:
            try:
                return self.tls.read(65536)
            except ssl.SSLWantReadError:
                await self.fill()
            except ssl.SSLError:  # close_notify, or EOF/reset without it
                return b""

    def close(self):
        self.sock.close()


async def read_answer(conn):
    """(status, headers) of one answer; status is a text when there was no complete answer."""
    data = b""
    try:
        while True:
            status, headers, rest = parse_head(data)
            if status is not None and len(rest) >= int(headers.get("content-length", "0") or 0):
                return status, headers
            chunk = await conn.recv()
            if not chunk:
                return f"closed after {len(data)} bytes without a complete answer", {}
            data += chunk
    except OSError as e:
        return f"{type(e).__name__}: {e}", {}


async def send_all_but_last(conn, head, body_len):
    piece = b"x" * (64 * 1024)
    await conn.send(head)
    sent = 0
    while sent < body_len - 1:
        n = min(len(piece), body_len - 1 - sent)
        await conn.send(piece[:n])
        sent += n


async def first_of(task, other):
    """Waits for `task` or `other`, whichever ends first; cancels `task` if it is still running."""
    await asyncio.wait([task, other], return_when=asyncio.FIRST_COMPLETED)
    if not task.done():
        task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def held_body_request(port, source, head, body_len, release, on_held):
    """Sends `head` and the body but its last byte, calls `on_held` (once), waits for `release` (or an
    early answer), sends the last byte; returns (status, headers). The daemon answering from the head
    alone (401 before any body byte is read) simply ends the sending early."""
    try:
        conn = await asyncio.wait_for(AsyncTls.connect(port, source), 60)
    except (OSError, ssl.SSLError, asyncio.TimeoutError) as e:
        on_held()
        return f"connect: {type(e).__name__}: {e}", {}
    answer = asyncio.ensure_future(read_answer(conn))
    await first_of(asyncio.ensure_future(send_all_but_last(conn, head, body_len)), answer)
    on_held()
    await first_of(asyncio.ensure_future(release.wait()), answer)
    if not answer.done():
        try:
            await conn.send(b"x")
        except OSError:
            pass
    try:
        result = await asyncio.wait_for(answer, 60)
    except asyncio.TimeoutError:
        result = ("no answer within 60 s", {})
    conn.close()
    return result


def run_held_bodies(port, heads, sources, body_len, pid, label):
    """Opens len(heads) connections at once, each sending its head and all but the last body byte; when
    all are held, measures the daemon's VmRSS once it is steady, then releases them. Returns (answers,
    figures) with figures = dict(base, held, peak, after) in bytes."""
    sampler = PeakSampler(pid)
    figures = {"base": rss(pid)}

    async def main():
        release = asyncio.Event()
        held = [0]
        all_held = asyncio.Event()

        def on_held():
            held[0] += 1
            if held[0] == len(heads):
                all_held.set()

        tasks = [asyncio.ensure_future(held_body_request(port, sources[i % len(sources)], head, body_len,
                                                         release, on_held))
                 for i, head in enumerate(heads)]
        try:
            await asyncio.wait_for(all_held.wait(), 120)
        except asyncio.TimeoutError:
            log(f"{label}: only {held[0]} of {len(heads)} requests got to holding their last byte")
        figures["held"] = await asyncio.get_running_loop().run_in_executor(None, settle_rss, pid)
        release.set()
        return await asyncio.gather(*tasks)

    with sampler:
        answers = asyncio.run(main())
    time.sleep(0.5)
    figures["peak"] = max(sampler.peak, figures["held"])
    figures["after"] = settle_rss(pid)
    log(f"{label}: {len(heads)} requests x {body_len / MiB:.2f} MiB; daemon VmRSS base "
        f"{figures['base'] / MiB:.1f} MiB, all held {figures['held'] / MiB:.1f} MiB, peak "
        f"{figures['peak'] / MiB:.1f} MiB (+{(figures['peak'] - figures['base']) / MiB:.1f}), after "
        f"{figures['after'] / MiB:.1f} MiB (+{(figures['after'] - figures['base']) / MiB:.1f})")
    return answers, figures


def body_head(port, path, body_len, authorization=None):
    auth = f"Authorization: {authorization}\r\n" if authorization else ""
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{auth}"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {body_len}\r\n\r\n").encode()


def tally(answers):
    counts = {}
    for status, _ in answers:
        counts[status] = counts.get(status, 0) + 1
    return counts


# Idle TCP connections (no TLS handshake).

def listen_backlog(port):
    """Connections waiting in the daemon's accept queue on `port` (rx_queue of the LISTEN socket)."""
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            fields = line.split()
            local, state, queues = fields[1], fields[3], fields[4]
            if state == "0A" and int(local.split(":")[1], 16) == port:
                return int(queues.split(":")[1], 16)
    return 0


def open_idle_tcp(port, source, count):
    """`count` TCP connections from `source` that never start TLS; returns once the daemon accepted
    them all (its accept queue is empty), so that it has seen every one before the next request."""
    socks = []
    for _ in range(count):
        s = socket.socket()
        s.settimeout(5)
        s.bind((source, 0))
        try:
            s.connect(("127.0.0.1", port))
        except OSError:
            s.close()
            continue
        socks.append(s)
    wait_for(lambda: listen_backlog(port) == 0, 10, 0.05)
    time.sleep(0.3)  # accepted connections are registered (and old ones evicted) asynchronously
    return socks


# Credentials.

def cookie_headers(session, csrf=None):
    headers = {"Cookie": f"session={session}"}
    if csrf:
        headers["X-CSRF-Token"] = csrf
    return headers


def max_age(set_cookie):
    m = re.search(r"Max-Age=(-?\d+)", set_cookie or "")
    return int(m.group(1)) if m else None


# Test base: daemons of the test's own, with the flags it needs.

class SecurityCase(unittest.TestCase):
    """One temporary directory per class; `start_daemon` starts a daemon with extra flags and stops it at
    the end of the test (or class). A daemon that refuses a flag fails the test with its stderr."""

    FLAGS = None  # a class-wide daemon (cls.daemon, client cls.c) with these flags when not None

    assertJson = api_test.ApiTestBase.assertJson
    assertEnvelope = api_test.ApiTestBase.assertEnvelope

    @classmethod
    def class_flags(cls):
        """Flags of the class-wide daemon (None: none); may prepare files in cls.tmp."""
        return cls.FLAGS

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="netmeter-security-")
        cls.daemon = None
        flags = cls.class_flags()
        if flags is not None:
            try:
                cls.daemon = cls.launch(cls.tmp, "data", flags)
            except BaseException:
                shutil.rmtree(cls.tmp, ignore_errors=True)
                raise
            cls.c = api_test.Client(cls.daemon)

    @classmethod
    def tearDownClass(cls):
        if cls.daemon is not None:
            stop_daemon(cls.daemon)
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @staticmethod
    def launch(tmp, name, flags):
        d = api_test.Daemon(os.path.join(tmp, name), *flags)
        try:
            return d.start()
        except RuntimeError as e:
            if d.proc is not None and d.proc.poll() is None:
                d.proc.kill()
                d.proc.wait()
            d.log.close()
            raise AssertionError(f"daemon with {' '.join(flags)} did not start: {str(e)[-600:]}") from None

    def start_daemon(self, *flags):
        name = f"data-{self._testMethodName}-{len(os.listdir(self.tmp))}"
        d = self.launch(self.tmp, name, flags)
        self.addCleanup(stop_daemon, d)
        return d

    # Accounts and credentials --------------------------------------------------------------------------
    @staticmethod
    def add_user(c, name, password, **fields):
        data = {"username": name, "password": password, "confirm_password": password,
                "user_role": "unprivileged", **fields}
        r = c.req("POST", ADD_USER, ADMIN, data=data)
        assert r.status_code == 200, r.text
        return r

    @staticmethod
    def admin_token(c, permissions=("admin",), **extra):
        r = c.req("POST", "/API/system/tokens", ADMIN, json={"permissions": list(permissions), **extra})
        assert r.status_code == 201, r.text
        return r.json()

    @staticmethod
    def user_names(c):
        r = c.req("GET", "/API/system/users", ADMIN)
        assert r.status_code == 200, r.text
        return {u["name"] for u in r.json()}

    def ntop_session(self, c, auth, **params):
        r = c.req("POST", NTOP_SESSION, auth, data=params)
        rsp = self.assertEnvelope(r, 200, "OK")["rsp"]
        return rsp, r

    def current_session(self, c, session, csrf=None):
        """The id of the session behind a cookie, from its own listing (`current: true`)."""
        r = c.req("GET", NTOP_SESSIONS, headers=cookie_headers(session, csrf))
        rsp = self.assertEnvelope(r, 200, "OK")["rsp"]
        current = [s for s in rsp if s.get("current")]
        self.assertEqual(len(current), 1, rsp)
        return current[0]

    def assertAnswered(self, answer, status, what):
        self.assertIsInstance(answer, requests.Response, f"{what}: {answer}")
        self.assertEqual(answer.status_code, status, f"{what}: {answer.text[:300]}")


# 1. Credentials derived from credentials.

class Item01DerivedCredentials(SecurityCase):
    """A session or token made with another credential is at most that credential: narrower rights, no
    longer life, and it dies with its parent. Logout and session management in both dialects."""

    FLAGS = ("--login-max-failures", "100000")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.add_user(cls.c, "alice", "alice-pw-123")
        cls.add_user(cls.c, "bob", "bob-pw-1234")
        cls.alice = ("alice", "alice-pw-123")
        cls.bob = ("bob", "bob-pw-1234")

    def test_a_session_from_read_stats_token_is_narrowed_bounded_and_revoked_with_it(self):
        """Attack: an admin's read_stats token buys a session (create/ntopng/session.lua) that then acts
        as the full admin. Expected: the session has read_stats only (add user → 403, admin token → 403 in
        both dialects), expires no later than the token, and it and a token it minted are dead (401) as
        soon as the token is revoked."""
        c = self.c
        token_expires = int(time.time()) + 120
        parent = self.admin_token(c, ["read_stats"], expires=token_expires)
        rsp, r = self.ntop_session(c, f"Bearer {parent['token']}", auth_session_duration="3600")
        sid, csrf = rsp["session"], rsp["csrf"]
        log(f"token expires {token_expires}, derived session expires {rsp['expires']}, "
            f"cookie Max-Age {max_age(r.headers.get('Set-Cookie'))}")
        self.assertLessEqual(rsp["expires"], token_expires)
        self.assertLessEqual(max_age(r.headers["Set-Cookie"]), token_expires - int(time.time()) + 1)
        cookie = cookie_headers(sid, csrf)
        self.assertJson(c.req("GET", "/API/stats/time", headers=cookie), 200)

        r = c.req("POST", ADD_USER, headers=cookie,
                  data={"username": "mallory", "password": "mallory-pw-1", "user_role": "administrator"})
        self.assertEnvelope(r, 403, "NOT_GRANTED")
        self.assertNotIn("mallory", self.user_names(c))
        self.assertJson(c.req("GET", "/API/system/users", headers=cookie), 403)
        self.assertJson(c.req("POST", "/API/system/tokens", headers=cookie, json={"permissions": ["admin"]}), 403)
        r = c.req("POST", NTOP_TOKEN, headers=cookie, data={"permissions": "admin"})
        self.assertEnvelope(r, 403, "NOT_GRANTED")

        me = self.current_session(c, sid, csrf)
        self.assertEqual(me["permissions"], ["read_stats"], me)
        self.assertEqual(me["origin"], "token", me)
        self.assertLessEqual(me["expires"], token_expires, me)

        child = self.assertJson(c.req("POST", "/API/system/tokens", headers=cookie,
                                      json={"permissions": ["read_stats"]}), 201)
        self.assertIsNotNone(child["expires"], child)
        self.assertLessEqual(child["expires"], token_expires, child)
        self.assertJson(c.req("GET", "/API/stats/time", f"Bearer {child['token']}"), 200)

        self.assertJson(c.req("DELETE", f"/API/system/tokens/{parent['id']}", ADMIN), 200)
        self.assertJson(c.req("GET", "/API/stats/time", headers=cookie), 401)
        self.assertJson(c.req("GET", "/API/stats/time", f"Bearer {child['token']}"), 401)

    def test_b_ntopng_logout(self):
        """delete/ntopng/session.lua (v1 and v2) ends the calling session (CSRF needed), clears the cookie,
        and the session is dead afterwards; without a session and session_id → 400."""
        c = self.c
        r = c.req("POST", NTOP_LOGOUT, self.alice)
        self.assertEnvelope(r, 400, "INVALID_ARGUMENTS")
        for version in ("v1", "v2"):
            rsp, _ = self.ntop_session(c, self.alice)
            sid, csrf = rsp["session"], rsp["csrf"]
            path = f"/lua/rest/{version}/delete/ntopng/session.lua"
            self.assertEnvelope(c.req("POST", path, headers=cookie_headers(sid)), 403, "NOT_GRANTED")
            self.assertJson(c.req("GET", "/API/stats/time", headers=cookie_headers(sid)), 200)
            r = c.req("POST", path, headers=cookie_headers(sid, csrf))
            self.assertEqual(self.assertEnvelope(r, 200, "OK")["rsp"], [])
            cookie = r.headers.get("Set-Cookie", "")
            for attr in ("session=;", "Path=/", "Max-Age=0", "HttpOnly", "SameSite=Strict", "Secure"):
                self.assertIn(attr, cookie)
            self.assertJson(c.req("GET", "/API/stats/time", headers=cookie_headers(sid)), 401)

    def test_c_allegro_session_and_logout(self):
        """POST /API/system/sessions makes a session; POST /API/system/logout ends it (expiring cookie) and
        it is dead afterwards; logout without a session → 400."""
        c = self.c
        r = c.req("POST", "/API/system/sessions", self.alice, json={"duration": 600, "permissions": ["read_stats"]})
        made = self.assertJson(r, 201)
        for key in ("id", "session", "csrf", "expires", "permissions"):
            self.assertIn(key, made)
        self.assertEqual(made["permissions"], ["read_stats"])
        self.assertIn(f"session={made['session']}", r.headers.get("Set-Cookie", ""))
        self.assertJson(c.req("GET", "/API/stats/time", headers=cookie_headers(made["session"])), 200)
        self.assertJson(c.req("POST", "/API/system/logout", self.alice), 400)
        r = c.req("POST", "/API/system/logout", headers=cookie_headers(made["session"], made["csrf"]))
        self.assertIs(self.assertJson(r, 200).get("loggedOut"), True)
        self.assertIn("Max-Age=0", r.headers.get("Set-Cookie", ""))
        self.assertJson(c.req("GET", "/API/stats/time", headers=cookie_headers(made["session"])), 401)

    def test_d_list_and_end_own_sessions_only(self):
        """get/ntopng/sessions.lua and GET /API/system/sessions list the caller's sessions; the owner ends
        them in both dialects; another user can neither see nor end them (the session stays alive); an
        admin can."""
        c = self.c
        s1 = self.ntop_session(c, self.alice)[0]
        s2 = self.ntop_session(c, self.alice)[0]
        sb = self.ntop_session(c, self.bob)[0]
        me = self.current_session(c, s1["session"])
        for key in ("id", "username", "created", "expires", "last_seen", "client_address", "user_agent",
                    "permissions", "origin", "current"):
            self.assertIn(key, me)
        self.assertEqual((me["username"], me["origin"]), ("alice", "password"))
        id1, id2 = me["id"], self.current_session(c, s2["session"])["id"]
        idb = self.current_session(c, sb["session"])["id"]

        listed = self.assertJson(c.req("GET", "/API/system/sessions", self.alice), 200)
        self.assertTrue({id1, id2} <= {s["id"] for s in listed}, listed)
        self.assertEqual({s["user"] for s in listed}, {"alice"})
        for key in ("id", "user", "created", "expires", "lastSeen", "clientAddress", "userAgent", "permissions",
                    "origin", "current"):
            self.assertIn(key, listed[0])
        self.assertNotIn(id1, {s["id"] for s in self.assertJson(c.req("GET", "/API/system/sessions", self.bob), 200)})

        # bob cannot end alice's sessions, in either dialect
        self.assertJson(c.req("DELETE", f"/API/system/sessions/{id1}", self.bob), 404)
        r = c.req("POST", NTOP_LOGOUT, self.bob, data={"session_id": id1})
        self.assertIn(r.status_code, (403, 404), r.text)
        self.assertJson(c.req("GET", "/API/stats/time", headers=cookie_headers(s1["session"])), 200)

        # alice ends hers
        r = c.req("DELETE", f"/API/system/sessions/{id2}", self.alice)
        self.assertEqual(self.assertJson(r, 200).get("deleted"), id2)
        self.assertJson(c.req("GET", "/API/stats/time", headers=cookie_headers(s2["session"])), 401)
        self.assertJson(c.req("GET", "/API/stats/time", headers=cookie_headers(s1["session"])), 200)
        self.assertEnvelope(c.req("POST", NTOP_LOGOUT, self.alice, data={"session_id": id1}), 200, "OK")
        self.assertJson(c.req("GET", "/API/stats/time", headers=cookie_headers(s1["session"])), 401)
        self.assertEnvelope(c.req("POST", NTOP_LOGOUT, self.alice, data={"session_id": id1}), 404, "NOT_FOUND")

        # an admin sees and ends anyone's
        everyone = self.assertJson(c.req("GET", "/API/system/sessions?all=true", ADMIN), 200)
        self.assertIn(idb, {s["id"] for s in everyone})
        self.assertJson(c.req("DELETE", f"/API/system/sessions/{idb}", ADMIN), 200)
        self.assertJson(c.req("GET", "/API/stats/time", headers=cookie_headers(sb["session"])), 401)


# 2. Streaming never parks a thread.

class Item02StreamingDoesNotParkThreads(SecurityCase):
    """Idle capture downloads of a quiet slot must not hold the API threads, and a download whose client
    went away must give its place back."""

    DOWNLOADS = 48

    def quiet_daemon(self, *flags):
        capture = quiet_capture(os.path.join(self.tmp, f"quiet-{self._testMethodName}.pcap"))
        d = self.start_daemon("-i", capture, "--replay-speed", "1", "--workers", "1", *flags)
        token = self.admin_token(api_test.Client(d))["token"]
        return d, token

    def sources(self):
        try:
            return loopback_sources(4)
        except unittest.SkipTest:
            return ["127.0.0.1"]

    def test_a_idle_downloads_leave_the_api_answering(self):
        """Attack: open 48 downloads of a quiet slot on a daemon with 2 API threads and read nothing.
        Expected: every download is answered 200 and /healthz and /API/stats/time are still answered
        (client timeout 10 s); after the clients close, the API still answers."""
        raise_fd_limit(1024)
        d, token = self.quiet_daemon()
        c = api_test.Client(d)
        pid, base_fds = d.proc.pid, fd_count(d.proc.pid)
        downloads, problems = open_idle_downloads(d.port, token, self.DOWNLOADS, self.sources(), 15)
        try:
            open_fds = fd_count(pid)
            health = try_req(c, "GET", "/healthz")
            clock = try_req(c, "GET", "/API/stats/time", f"Bearer {token}")
        finally:
            close_all(downloads)
        after = try_req(c, "GET", "/healthz")
        released = wait_for(lambda: fd_count(pid) <= base_fds + 8, 10)
        log(f"{self.DOWNLOADS} idle downloads asked, {self.DOWNLOADS - len(problems)} answered 200; daemon fds "
            f"{base_fds} before, "
            f"{open_fds} with them open, {fd_count(pid)} after closing (back to base: {bool(released)}); "
            f"/healthz {status_of(health)}, /API/stats/time {status_of(clock)}")
        failures = [f"{len(problems)} of {self.DOWNLOADS} downloads not answered 200 (first: {problems[0]})"
                    for _ in problems[:1]]
        failures += [f"{what}: {status_of(answer)}" for what, answer in (
            ("/healthz with the downloads open", health), ("/API/stats/time with the downloads open", clock),
            ("/healthz after they closed", after)) if status_of(answer) != 200]
        self.assertEqual(failures, [], "\n" + "\n".join(failures))

    def test_b_closed_downloads_give_their_place_back(self):
        """With --max-downloads 20: 20 idle downloads are 200, a 21st is 503; the 20 clients close; then
        20 new downloads are all 200 (each retried on 503 until 15 s have passed: the old streams must be
        released without any data to write)."""
        d, token = self.quiet_daemon("--max-downloads", "20")
        sources = self.sources()
        first, problems = open_idle_downloads(d.port, token, 20, sources, 15)
        try:
            self.assertEqual(problems, [])
            extra = IdleDownload(d.port, token)
            self.assertEqual(extra.read_head(CLIENT_TIMEOUT), 503, extra.error)
            extra.close()
        finally:
            close_all(first)
        t0 = time.time()
        second, problems = open_idle_downloads(d.port, token, 20, sources, 15, retry_503=True)
        took = time.time() - t0
        close_all(second)
        log(f"--max-downloads 20: 20 downloads closed, 20 new ones opened in {took:.2f} s "
            f"({len(problems)} not 200)")
        self.assertEqual(problems, [], "the closed downloads were not released")


# 4. Connection limits.

class Item04ConnectionLimits(SecurityCase):
    """520 idle TCP connections (never a TLS handshake) from one address neither lock out other clients
    nor that address's own next request, and the daemon's open fds stay bounded by the per-client limit
    (default 64)."""

    IDLE = 520
    PER_CLIENT = 64
    FD_SLACK = 24

    def flood_then_request(self, flood_source, request_source):
        raise_fd_limit(4 * self.IDLE)
        d = self.start_daemon()
        pid, base_fds = d.proc.pid, fd_count(d.proc.pid)
        idle = open_idle_tcp(d.port, flood_source, self.IDLE)
        try:
            fds = fd_count(pid)
            answer = try_req(SourceClient(d, request_source), "GET", "/API/stats/time", ADMIN)
        finally:
            close_all(idle)
        log(f"{len(idle)} idle connections from {flood_source}: daemon fds {base_fds} before, {fds} with them "
            f"open (bound {base_fds + self.PER_CLIENT + self.FD_SLACK}); request from {request_source}: "
            f"{status_of(answer)}")
        self.assertAnswered(answer, 200, f"request from {request_source} during the flood")
        self.assertLessEqual(fds, base_fds + self.PER_CLIENT + self.FD_SLACK)

    def test_a_flood_from_another_address(self):
        """Attack: 520 idle connections from 127.0.0.2. Expected: a request from 127.0.0.1 is answered."""
        source = loopback_sources(1)[0]
        self.flood_then_request(source, "127.0.0.1")

    def test_b_flood_from_the_same_address(self):
        """Attack: 520 idle connections from 127.0.0.1. Expected: a new real request from 127.0.0.1 is
        still answered (the oldest idle connections of that address give way)."""
        self.flood_then_request("127.0.0.1", "127.0.0.1")


# 5. Bodies.

class Item05Bodies(SecurityCase):
    """Request bodies are never buffered before authentication, and authenticated bodies held in memory
    are bounded by --max-body-memory."""

    BODY = MiB
    UNAUTHENTICATED = 480
    # 480 bodies buffered would be +480 MiB. The bound leaves room for 480 TLS connections alive at once
    # (about 75 KiB each in OpenSSL and the server, ~35 MiB, measured on the pre-fix daemon).
    RSS_BOUND = 96 * MiB
    # The allocator keeps some of what it once used, so "back near the baseline" is checked as: a second
    # identical attack leaves the daemon no bigger than the first one did (nothing kept per request).
    RSS_SECOND_RUN_BOUND = 32 * MiB

    def test_a_unauthenticated_bodies_are_not_buffered(self):
        """Attack: 480 concurrent unauthenticated POSTs to add/ntopng/user.lua, each announcing and sending
        a 1 MiB body (all but the last byte, held), from 127.0.0.2..127.0.0.40, twice. Expected: all 401,
        the daemon's VmRSS grows by far less than 480 MiB (< 96 MiB) and the second attack leaves it less
        than 32 MiB above where the first left it."""
        sources = loopback_sources(39)
        raise_fd_limit(4 * self.UNAUTHENTICATED)
        d = self.start_daemon()
        heads = [body_head(d.port, ADD_USER, self.BODY)] * self.UNAUTHENTICATED
        runs = []
        for run in (1, 2):
            answers, fig = run_held_bodies(d.port, heads, sources, self.BODY, d.proc.pid,
                                           f"unauthenticated bodies, attack {run}")
            runs.append(fig)
            self.assertIsNone(d.proc.poll(), "the daemon died")
            self.assertEqual(tally(answers), {401: self.UNAUTHENTICATED})
            self.assertLess(fig["peak"] - runs[0]["base"], self.RSS_BOUND)
        self.assertLess(runs[1]["after"] - runs[0]["after"], self.RSS_SECOND_RUN_BOUND)

    def test_b_authenticated_body_memory_is_bounded(self):
        """Attack: 64 concurrent authenticated (admin token) 1 MiB bodies, held, with --max-body-memory
        8 MiB. Expected: some are refused with 503 + Retry-After, the others get their ordinary answer
        (400: no user name), the daemon lives and its VmRSS grows by less than 40 MiB."""
        sources = loopback_sources(8)
        raise_fd_limit(1024)
        d = self.start_daemon("--max-body-memory", str(8 * MiB))
        token = self.admin_token(api_test.Client(d))["token"]
        heads = [body_head(d.port, ADD_USER, self.BODY, f"Bearer {token}")] * 64
        answers, fig = run_held_bodies(d.port, heads, sources, self.BODY, d.proc.pid, "authenticated bodies")
        counts = tally(answers)
        log(f"authenticated bodies with --max-body-memory 8 MiB: answers {counts}")
        self.assertIsNone(d.proc.poll(), "the daemon died")
        self.assertGreater(counts.get(503, 0), 0)
        self.assertTrue(all(int(h.get("retry-after", "0")) >= 1 for s, h in answers if s == 503))
        self.assertEqual(set(counts) - {400, 503}, set(), counts)
        self.assertLess(fig["peak"] - fig["base"], 40 * MiB)
        self.assertJson(api_test.Client(d).req("GET", "/healthz"), 200)


# 6. Origin.

class Item06Origin(SecurityCase):
    """State-changing requests authenticated by the browser (Basic, session cookie) must come from the
    daemon's own origin; API tokens are not checked."""

    FLAGS = ("--login-max-failures", "100000")

    def add(self, name, auth=ADMIN, **headers):
        """add/ntopng/user.lua with `auth` (None: none, e.g. a cookie in `headers`) and extra headers."""
        data = {"username": name, "password": f"{name}-pw-123", "user_role": "unprivileged"}
        return self.c.req("POST", ADD_USER, auth, data=data, headers=headers)

    def test_origin_and_referer(self):
        """Attack: a foreign page makes the browser POST add/ntopng/user.lua with the admin's Basic
        credentials (or session cookie). Expected: Origin https://evil.example, a foreign Referer,
        Origin: null, http:// on the TLS port → 403 and no user; own origin, own Referer or neither → 200;
        an admin token with a foreign Origin → 200; a GET with a foreign Origin → 200."""
        own = f"https://127.0.0.1:{self.daemon.port}"
        refused = {
            "evil1": {"Origin": "https://evil.example"},
            "evil2": {"Referer": "https://evil.example/page.html"},
            "evil3": {"Origin": "null"},
            "evil4": {"Origin": f"http://127.0.0.1:{self.daemon.port}"},
            "evil5": {"Origin": "https://evil.example", "Referer": f"{own}/index.html"},
        }
        for name, headers in refused.items():
            with self.subTest(headers=headers):
                self.assertEnvelope(self.add(name, **headers), 403, "NOT_GRANTED")
        rsp, _ = self.ntop_session(self.c, ADMIN)
        r = self.add("evil6", None, Origin="https://evil.example", **cookie_headers(rsp["session"], rsp["csrf"]))
        self.assertEnvelope(r, 403, "NOT_GRANTED")
        names = self.user_names(self.c)
        self.assertEqual(names & {"evil1", "evil2", "evil3", "evil4", "evil5", "evil6"}, set())

        self.assertEnvelope(self.add("good1", Origin=own), 200, "OK")
        self.assertEnvelope(self.add("good2", Referer=f"{own}/users.html"), 200, "OK")
        self.assertEnvelope(self.add("good3"), 200, "OK")
        token = self.admin_token(self.c)["token"]
        self.assertEnvelope(self.add("good4", f"Bearer {token}", Origin="https://evil.example"), 200, "OK")
        r = self.c.req("GET", NTOP_USERS, ADMIN, headers={"Origin": "https://evil.example"})
        self.assertEnvelope(r, 200, "OK")
        self.assertTrue({"good1", "good2", "good3", "good4"} <= self.user_names(self.c))


# 7. old_password guessing.

class Item07OldPasswordGuessing(SecurityCase):
    """Wrong old_password guesses through a session count as failed logins of the address."""

    FLAGS = ("--login-max-failures", "5", "--login-window", "60")

    def test_old_password_guesses_are_rate_limited(self):
        """Attack: with a session (cookie + CSRF), 15 guesses of old_password in edit/ntopng/user.lua.
        Expected: the first 5 → 400, from the 6th on → 429 + Retry-After, and the right old password →
        429 too while blocked; the password is unchanged (checked from another address if possible)."""
        c = self.c
        self.add_user(c, "carol", "carol-pw-123")
        rsp, _ = self.ntop_session(c, ("carol", "carol-pw-123"))
        cookie = cookie_headers(rsp["session"], rsp["csrf"])

        def guess(old):
            return c.req("POST", EDIT_USER, headers=cookie,
                         data={"username": "carol", "old_password": old, "password": "carol-new-pw-9",
                               "confirm_password": "carol-new-pw-9"})

        statuses = []
        for i in range(15):
            r = guess(f"guess-{i:02d}-pw")
            statuses.append(r.status_code)
            if i < 5:
                self.assertEqual(r.status_code, 400, f"guess {i + 1}: {r.text}")
            else:
                self.assertEqual(r.status_code, 429, f"guess {i + 1}: {r.text} (all: {statuses})")
                self.assertGreaterEqual(int(r.headers.get("Retry-After", "0")), 1)
        r = guess("carol-pw-123")
        log(f"old_password guesses: {statuses}; right old password while blocked: {r.status_code}")
        self.assertEqual(r.status_code, 429, r.text)
        try:
            other = SourceClient(self.daemon, loopback_sources(1, first=3)[0])
        except unittest.SkipTest:
            return
        self.assertJson(other.req("GET", "/API/stats/time", ("carol", "carol-pw-123")), 200)
        self.assertJson(other.req("GET", "/API/stats/time", ("carol", "carol-new-pw-9")), 401)


# 8. UTF-8.

class Item08Utf8(SecurityCase):
    """Invalid UTF-8 never gets into the store: every parameter source and path segment is checked."""

    FLAGS = ("--login-max-failures", "100000")

    def test_invalid_utf8_is_refused_everywhere(self):
        """Attack: %FF%FE in a query parameter (value and key), an urlencoded form field (both dialects), a
        multipart text field and a path segment. Expected: 400 in the dialect's format, no user stored, and
        the admin listings still decode as UTF-8 JSON."""
        c = self.c
        pw = "utf8-pw-1234"
        ntop = lambda r: (r.status_code, r.json().get("rc_str") if r.headers.get("Content-Type", "").startswith(
            "application/json") else r.text[:80])
        allegro = lambda r: (r.status_code, r.json().get("status") if r.headers.get("Content-Type", "").startswith(
            "application/json") else r.text[:80])
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        attempts = [
            ("query value", ntop, lambda: c.req(
                "POST", f"{ADD_USER}?username=utf8q&password={pw}&full_name=%FF%FE", ADMIN)),
            ("query key", allegro, lambda: c.req("GET", "/API/stats/time?%FF%FE=1", ADMIN)),
            ("form field (ntopng)", ntop, lambda: c.req(
                "POST", ADD_USER, ADMIN, data=f"username=utf8f&password={pw}&full_name=%FF%FE".encode(),
                headers=form)),
            ("form field (Allegro)", allegro, lambda: c.req(
                "POST", "/API/system/users", ADMIN, data=f"name=utf8a&password={pw}&fullName=%FF%FE".encode(),
                headers=form)),
            ("multipart field", ntop, lambda: c.req(
                "POST", ADD_USER, ADMIN, files={"username": (None, "utf8m"), "password": (None, pw),
                                                "full_name": (None, b"\xff\xfe")})),
            ("path segment", allegro, lambda: c.req("DELETE", "/API/system/users/%FF%FE", ADMIN)),
        ]
        failures = []
        for what, shape, send in attempts:
            r = send()
            got = shape(r)
            want = (400, "INVALID_ARGUMENTS") if shape is ntop else (400, 400)
            if got != want:
                failures.append(f"{what}: {got} != {want}")
        for path, key in ((NTOP_USERS, "rsp"), ("/API/system/users", None)):
            r = c.req("GET", path, ADMIN)
            try:
                body = json.loads(r.content.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as e:
                failures.append(f"{path} is not UTF-8 JSON any more: {e}")
                continue
            users = body[key] if key else body
            stored = {u.get("username") or u.get("name") for u in users} & {"utf8q", "utf8f", "utf8a", "utf8m"}
            if stored:
                failures.append(f"{path}: stored {sorted(stored)}")
        self.assertEqual(failures, [], "\n" + "\n".join(failures))


# 9. Numbers.

class Item09Numbers(SecurityCase):
    """Numbers out of their documented range are refused, not wrapped, clamped or overflowed."""

    @classmethod
    def class_flags(cls):
        cls.small = small_capture(os.path.join(cls.tmp, "small.pcap"))
        quiet = quiet_capture(os.path.join(cls.tmp, "quiet.pcap"))
        return ("-i", quiet, "--replay-speed", "1", "--workers", "1", "--login-max-failures", "100000")

    def test_out_of_range_numbers_are_400(self):
        """Attack: token expires=9999999999999 / -5 / in the past (both dialects), auth_session_duration
        99999999999999999999 / 99999999999999 / -1 / 31536001, replaySlotID=70000, a capture download
        with duration > 366 days or endTime after 2100. Expected: 400 each, and no slot 70000 (or 4464)."""
        c = self.c
        failures = []

        def expect(what, r, want=400):
            if r.status_code != want:
                failures.append(f"{what}: {r.status_code} {r.text[:120]}")

        past = int(time.time()) - 100
        for expires in (9999999999999, -5, past):
            expect(f"Allegro token expires={expires}",
                   c.req("POST", "/API/system/tokens", ADMIN, json={"permissions": ["read_stats"], "expires": expires}))
            expect(f"ntopng token expires={expires}",
                   c.req("POST", NTOP_TOKEN, ADMIN, data={"permissions": "read_stats", "expires": str(expires)}))
        for duration in ("99999999999999999999", "99999999999999", "-1", "31536001"):
            expect(f"auth_session_duration={duration}",
                   c.req("POST", NTOP_SESSION, ADMIN, data={"auth_session_duration": duration}))
        with open(self.small, "rb") as f:
            body = f.read()
        expect("replaySlotID=70000", c.req("POST", "/API/system/analyze-pcap?replaySlotID=70000&fileName=s.pcap",
                                           ADMIN, data=body, headers={"Content-Type": "application/octet-stream"}))
        ids = {i["ifid"] for i in c.req("GET", INTERFACES, ADMIN).json()["rsp"]}
        if ids & {70000, 70000 & 0xFFFF}:
            failures.append(f"slots after replaySlotID=70000: {sorted(ids)}")
        # Last: a baseline daemon accepts the far endTime and parks an API thread in the download.
        for what, params in (("duration=31708800", {"duration": str(367 * 86400)}),
                             ("endTime in 2200", {"endTime": str(7258118400 * 1_000_000)})):
            with c.s.get(self.daemon.url("/API/data/modules/capture"), params={"mm-id": ":0", **params},
                         auth=ADMIN, verify=False, stream=True, timeout=CLIENT_TIMEOUT) as r:
                if r.status_code != 400:  # not r.text: a download that started never ends
                    failures.append(f"capture download {what}: {r.status_code}")
        self.assertEqual(failures, [], "\n" + "\n".join(failures))


# 10. Slots and paths.

class Item10SlotsAndPaths(SecurityCase):
    """Slot listings respect the user's allowed interfaces, and no answer reveals a server path."""

    def test_slot_visibility_and_no_server_paths(self):
        """Attack: a user limited to slot 1 (allowed_interface=1) lists the slots; anyone reads slot names
        and upload errors. Expected: only slot 1 in /API/info/system and interfaces.lua for that user; slots
        from -i /abs/dir/x.pcap are named x.pcap; no answer (non-capture uploads included) contains the
        data directory or any absolute path of the test's directory."""
        captures = os.path.join(self.tmp, "captures")
        os.makedirs(captures)
        zero = quiet_capture(os.path.join(captures, "zero.pcap"))
        one = quiet_capture(os.path.join(captures, "x.pcap"))
        d = self.start_daemon("-i", zero, "-i", one, "--replay-speed", "1", "--workers", "1",
                              "--login-max-failures", "100000")
        c = RecordingClient(d)
        self.add_user(c, "dave", "dave-pw-1234", allowed_interface="1")
        dave = ("dave", "dave-pw-1234")

        admin_view = self.assertEnvelope(c.req("GET", INTERFACES, ADMIN), 200, "OK")["rsp"]
        self.assertEqual(sorted((i["ifid"], i["ifname"]) for i in admin_view), [(0, "zero.pcap"), (1, "x.pcap")])
        self.assertEqual(self.assertEnvelope(c.req("GET", INTERFACES, dave), 200, "OK")["rsp"],
                         [{"ifid": 1, "ifname": "x.pcap"}])
        slots = self.assertJson(c.req("GET", "/API/info/system", dave), 200)["slots"]
        self.assertEqual([s["id"] for s in slots], [1], slots)
        self.assertEqual([s["name"] for s in slots], ["x.pcap"], slots)
        self.assertJson(c.req("GET", "/API/info/system", ADMIN), 200)

        octets = {"Content-Type": "application/octet-stream"}
        uploads = [
            ("multipart garbage", dict(files={"file": ("x.pcap", b"0123456789" * 10)})),
            ("raw garbage", dict(data=b"not a capture at all", headers=octets)),
            ("raw garbage with a path name", dict(data=b"not a capture", headers=octets,
                                                  params={"fileName": "../../../etc/passwd"})),
            ("empty body", dict(data=b"", headers=octets)),
            ("taken slot", dict(data=b"not a capture", headers=octets, params={"replaySlotID": "0"})),
        ]
        for what, kw in uploads:
            r = c.req("POST", "/API/system/analyze-pcap", ADMIN, **kw)
            self.assertIn(r.status_code, (400, 409), f"{what}: {r.text}")
        leaks = [f"{m} {p} → {s}: {t[:200]}" for m, p, s, t in c.answers
                 if self.tmp in t or d.data_dir in t or os.path.realpath(self.tmp) in t]
        log(f"{len(c.answers)} answers searched for '{self.tmp}': {len(leaks)} contain it")
        self.assertEqual(leaks, [], "\n" + "\n".join(leaks))


# 11. permissions=admin for role user.

class Item11AdminPermissionForUsers(SecurityCase):
    """A role-user account can never be given the admin permission."""

    FLAGS = ("--login-max-failures", "100000")

    def test_admin_permission_for_role_user_is_400(self):
        """Attack: POST /API/system/users {role user, permissions [admin]}; add/ntopng/user.lua with
        user_role=unprivileged&permissions=admin; edit of an existing user to permissions=admin. Expected:
        400, no user created, the existing one unchanged (still 403 on an admin endpoint)."""
        c = self.c
        r = c.req("POST", "/API/system/users", ADMIN,
                  json={"name": "erin", "password": "erin-pw-1234", "role": "user", "permissions": ["admin"]})
        self.assertJson(r, 400)
        r = c.req("POST", ADD_USER, ADMIN, data={"username": "frank", "password": "frank-pw-123",
                                                 "user_role": "unprivileged", "permissions": "admin"})
        self.assertEnvelope(r, 400, "INVALID_ARGUMENTS")
        self.assertEqual(self.user_names(c) & {"erin", "frank"}, set())

        self.add_user(c, "gina", "gina-pw-1234")
        r = c.req("POST", EDIT_USER, ADMIN, data={"username": "gina", "permissions": "admin"})
        self.assertEnvelope(r, 400, "INVALID_ARGUMENTS")
        gina = [u for u in c.req("GET", "/API/system/users", ADMIN).json() if u["name"] == "gina"][0]
        self.assertEqual((gina["role"], gina["permissions"]), ("user", ["read_stats"]), gina)
        self.assertJson(c.req("GET", "/API/system/users", ("gina", "gina-pw-1234")), 403)


# 12. Smaller.

class Item12Smaller(SecurityCase):
    """HEAD, 401 before 405, and a warning for a world-readable TLS key."""

    FLAGS = ("--login-max-failures", "100000")

    def test_a_head_is_get_without_body(self):
        """HEAD /API/stats/time (authenticated) → 200, JSON content type, no body bytes at all."""
        out = raw_exchange(self.daemon.port, (
            f"HEAD /API/stats/time HTTP/1.1\r\nHost: 127.0.0.1:{self.daemon.port}\r\n"
            f"Authorization: {basic_header(*ADMIN)}\r\nConnection: close\r\n\r\n").encode())
        status, headers, rest = parse_head(out)
        self.assertEqual(status, 200, out[:300])
        self.assertTrue(headers.get("content-type", "").startswith("application/json"), headers)
        self.assertEqual(rest, b"")

    def test_b_no_credentials_is_401_whatever_the_method(self):
        """Unauthenticated DELETE /API/stats/time and PUT get/ntopng/users.lua → 401 without an Allow header
        (no method discovery without credentials); an unknown path stays 404."""
        r = self.c.req("DELETE", "/API/stats/time")
        self.assertJson(r, 401)
        self.assertNotIn("Allow", r.headers)
        r = self.c.req("PUT", NTOP_USERS)
        self.assertEnvelope(r, 401, "NOT_GRANTED")
        self.assertNotIn("Allow", r.headers)
        self.assertJson(self.c.req("GET", "/API/no/such/thing"), 404)
        self.assertJson(self.c.req("DELETE", "/API/no/such/thing"), 404)

    def test_c_readable_tls_key_warns(self):
        """--tls-key readable by group or others → a warning containing `readable by other users` at start;
        mode 0600 → none."""
        tls_dir = os.path.join(self.daemon.data_dir, "tls")
        warning = "readable by other users"
        self.assertNotIn(warning, self.daemon.stderr())
        for mode in (0o644, 0o640, 0o600):
            with self.subTest(mode=oct(mode)):
                own = os.path.join(self.tmp, f"tls-{mode:o}")
                os.makedirs(own)
                cert, key = os.path.join(own, "cert.pem"), os.path.join(own, "key.pem")
                shutil.copy(os.path.join(tls_dir, "cert.pem"), cert)
                shutil.copy(os.path.join(tls_dir, "key.pem"), key)
                os.chmod(key, mode)
                d = self.start_daemon("--tls-cert", cert, "--tls-key", key)
                text = d.stderr()
                stop_daemon(d)
                if mode & (stat.S_IRWXG | stat.S_IRWXO):
                    self.assertIn(warning, text)
                else:
                    self.assertNotIn(warning, text)


def setUpModule():
    # unittest's runner resets the warning filters api_test set: self-signed certificates are expected.
    warnings.filterwarnings("ignore", category=urllib3.exceptions.InsecureRequestWarning)


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
