#!/usr/bin/env python3
"""Golden answers of the ntopng dialect: for a few captures, the `rsp` of every live-traffic endpoint in
CALLS (with ifid and one sample host taken from the capture) is compared with the file checked in under
tests/api/golden/ntopng/<capture>/.

Usage: ntopng_golden_test.py PATH_TO_NETMETER [--update] [unittest args]
       NETMETER_UPDATE_GOLDEN=1 ntopng_golden_test.py PATH_TO_NETMETER

With `--update` (or NETMETER_UPDATE_GOLDEN=1) the golden files are rewritten instead of compared.
What is normalised before comparing and writing: tests/api/golden/README.md.
"""
import json
import os
import sys
import unittest
import warnings

import urllib3

import golden_support
from ntopng_support import CapturesTestCase

GOLDEN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden", "ntopng")
CAPTURES = (
    "1kxun.pcap",  # IPv4 and IPv6, DNS, DHCP, HTTP, TLS, multicast
    "ja3_lots_of_cipher_suites.pcap",  # 802.1Q in 802.1Q: host keys ip@vlan
    "http_ipv6.pcap",  # IPv6 only
)
# (golden file name, endpoint, parameters); "{host}" is replaced by the sample host (the busiest one).
CALLS = (
    ("interface_data", "get/interface/data.lua", {}),
    ("interface_address", "get/interface/address.lua", {}),
    ("interface_bcast_domains", "get/interface/bcast_domains.lua", {}),
    ("interface_l7_bytes", "get/interface/l7/stats.lua", {"ndpistats_mode": "sinceStartup"}),
    ("interface_l7_breeds", "get/interface/l7/stats.lua", {"ndpistats_mode": "sinceStartup", "breed": "true"}),
    ("interface_l7_categories", "get/interface/l7/stats.lua",
     {"ndpistats_mode": "sinceStartup", "ndpi_category": "true"}),
    ("interface_l7_count", "get/interface/l7/stats.lua", {"ndpistats_mode": "count"}),
    ("interface_dscp", "get/interface/dscp/stats.lua", {}),
    ("interface_top_local", "get/interface/top/local/talkers.lua", {}),
    ("interface_top_remote", "get/interface/top/remote/talkers.lua", {}),
    ("flow_l4_counters", "get/flow/l4/counters.lua", {}),
    ("flow_l7_counters", "get/flow/l7/counters.lua", {}),
    ("hosts_by_traffic", "get/host/active.lua", {"perPage": "20", "sortColumn": "traffic", "sortOrder": "desc"}),
    ("hosts_local", "get/host/active.lua", {"mode": "local", "perPage": "20"}),
    ("host_data", "get/host/data.lua", {"host": "{host}"}),
    ("host_data_flows", "get/host/data.lua", {"host": "{host}", "host_stats_flows": "true", "limit": "10"}),
    ("host_custom_data", "get/host/custom_data.lua", {"host": "{host}", "field_alias": "ip,bytes.sent=tx,bytes.rcvd"}),
    ("host_l7", "get/host/l7/stats.lua", {"host": "{host}"}),
    ("host_dscp", "get/host/dscp/stats.lua", {"host": "{host}"}),
    ("flows_by_bytes", "get/flow/active.lua", {"perPage": "20"}),
    ("flows_of_host", "get/flow/active.lua", {"host": "{host}", "perPage": "20", "verbose": "true"}),
)
# Fields whose values are the wall clock or the daemon's own running time.
# flow_export_*: how far the export queue has got when the answer is read depends on its thread.
NORMALISED_FIELDS = {"epoch", "localtime", "uptime", "uptime_sec", "flow_export_count", "flow_export_drops"}
UPDATE = os.environ.get("NETMETER_UPDATE_GOLDEN") == "1"


def setUpModule():
    warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)


def render(value):
    return golden_support.render(value, NORMALISED_FIELDS)


def answers(client, ifid):
    """{golden file name: rendered rsp} of interface `ifid`; an endpoint not served is recorded as such."""
    top = client.rsp("get/host/active.lua", ifid=ifid, perPage=1, sortColumn="traffic", sortOrder="desc")
    host = top["data"][0]["ip"] if top["data"] else ""
    if top["data"] and top["data"][0].get("vlan"):
        host += "@" + str(top["data"][0]["vlan"])
    files = {}
    for name, path, params in CALLS:
        params = {k: v.replace("{host}", host) for k, v in params.items()}
        r = client.call(path, ifid=ifid, **params)
        body = r.json()
        files[name + ".json"] = render({"status": r.status_code, "rc": body.get("rc"), "rsp": body.get("rsp")})
    files["_sample.json"] = json.dumps({"host": host}) + "\n"
    return files


class GoldenAnswers(CapturesTestCase):
    CAPTURES = CAPTURES

    def check_capture(self, ifid):
        name = CAPTURES[ifid]
        files = answers(self.client, ifid)
        golden_support.check_golden(self, name, os.path.join(GOLDEN_DIR, name), files, UPDATE)

    def test_1kxun(self):
        self.check_capture(0)

    def test_ja3_vlans(self):
        self.check_capture(1)

    def test_http_ipv6(self):
        self.check_capture(2)


if __name__ == "__main__":
    import api_test
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    if "--update" in sys.argv:
        sys.argv.remove("--update")
        UPDATE = True
    unittest.main()
