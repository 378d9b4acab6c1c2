#!/usr/bin/env python3
"""The ntopng dialect as ntop's Python client uses it: a token, plain GETs with params, `rsp` unwrapped,
every interface read, every host and every flow paged through. The numbers are checked against tshark
(hosts: `-z endpoints,ip`; TCP and UDP flows: `-z conv,tcp|udp`) and against each other (the hosts' and
flows' pages add up to the interface's counts and to totalRows; all=true gives the same set).

Usage: ntopng_client_test.py PATH_TO_NETMETER [unittest args]
"""
import collections
import os
import sys
import unittest
import warnings

import urllib3

import allegro_support as support
from ntopng_support import CapturesTestCase

CAPTURES = ("1kxun.pcap", "http_ipv6.pcap")


def setUpModule():
    warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)


def tshark_conversations(capture, proto):
    """The number of `tshark -z conv,<proto>` conversations."""
    rows = 0
    for line in support.tshark("-r", capture, "-q", "-z", f"conv,{proto}").splitlines():
        if "<->" in line:
            rows += 1
    return rows


class NtopClientStyle(CapturesTestCase):
    CAPTURES = CAPTURES

    def pages(self, path, ifid, per_page, **params):
        """Every record of a paged list, page by page as a client walks it, and the totalRows it gave."""
        records, page, total = [], 1, None
        while True:
            rsp = self.client.rsp(path, ifid=ifid, currentPage=page, perPage=per_page, **params)
            total = rsp["totalRows"] if total is None else total
            self.assertEqual(rsp["totalRows"], total, "totalRows changed while paging a finished capture")
            self.assertEqual(int(rsp["currentPage"]), page)
            records += rsp["data"]
            if len(rsp["data"]) < per_page:
                return records, total
            page += 1

    def test_interfaces_are_the_captures(self):
        got = {i["ifid"]: i["ifname"] for i in self.client.rsp("get/ntopng/interfaces.lua")}
        self.assertEqual(got, {i: c for i, c in enumerate(CAPTURES)})

    def test_every_host_paged_equals_tshark_endpoints(self):
        for ifid, capture in enumerate(self.paths):
            with self.subTest(capture=CAPTURES[ifid]):
                hosts, total = self.pages("get/host/active.lua", ifid, 7, sortColumn="ip", sortOrder="asc")
                self.assertEqual(len(hosts), total)
                self.assertEqual(len({h["ip"] for h in hosts}), total, "a host was listed twice")
                got = {h["ip"]: (h["bytes"]["sent"], h["bytes"]["recvd"]) for h in hosts}
                expected = {ip: (e["tx_bytes"], e["rx_bytes"]) for ip, e in support.tshark_ip_endpoints(capture).items()}
                self.assertEqual(got, expected)
                everything = self.client.rsp("get/host/active.lua", ifid=ifid, all="true")
                self.assertEqual(sorted(h["ip"] for h in everything["data"]), sorted(got))
                data = self.client.rsp("get/interface/data.lua", ifid=ifid)
                self.assertEqual(data["num_hosts"], total)

    def test_every_flow_paged_adds_up(self):
        for ifid, capture in enumerate(self.paths):
            with self.subTest(capture=CAPTURES[ifid]):
                flows, total = self.pages("get/flow/active.lua", ifid, 9)
                self.assertEqual(len(flows), total)
                self.assertEqual(len({f["hash_id"] for f in flows}), total, "a flow was listed twice")
                by_l4 = collections.Counter(f["protocol"]["l4"] for f in flows)
                for proto in ("tcp", "udp"):
                    self.assertEqual(by_l4[proto.upper()], tshark_conversations(capture, proto), proto)
                counters = self.client.rsp("get/flow/l4/counters.lua", ifid=ifid)
                self.assertEqual(sum(c["count"] for c in counters), total)
                self.assertEqual(sum(c["count"] for c in self.client.rsp("get/flow/l7/counters.lua", ifid=ifid)), total)
                self.assertEqual(self.client.rsp("get/interface/data.lua", ifid=ifid)["num_flows"], total)


if __name__ == "__main__":
    import api_test
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
