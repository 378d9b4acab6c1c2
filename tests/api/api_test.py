#!/usr/bin/env python3
"""Integration tests of `netmeter run`: the real daemon on 127.0.0.1, HTTPS through `requests`.

Usage: api_test.py PATH_TO_NETMETER [unittest args]
"""
import gzip
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest

import requests
import urllib3

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

NETMETER = None
ADMIN_PW = "admin-secret-pw"
JSON_TYPE = "application/json"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Daemon:
    """One `netmeter run` process on a free loopback port."""

    def __init__(self, data_dir, *extra):
        self.data_dir = data_dir
        self.extra = list(extra)
        self.proc = None
        self.port = None

    def start(self):
        self.port = free_port()
        self.log = open(os.path.join(os.path.dirname(self.data_dir), f"daemon-{self.port}.log"), "w")
        self.proc = subprocess.Popen(
            [NETMETER, "run", "-w", f"127.0.0.1:{self.port}", "--data-dir", self.data_dir,
             "--admin-password", ADMIN_PW, "--http-threads", "2", *self.extra],
            stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"netmeter exited with {self.proc.returncode}: {self.stderr()}")
            try:
                if requests.get(self.url("/healthz"), verify=False, timeout=1).status_code == 200:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.05)
        raise RuntimeError("netmeter did not start: " + self.stderr())

    def stderr(self):
        self.log.flush()
        with open(self.log.name) as f:
            return f.read()

    def url(self, path):
        return f"https://127.0.0.1:{self.port}{path}"

    def terminate(self):
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=15)
        self.log.close()
        return code

    def kill9(self):
        self.proc.kill()
        self.proc.wait(timeout=15)
        self.log.close()


class Client:
    """requests with the daemon's base URL and no certificate check (self-signed)."""

    def __init__(self, daemon):
        self.d = daemon
        self.s = requests.Session()
        self.s.verify = False

    def req(self, method, path, auth=None, **kw):
        headers = dict(kw.pop("headers", {}))
        self.s.cookies.clear()  # cookies are sent only where a test puts them in the headers
        if isinstance(auth, tuple):
            kw["auth"] = auth
        elif isinstance(auth, str):
            headers["Authorization"] = auth
        return self.s.request(method, self.d.url(path), headers=headers, timeout=10, verify=False, **kw)


def basic(user, pw):
    return (user, pw)


class ApiTestBase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="netmeter-api-")
        cls.daemon = Daemon(os.path.join(cls.tmp, "data"), "--login-max-failures", "100000").start()
        cls.c = Client(cls.daemon)
        cls.admin = basic("admin", ADMIN_PW)
        cls.make_user("alice", "alice-pw-123")
        cls.make_user("bob", "bob-pw-1234", pcap=True)
        r = cls.c.req("POST", "/API/system/tokens", cls.admin, json={"permissions": ["read_stats"]})
        assert r.status_code == 201, r.text
        cls.ro_token = r.json()["token"]

    @classmethod
    def tearDownClass(cls):
        if cls.daemon.proc.poll() is None:
            cls.daemon.terminate()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def make_user(cls, name, pw, pcap=False, admin=False):
        data = {"username": name, "password": pw, "confirm_password": pw, "full_name": name.title(),
                "user_role": "administrator" if admin else "unprivileged",
                "allow_pcap_download": "1" if pcap else "0"}
        r = cls.c.req("POST", "/lua/rest/v1/add/ntopng/user.lua", cls.admin, data=data)
        assert r.status_code == 200, r.text

    def assertJson(self, r, status):
        self.assertEqual(r.status_code, status, r.text)
        self.assertTrue(r.headers.get("Content-Type", "").startswith(JSON_TYPE), r.headers)
        return r.json()

    def assertEnvelope(self, r, status, rc_str):
        body = self.assertJson(r, status)
        self.assertEqual(body["rc_str"], rc_str, body)
        self.assertIn("rc_str_hr", body)
        self.assertIn("rsp", body)
        return body

    def session(self, auth, **params):
        r = self.c.req("POST", "/lua/rest/v1/create/ntopng/session.lua", auth, data=params)
        body = self.assertEnvelope(r, 200, "OK")
        return body["rsp"]["session"], body["rsp"]["csrf"], r


class AuthPaths(ApiTestBase):
    def test_healthz_needs_nothing_and_says_nothing(self):
        r = self.c.req("GET", "/healthz")
        self.assertEqual(self.assertJson(r, 200), {"status": "ok"})

    def test_basic(self):
        self.assertJson(self.c.req("GET", "/API/stats/time", self.admin), 200)
        r = self.c.req("GET", "/API/stats/time", basic("admin", "wrong-password"))
        self.assertJson(r, 401)
        self.assertEqual(r.headers["WWW-Authenticate"], 'Basic realm="netmeter"')

    def test_missing_credentials(self):
        r = self.c.req("GET", "/API/stats/time")
        self.assertEqual(self.assertJson(r, 401)["status"], 401)
        self.assertIn("Basic", r.headers["WWW-Authenticate"])
        r = self.c.req("GET", "/lua/rest/v1/get/ntopng/users.lua")
        self.assertEnvelope(r, 401, "NOT_GRANTED")
        self.assertIn("Basic", r.headers["WWW-Authenticate"])

    def test_bearer_and_token_schemes(self):
        for scheme in ("Bearer", "Token", "bearer"):
            r = self.c.req("GET", "/API/stats/time", f"{scheme} {self.ro_token}")
            self.assertIn("currentTime", self.assertJson(r, 200))
        self.assertJson(self.c.req("GET", "/API/stats/time", "Bearer not-a-real-token"), 401)
        self.assertJson(self.c.req("GET", "/API/stats/time", "Digest abc"), 401)

    def test_session_cookie(self):
        sid, csrf, r = self.session(basic("alice", "alice-pw-123"))
        cookie = r.headers["Set-Cookie"]
        for attr in ("session=", "HttpOnly", "Secure", "SameSite=Strict", "Path=/"):
            self.assertIn(attr, cookie)
        r = self.c.req("GET", "/API/stats/time", headers={"Cookie": f"session={sid}"})
        self.assertJson(r, 200)
        r = self.c.req("GET", "/API/stats/time", headers={"Cookie": "session=forged"})
        self.assertJson(r, 401)

    def test_csrf_required_for_cookie_posts(self):
        sid, csrf, _ = self.session(basic("alice", "alice-pw-123"))
        cookie = {"Cookie": f"theme=dark; session={sid}"}
        path = "/lua/rest/v1/create/ntopng/api_token.lua"
        r = self.c.req("POST", path, headers=cookie, data={"permissions": "read_stats"})
        self.assertEnvelope(r, 403, "NOT_GRANTED")
        r = self.c.req("POST", path, headers={**cookie, "X-CSRF-Token": "wrong"}, data={"permissions": "read_stats"})
        self.assertEnvelope(r, 403, "NOT_GRANTED")
        r = self.c.req("POST", path, headers={**cookie, "X-CSRF-Token": csrf}, data={"permissions": "read_stats"})
        self.assertEnvelope(r, 200, "OK")
        # Basic-authenticated POSTs need no CSRF token.
        r = self.c.req("POST", path, basic("alice", "alice-pw-123"), data={"permissions": "read_stats"})
        self.assertEnvelope(r, 200, "OK")

    def test_session_expiry(self):
        sid, _, r = self.session(basic("alice", "alice-pw-123"), auth_session_duration="1")
        self.assertIn("Max-Age=1", r.headers["Set-Cookie"])
        self.assertJson(self.c.req("GET", "/API/stats/time", headers={"Cookie": f"session={sid}"}), 200)
        time.sleep(2.2)
        self.assertJson(self.c.req("GET", "/API/stats/time", headers={"Cookie": f"session={sid}"}), 401)
        r = self.c.req("POST", "/lua/rest/v1/create/ntopng/session.lua", self.admin,
                       data={"auth_session_duration": "soon"})
        self.assertEnvelope(r, 400, "INVALID_ARGUMENTS")


class RoleTable(ApiTestBase):
    """Every role against every endpoint class."""

    ROLES = ["anonymous", "user", "user+pcap", "admin", "token(read_stats)", "bad-password"]

    def auth_of(self, role):
        return {
            "anonymous": None,
            "user": basic("alice", "alice-pw-123"),
            "user+pcap": basic("bob", "bob-pw-1234"),
            "admin": self.admin,
            "token(read_stats)": f"Bearer {self.ro_token}",
            "bad-password": basic("alice", "not-her-password"),
        }[role]

    # (method, path, kwargs, expected status per role in ROLES order)
    TABLE = [
        ("GET", "/healthz", {}, [200, 200, 200, 200, 200, 200]),
        ("GET", "/lua/self_test.lua", {}, [200, 200, 200, 200, 200, 200]),
        ("GET", "/API/stats/time", {}, [401, 200, 200, 200, 200, 401]),
        ("GET", "/API/info/system", {}, [401, 200, 200, 200, 200, 401]),
        ("OPTIONS", "/API/stats", {}, [401, 200, 200, 200, 200, 401]),
        ("GET", "/API/system/users", {}, [401, 403, 403, 200, 403, 401]),
        ("POST", "/API/system/users", {"json": {"name": "x"}}, [401, 403, 403, 400, 403, 401]),
        ("DELETE", "/API/system/users/nobody-here", {}, [401, 403, 403, 404, 403, 401]),
        ("GET", "/API/system/tokens", {}, [401, 200, 200, 200, 200, 401]),
        ("GET", "/lua/rest/v1/get/ntopng/users.lua", {}, [401, 403, 403, 200, 403, 401]),
        ("POST", "/lua/rest/v2/get/ntopng/users.lua", {}, [401, 403, 403, 200, 403, 401]),
        ("POST", "/lua/rest/v1/add/ntopng/user.lua", {"data": {"username": "x"}}, [401, 403, 403, 400, 403, 401]),
        ("POST", "/lua/rest/v1/delete/ntopng/user.lua", {"data": {"username": "nobody-here"}},
         [401, 403, 403, 404, 403, 401]),
        ("POST", "/lua/rest/v1/edit/ntopng/user.lua", {"data": {"username": "admin", "full_name": "A"}},
         [401, 403, 403, 200, 403, 401]),
        ("POST", "/lua/rest/v1/create/ntopng/session.lua", {}, [401, 200, 200, 200, 200, 401]),
        ("GET", "/lua/rest/v1/get/ntopng/interfaces.lua", {}, [401, 200, 200, 200, 200, 401]),
        # This daemon has no slots: with the `pcap` permission, slot 5 is 404.
        ("GET", "/API/data/modules/capture", {"params": {"mm-id": ":5"}}, [401, 403, 404, 404, 403, 401]),
        # Refused from the head before the body is stored; admin gets as far as the pcap check.
        ("POST", "/API/system/analyze-pcap", {"data": b"not a capture file"}, [401, 403, 403, 400, 403, 401]),
    ]

    def test_table(self):
        failures = []
        for method, path, kw, expected in self.TABLE:
            for role, want in zip(self.ROLES, expected):
                r = self.c.req(method, path, self.auth_of(role), **kw)
                if r.status_code != want:
                    failures.append(f"{role:18} {method} {path}: {r.status_code} != {want} {r.text[:100]}")
                elif not r.headers.get("Content-Type", "").startswith(JSON_TYPE):
                    failures.append(f"{role:18} {method} {path}: not JSON")
                if path.startswith("/lua/rest/") and r.status_code in (401, 403):
                    if r.json().get("rc_str") != "NOT_GRANTED":
                        failures.append(f"{role:18} {method} {path}: no NOT_GRANTED envelope")
        self.assertEqual(failures, [], "\n" + "\n".join(failures))


class Tokens(ApiTestBase):
    def create(self, auth, perms):
        return self.c.req("POST", "/API/system/tokens", auth, json={"permissions": perms})

    def test_never_wider_than_owner(self):
        alice = basic("alice", "alice-pw-123")
        self.assertJson(self.create(alice, ["admin"]), 403)
        self.assertJson(self.create(alice, ["pcap"]), 403)
        self.assertJson(self.create(alice, ["read_stats", "upload"]), 403)
        self.assertEqual(self.assertJson(self.create(alice, ["read_stats"]), 201)["permissions"], ["read_stats"])
        bob = basic("bob", "bob-pw-1234")
        self.assertEqual(self.assertJson(self.create(bob, ["pcap"]), 201)["permissions"], ["pcap"])
        # A token cannot mint a wider token either.
        self.assertJson(self.create(f"Bearer {self.ro_token}", ["admin"]), 403)
        self.assertJson(self.create(f"Bearer {self.ro_token}", ["read_stats"]), 201)
        self.assertJson(self.create(self.admin, ["bogus"]), 400)
        # ntopng endpoint, same rule.
        r = self.c.req("POST", "/lua/rest/v1/create/ntopng/api_token.lua", alice, json={"permissions": "admin"})
        self.assertEnvelope(r, 403, "NOT_GRANTED")

    def test_pcap_only_token_cannot_read_stats(self):
        bob = basic("bob", "bob-pw-1234")
        token = self.assertJson(self.create(bob, ["pcap"]), 201)["token"]
        self.assertJson(self.c.req("GET", "/API/stats/time", f"Bearer {token}"), 403)

    def test_list_and_revoke(self):
        alice = basic("alice", "alice-pw-123")
        created = self.assertJson(self.create(alice, ["read_stats"]), 201)
        listed = self.assertJson(self.c.req("GET", "/API/system/tokens", alice), 200)
        self.assertIn(created["id"], [t["id"] for t in listed])
        self.assertTrue(all(t["owner"] == "alice" for t in listed))
        self.assertTrue(all("token" not in t and "digest" not in t for t in listed))
        # Another user cannot revoke it; the owner can.
        self.assertJson(self.c.req("DELETE", f"/API/system/tokens/{created['id']}", basic("bob", "bob-pw-1234")), 404)
        self.assertJson(self.c.req("DELETE", f"/API/system/tokens/{created['id']}", alice), 200)
        self.assertJson(self.c.req("GET", "/API/stats/time", f"Bearer {created['token']}"), 401)


class Users(ApiTestBase):
    def test_ntopng_user_lifecycle_with_all_parameter_encodings(self):
        add = "/lua/rest/v1/add/ntopng/user.lua"
        # query string
        r = self.c.req("POST", add + "?username=carol&password=carol-pw-1&user_role=unprivileged", self.admin)
        self.assertEnvelope(r, 200, "OK")
        # JSON body
        r = self.c.req("POST", add, self.admin, json={"username": "dave", "password": "dave-pw-12",
                                                        "allow_pcap_download": True})
        self.assertTrue(self.assertEnvelope(r, 200, "OK")["rsp"]["allow_pcap_download"])
        # multipart form
        r = self.c.req("POST", add, self.admin, files={"username": (None, "erin"), "password": (None, "erin-pw-12")})
        self.assertEnvelope(r, 200, "OK")
        # conflicts and mismatches
        r = self.c.req("POST", add, self.admin, data={"username": "erin", "password": "erin-pw-12"})
        self.assertEnvelope(r, 409, "USER_ALREADY_EXISTING")
        r = self.c.req("POST", add, self.admin, data={"username": "frank", "password": "frank-pw-1",
                                                      "confirm_password": "other-pw-1"})
        self.assertEnvelope(r, 400, "PASSWORD_MISMATCH")
        r = self.c.req("POST", add, self.admin, data={"username": "bad name!", "password": "frank-pw-1"})
        self.assertEnvelope(r, 400, "INVALID_ARGUMENTS")

        users = self.assertEnvelope(self.c.req("GET", "/lua/rest/v1/get/ntopng/users.lua", self.admin), 200, "OK")
        names = [u["username"] for u in users["rsp"]]
        self.assertTrue({"carol", "dave", "erin"} <= set(names))
        self.assertNotIn("argon2", json.dumps(users))
        self.assertNotIn("password", json.dumps(users))

        edit = "/lua/rest/v1/edit/ntopng/user.lua"
        r = self.c.req("POST", edit, self.admin, data={"username": "carol", "allow_pcap_download": "1"})
        self.assertTrue(self.assertEnvelope(r, 200, "OK")["rsp"]["allow_pcap_download"])
        r = self.c.req("POST", edit, self.admin, data={"username": "ghost", "full_name": "G"})
        self.assertEnvelope(r, 404, "USER_DOES_NOT_EXIST")
        # self password change needs the old password; other users cannot be edited by non-admins
        carol = basic("carol", "carol-pw-1")
        r = self.c.req("POST", edit, carol, data={"username": "carol", "password": "carol-pw-2"})
        self.assertEnvelope(r, 400, "INVALID_ARGUMENTS")
        r = self.c.req("POST", edit, carol, data={"username": "carol", "old_password": "wrong-pw-1",
                                                  "password": "carol-pw-2"})
        self.assertEnvelope(r, 400, "PASSWORD_MISMATCH")
        r = self.c.req("POST", edit, carol, data={"username": "dave", "password": "x-pw-12345"})
        self.assertEnvelope(r, 403, "NOT_GRANTED")
        r = self.c.req("POST", edit, carol, data={"username": "carol", "old_password": "carol-pw-1",
                                                  "password": "carol-pw-2"})
        self.assertEnvelope(r, 200, "OK")
        self.assertJson(self.c.req("GET", "/API/stats/time", carol), 401)
        self.assertJson(self.c.req("GET", "/API/stats/time", basic("carol", "carol-pw-2")), 200)
        # admin reset
        r = self.c.req("POST", edit, self.admin, data={"username": "carol", "password": "carol-pw-3"})
        self.assertEnvelope(r, 200, "OK")
        self.assertJson(self.c.req("GET", "/API/stats/time", basic("carol", "carol-pw-3")), 200)

        delete = "/lua/rest/v1/delete/ntopng/user.lua"
        for name in ("carol", "dave", "erin"):
            self.assertEnvelope(self.c.req("POST", delete, self.admin, data={"username": name}), 200, "OK")
        r = self.c.req("POST", delete, self.admin, data={"username": "admin"})
        self.assertEnvelope(r, 409, "DELETE_USER_FAILED")  # the last admin stays

    def test_allegro_users(self):
        r = self.c.req("POST", "/API/system/users", self.admin,
                       json={"name": "gina", "password": "gina-pw-12", "role": "user", "permissions": ["pcap"]})
        created = self.assertJson(r, 201)
        self.assertEqual(created["permissions"], ["read_stats", "pcap"])
        self.assertJson(self.c.req("POST", "/API/system/users", self.admin,
                                   json={"name": "gina", "password": "gina-pw-12"}), 409)
        listed = self.assertJson(self.c.req("GET", "/API/system/users", self.admin), 200)
        self.assertIn("gina", [u["name"] for u in listed])
        self.assertNotIn("hash", json.dumps(listed).lower())
        self.assertJson(self.c.req("DELETE", "/API/system/users/gina", self.admin), 200)
        self.assertJson(self.c.req("DELETE", "/API/system/users/gina", self.admin), 404)


class Protocol(ApiTestBase):
    def test_time_and_system(self):
        t = self.assertJson(self.c.req("GET", "/API/stats/time", self.admin), 200)["currentTime"]
        self.assertLess(abs(t - time.time() * 1000), 5000)
        info = self.assertJson(self.c.req("GET", "/API/info/system", self.admin), 200)
        self.assertGreaterEqual(info["uptimeSec"], 0)
        self.assertIn("version", info)

    def test_options_discovery(self):
        def sub(path):
            r = self.c.req("OPTIONS", path, self.admin)
            self.assertIn("OPTIONS", r.headers.get("Allow", ""))
            return self.assertJson(r, 200)["subResources"]
        self.assertEqual(set(sub("/API")), {"stats", "info", "system", "data", "async"})
        self.assertIn("time", sub("/API/stats"))
        self.assertEqual(set(sub("/API/system")), {"users", "tokens", "analyze-pcap", "replay", "sessions", "logout"})
        self.assertEqual(set(sub("/API/data")), {"modules", "pcap"})
        self.assertEqual(sub("/API/data/modules"), ["capture"])
        self.assertEqual(sub("/API/system/users"), [":name"])
        self.assertEqual(sub("/API/system/users/alice"), [])
        self.assertEqual(sub("/API/stats/time"), [])
        self.assertJson(self.c.req("OPTIONS", "/API/nothing", self.admin), 404)

    def test_cors_preflight(self):
        r = self.c.req("OPTIONS", "/lua/rest/v1/get/ntopng/users.lua",
                       headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST",
                                "Access-Control-Request-Headers": "authorization"})
        self.assertEqual(r.status_code, 204)
        self.assertEqual(r.headers["Access-Control-Allow-Origin"], "*")
        self.assertIn("POST", r.headers["Access-Control-Allow-Methods"])
        self.assertIn("Authorization", r.headers["Access-Control-Allow-Headers"])
        self.assertNotIn("Access-Control-Allow-Credentials", r.headers)
        r = self.c.req("GET", "/lua/rest/v1/get/ntopng/users.lua", self.admin, headers={"Origin": "https://x.org"})
        self.assertEqual(r.headers["Access-Control-Allow-Origin"], "*")

    def test_gzip(self):
        r = self.c.req("GET", "/lua/rest/v1/get/ntopng/users.lua", self.admin,
                       headers={"Accept-Encoding": "gzip"}, stream=True)
        self.assertEqual(r.headers.get("Content-Encoding"), "gzip")
        body = json.loads(gzip.decompress(r.raw.read()))
        self.assertEqual(body["rc"], 0)

    def test_unknown_path_and_wrong_method(self):
        self.assertJson(self.c.req("GET", "/API/stats/nothing", self.admin), 404)
        self.assertEnvelope(self.c.req("GET", "/lua/rest/v1/get/nothing.lua", self.admin), 404, "NOT_FOUND")
        r = self.c.req("DELETE", "/API/stats/time", self.admin)
        self.assertJson(r, 405)
        self.assertIn("GET", r.headers["Allow"])
        r = self.c.req("DELETE", "/lua/rest/v1/get/ntopng/users.lua", self.admin)
        self.assertEnvelope(r, 405, "NOT_FOUND")

    def alive(self):
        self.assertJson(self.c.req("GET", "/healthz"), 200)

    def test_malformed_bodies(self):
        add = "/lua/rest/v1/add/ntopng/user.lua"
        r = self.c.req("POST", add, self.admin, data=b'{"username": "x",', headers={"Content-Type": JSON_TYPE})
        self.assertEnvelope(r, 400, "INVALID_ARGUMENTS")
        r = self.c.req("POST", add, self.admin, data=b'{"username": "\xff\xfe", "password": "abcdefgh1"}',
                       headers={"Content-Type": JSON_TYPE})
        self.assertEnvelope(r, 400, "INVALID_ARGUMENTS")
        r = self.c.req("POST", add, self.admin, data=b'[1,2]', headers={"Content-Type": JSON_TYPE})
        self.assertEnvelope(r, 400, "INVALID_ARGUMENTS")
        r = self.c.req("POST", "/API/system/users", self.admin, data=b'{"name": {"deep": 1}}',
                       headers={"Content-Type": JSON_TYPE})
        self.assertJson(r, 400)
        r = self.c.req("POST", add, self.admin, data=b"--x\r\nbroken", headers={"Content-Type": "multipart/form-data"})
        self.assertEnvelope(r, 400, "INVALID_ARGUMENTS")
        self.alive()

    def test_oversize_body_and_headers(self):
        # The server answers 413 from Content-Length before reading the body, then closes.
        out = self.raw(b"POST /lua/rest/v1/add/ntopng/user.lua HTTP/1.1\r\nHost: x\r\n"
                       b"Content-Type: application/json\r\nContent-Length: 3145728\r\n\r\n" + b"x" * 1000)
        self.assertTrue(out.startswith(b"HTTP/1.1 413"), out[:200])
        self.assertIn(b'"rc_str":"INVALID_ARGUMENTS"', out)
        # Same when the body is chunked and only turns out too large while it is read.
        chunk = b"%x\r\n%s\r\n" % (1 << 20, b"y" * (1 << 20))
        out = self.raw(b"POST /API/system/users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                       b"Authorization: Basic " + __import__("base64").b64encode(f"admin:{ADMIN_PW}".encode()) +
                       b"\r\n\r\n" + chunk * 3 + b"0\r\n\r\n")
        self.assertTrue(out.startswith(b"HTTP/1.1 413"), out[:200])
        self.assertIn(b"application/json", out)
        self.alive()
        r = self.c.req("GET", "/API/stats/time", self.admin, headers={"X-Big": "a" * 40000})
        self.assertEqual(r.status_code, 431)
        self.assertTrue(r.headers["Content-Type"].startswith(JSON_TYPE))
        self.alive()

    def raw(self, data):
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        with socket.create_connection(("127.0.0.1", self.daemon.port), timeout=5) as sock:
            with ctx.wrap_socket(sock) as tls:
                try:
                    tls.sendall(data)
                except (ssl.SSLError, ConnectionResetError, BrokenPipeError):
                    pass  # the server may answer and close before taking everything
                out = b""
                while True:
                    try:
                        chunk = tls.recv(65536)
                    except (ssl.SSLError, ConnectionResetError):
                        break
                    if not chunk:
                        break
                    out += chunk
                return out

    def test_bad_request_lines_and_headers(self):
        for data in (b"GET /healthz HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
                     b"GARBAGE\r\n\r\n",
                     b"GET /API/stats/time HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                     b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: a\x00b\r\n\r\n"):
            out = self.raw(data)
            self.assertTrue(out.startswith(b"HTTP/1.1 4"), out[:200])
            self.assertIn(b"application/json", out)
            self.assertNotIn(b"<html", out.lower())
        self.alive()

    def test_path_traversal(self):
        for path in ("/../../etc/passwd", "/API/../../etc/passwd", "/API/%2e%2e/%2e%2e/etc/passwd",
                     "/lua/rest/v1/%2e%2e/%2e%2e/etc/passwd", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/API/stats/%00"):
            out = self.raw(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            head = out.split(b"\r\n", 1)[0]
            self.assertIn(head[:12], (b"HTTP/1.1 404", b"HTTP/1.1 400"), (path, out[:300]))
            self.assertIn(b"application/json", out)
            self.assertNotIn(b"root:", out)
        self.alive()


class Lifecycle(unittest.TestCase):
    """Daemons of their own: rate limiting, restart after kill -9, SIGTERM."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="netmeter-api-life-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_rate_limit(self):
        d = Daemon(os.path.join(self.tmp, "data"), "--login-max-failures", "3", "--login-window", "60").start()
        try:
            c = Client(d)
            admin = basic("admin", ADMIN_PW)
            r = c.req("POST", "/lua/rest/v1/create/ntopng/session.lua", admin)
            sid = r.json()["rsp"]["session"]
            for _ in range(3):
                self.assertEqual(c.req("GET", "/API/stats/time", basic("admin", "nope-nope")).status_code, 401)
            r = c.req("GET", "/API/stats/time", basic("admin", "nope-nope"))
            self.assertEqual(r.status_code, 429)
            self.assertGreaterEqual(int(r.headers["Retry-After"]), 1)
            self.assertEqual(r.json()["status"], 429)
            # correct credentials are refused too while blocked, in both dialects
            self.assertEqual(c.req("GET", "/API/stats/time", admin).status_code, 429)
            r = c.req("GET", "/lua/rest/v1/get/ntopng/users.lua", admin)
            self.assertEqual(r.status_code, 429)
            self.assertIn("rc_str", r.json())
            # the session (made before) still works and shows the counters
            info = c.req("GET", "/API/info/system", headers={"Cookie": f"session={sid}"}).json()
            self.assertEqual(info["loginRateLimit"]["failures"], 3)
            self.assertGreaterEqual(info["loginRateLimit"]["refusals"], 3)
        finally:
            self.assertEqual(d.terminate(), 0)

    def test_restart_after_kill9_keeps_users_and_tokens(self):
        data = os.path.join(self.tmp, "data")
        d = Daemon(data).start()
        c = Client(d)
        admin = basic("admin", ADMIN_PW)
        r = c.req("POST", "/API/system/users", admin, json={"name": "hank", "password": "hank-pw-12"})
        self.assertEqual(r.status_code, 201, r.text)
        token = c.req("POST", "/API/system/tokens", basic("hank", "hank-pw-12"),
                      json={"permissions": ["read_stats"]}).json()["token"]
        d.kill9()
        self.assertEqual(os.stat(data).st_mode & 0o777, 0o700)
        self.assertEqual(os.stat(os.path.join(data, "tls", "key.pem")).st_mode & 0o777, 0o600)
        d2 = Daemon(data).start()
        c2 = Client(d2)
        self.assertEqual(c2.req("GET", "/API/stats/time", basic("hank", "hank-pw-12")).status_code, 200)
        self.assertEqual(c2.req("GET", "/API/stats/time", f"Bearer {token}").status_code, 200)
        self.assertEqual(d2.terminate(), 0)
        with open(d2.log.name) as f:
            self.assertIn("signal 15", f.read())

    def test_first_start_prints_a_random_admin_password_once(self):
        data = os.path.join(self.tmp, "data")
        env = {k: v for k, v in os.environ.items() if k != "NETMETER_ADMIN_PASSWORD"}
        port = free_port()
        p = subprocess.Popen([NETMETER, "-w", f"127.0.0.1:{port}", "--data-dir", data],
                             stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
        password = None
        deadline = time.time() + 20
        while time.time() < deadline and password is None:
            line = p.stderr.readline()
            if "with password:" in line:
                password = line.rsplit(":", 1)[1].strip()
        self.assertIsNotNone(password)
        url = f"https://127.0.0.1:{port}/API/stats/time"
        for _ in range(100):
            try:
                r = requests.get(url, auth=("admin", password), verify=False, timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        self.assertEqual(r.status_code, 200)
        p.send_signal(signal.SIGINT)
        self.assertEqual(p.wait(timeout=15), 0)
        p.stderr.close()
        with open(os.path.join(data, "netmeter.db"), "rb") as f:
            self.assertNotIn(password.encode(), f.read())


if __name__ == "__main__":
    NETMETER = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
