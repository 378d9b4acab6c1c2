"""A private clickhouse-server for Python tests: the same set-up as clickhouse_server.cpp (temporary data
directory, config.xml/users.xml written here, random free loopback ports, user `default` with a random
password), waited for on /ping, stopped and removed on exit.

    with ClickHouseServer() as ch:        # raises Unavailable when clickhouse-server is absent
        ch.url("netmeter")                # clickhouse://default@127.0.0.1:PORT/netmeter
        ch.password_file                  # what netmeter's --history option reads
        ch.query("SELECT 1")              # plain HTTP, for checks
"""
import base64
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request


class Unavailable(Exception):
    """clickhouse-server is not installed or did not come up: tests skip (exit 77 / unittest skip)."""


def find_binary():
    configured = os.environ.get("CLICKHOUSE_SERVER")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which("clickhouse-server") or (
        "/usr/sbin/clickhouse-server" if os.access("/usr/sbin/clickhouse-server", os.X_OK) else None)


def free_loopback_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _config_xml(d, http, tcp, interserver):
    return f"""<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>{d}/log/server.log</log><errorlog>{d}/log/error.log</errorlog><size>10M</size><count>1</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>{http}</http_port>
  <tcp_port>{tcp}</tcp_port>
  <interserver_http_port>{interserver}</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>{d}/data/</path>
  <tmp_path>{d}/tmp/</tmp_path>
  <user_files_path>{d}/user_files/</user_files_path>
  <format_schema_path>{d}/format_schemas/</format_schema_path>
  <users_config>{d}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>Europe/Berlin</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <keep_alive_timeout>1</keep_alive_timeout>
  <mlock_executable>false</mlock_executable>
</yandex>
"""


def _users_xml(password):
    return f"""<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users><default><password>{password}</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
"""


class ClickHouseServer:
    def __init__(self, start_timeout=30.0):
        self.start_timeout = start_timeout
        self.process = None
        self.directory = None

    def __enter__(self):
        binary = find_binary()
        if not binary:
            raise Unavailable("clickhouse-server is not installed (scripts/setup installs it)")
        why = "no attempt"
        for _ in range(3):  # a port taken between choosing and binding: try new ports
            try:
                self._launch(binary)
                return self
            except Unavailable as e:
                why = str(e)
                self._stop()
        raise Unavailable(why)

    def __exit__(self, *exc):
        self._stop()

    def _launch(self, binary):
        self.directory = tempfile.mkdtemp(prefix="netmeter-clickhouse-")
        os.makedirs(os.path.join(self.directory, "log"))
        self.password = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(24))
        self.http_port = free_loopback_port()
        tcp, interserver = free_loopback_port(), free_loopback_port()
        d = self.directory
        with open(os.path.join(d, "config.xml"), "w") as f:
            f.write(_config_xml(d, self.http_port, tcp, interserver))
        with open(os.path.join(d, "users.xml"), "w") as f:
            f.write(_users_xml(self.password))
        self.password_file = os.path.join(d, "password")
        with open(self.password_file, "w") as f:
            f.write(self.password + "\n")
        with open(os.path.join(d, "log", "stdout"), "w") as out:
            self.process = subprocess.Popen([binary, "--config-file=" + os.path.join(d, "config.xml")], cwd=d,
                                            stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Unavailable("clickhouse-server exited at start")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/ping", timeout=1) as r:
                    if r.read().startswith(b"Ok."):
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.05)
        raise Unavailable(f"clickhouse-server did not answer /ping within {self.start_timeout:.0f} s")

    def _stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.directory:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None

    def url(self, database):
        return f"clickhouse://default@127.0.0.1:{self.http_port}/{database}"

    def query(self, sql, database="default"):
        """Runs `sql` over HTTP and returns the answer text; raises urllib.error.HTTPError on a server error."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.http_port}/?database={database}",
                                         data=sql.encode(), method="POST")
        token = base64.b64encode(f"default:{self.password}".encode()).decode()
        request.add_header("Authorization", "Basic " + token)
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.read().decode()
