"""What the ntopng-dialect API tests share: a daemon analysing real captures, a client made the way ntop's
Python client makes its calls (`Authorization: Token`, GET with params, `rsp` unwrapped), and the oracles
of allegro_support (tshark, the nDPI reference results).

Captures come from ../shared/pcaps (beside the repository); tests that need them skip when it is absent.
"""
import os
import shutil
import tempfile
import unittest

import requests

import api_test
from allegro_support import AnalysisDaemon, need_pcap, pcap, tshark, tshark_ip_endpoints  # noqa: F401


class NtopClient:
    """ntop's Python client in miniature: a token made once, then plain GETs whose `rsp` is returned."""

    def __init__(self, analysis, user="admin", password=api_test.ADMIN_PW, token=None):
        self.host = analysis.host
        self.s = requests.Session()
        self.s.verify = False
        self.s.trust_env = False
        if token is None:
            r = self.s.post(self.host + "/lua/rest/v2/create/ntopng/api_token.lua", auth=(user, password),
                            json={"username": user}, timeout=30)
            r.raise_for_status()
            token = r.json()["rsp"]["api_token"]
        self.s.headers["Authorization"] = "Token " + token

    def call(self, path, version="v2", **params):
        """The whole answer (status code and envelope): for tests of errors."""
        return self.s.get(f"{self.host}/lua/rest/{version}/{path}", params=params, timeout=60)

    def rsp(self, path, version="v2", **params):
        """`rsp` of a successful call; fails the calling test otherwise."""
        r = self.call(path, version, **params)
        body = r.json()
        if r.status_code != 200 or body.get("rc") != 0:
            raise AssertionError(f"{path} {params}: HTTP {r.status_code} {body}")
        return body["rsp"]


def start_daemon(daemon, tmp):
    """Starts `daemon`; when it fails, stops what started and removes the test's directory `tmp`."""
    try:
        daemon.start()
    except Exception:
        daemon.stop()
        shutil.rmtree(tmp, ignore_errors=True)
        raise


class CapturesTestCase(unittest.TestCase):
    """Tests over one daemon analysing CAPTURES (ifid 0, 1, ... in that order), with an empty --geoip-dir so
    that answers do not depend on the machine's geolocation databases, and an NtopClient as `client`."""

    CAPTURES = ()

    @classmethod
    def setUpClass(cls):
        cls.paths = [need_pcap(c) for c in cls.CAPTURES]
        cls.tmp = tempfile.mkdtemp(prefix="nm-ntopng-")
        no_geoip = os.path.join(cls.tmp, "no-geoip")
        os.makedirs(no_geoip)
        cls.daemon = AnalysisDaemon(*cls.paths, extra=("--geoip-dir", no_geoip))
        start_daemon(cls.daemon, cls.tmp)
        cls.client = NtopClient(cls.daemon)

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)
