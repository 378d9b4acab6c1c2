#!/usr/bin/env python3
"""ntopng pools (docs/ntopng/pools.md) over real HTTPS: add/edit/delete/get per pool type, the lowest free
id >= 1, duplicate names and members bound elsewhere refused (409 ADD_POOL_FAILED), recipients bound to
pools and listed by recipient/pools.lua (and gone from pools with their recipient), the host pool member
bind, and writes refused to a non-admin (NOT_GRANTED).

Usage: ntopng_pools_test.py PATH_TO_NETMETER [unittest args]
"""
import os
import sys
import unittest
import warnings

import urllib3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import api_test  # noqa: E402,F401
import ntopng_support as support  # noqa: E402

CAPTURE = "tor.pcap"  # gives the daemon interface 0, a valid interface pool member
TYPES = ("interface", "host", "network", "active_monitoring", "flow", "mac", "host_pool", "system")


class NtopngPoolsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        cls.analysis = support.AnalysisDaemon(support.need_pcap(CAPTURE)).start()
        cls.ntop = support.NtopClient(cls.analysis)

    @classmethod
    def tearDownClass(cls):
        cls.analysis.stop()

    def setUp(self):
        self.post("delete/pools.lua")
        self.post("delete/endpoints.lua")

    def post(self, path, client=None, status=200, rc_str=None, version="v2", **body):
        r = (client or self.ntop).s.post(f"{self.analysis.host}/lua/rest/{version}/{path}", json=body, timeout=30)
        self.assertEqual(r.status_code, status, r.text)
        answer = r.json()
        if rc_str:
            self.assertEqual(answer["rc_str"], rc_str, answer)
        self.assertIsInstance(answer["rc"], int)
        return answer

    def add(self, kind, name, members="", **extra):
        answer = self.post(f"add/{kind}/pool.lua", rc_str="POOL_ADDED_SUCCESSFULLY", pool_name=name,
                           pool_members=members, **extra)
        return answer["rsp"]["pool_id"]

    def recipient(self, name):
        endpoint = self.post("add/endpoint.lua", endpoint_conf_name="hook-" + name, endpoint_key="webhook",
                             webhook_url="http://127.0.0.1:9/x")["rsp"]["endpoint_id"]
        return self.post("add/recipient.lua", recipient_name=name, endpoint_id=endpoint)["rsp"]["recipient_id"]

    def test_default_pools_and_lowest_free_id(self):
        every = self.ntop.rsp("get/pools.lua")
        self.assertEqual(sorted(p["key"] for p in every), sorted(TYPES))
        self.assertTrue(all(p["pool_id"] == 0 and p["name"] == "Default" and p["members"] == [] for p in every))
        ids = [self.add("host", f"pool {i}") for i in range(3)]
        self.assertEqual(ids, [1, 2, 3])
        self.post("delete/host/pool.lua", rc_str="POOL_DELETED_SUCCESSFULLY", pool=2)
        self.assertEqual(self.add("host", "again"), 2)  # ids are reused
        self.assertEqual(self.add("network", "lan", "192.168.1.0/24"), 1)  # one id space per type
        names = {p["pool_id"]: p["name"] for p in self.ntop.rsp("get/host/pools.lua")}
        self.assertEqual(names, {0: "Default", 1: "pool 0", 2: "again", 3: "pool 2"})

    def test_members_are_normalised_and_shown(self):
        pid = self.add("host", "office", "aa:bb:cc:dd:ee:01,10.0.0.0/8,192.168.1.7/32@3,fe80::1/128")
        pool = self.ntop.rsp("get/host/pools.lua", pool=pid)[str(pid)]
        self.assertEqual(pool["members"], ["AA:BB:CC:DD:EE:01", "10.0.0.0/8@0", "192.168.1.7/32@3", "FE80::1/128@0"])
        details = pool["member_details"]
        self.assertEqual(details["192.168.1.7/32@3"]["type"], "ip")
        self.assertEqual(details["192.168.1.7/32@3"]["hostkey"], "192.168.1.7@3")
        self.assertEqual(details["10.0.0.0/8@0"]["type"], "net")
        self.assertEqual(details["AA:BB:CC:DD:EE:01"]["type"], "mac")
        members = self.ntop.rsp("get/host/pool/members.lua", pool=pid)
        self.assertEqual(sorted(m["member"] for m in members), sorted(pool["members"]))
        self.assertEqual(self.add("interface", "wan", "0"), 1)
        # A bare address (prefix missing), an unknown interface, an active monitoring host: refused.
        for kind, member in (("host", "8.8.8.8"), ("host", "10.0.0.1/33"), ("interface", "42"),
                             ("network", "lan"), ("active_monitoring", "icmp@8.8.8.8")):
            self.post(f"add/{kind}/pool.lua", status=409, rc_str="ADD_POOL_FAILED", pool_name="bad",
                      pool_members=member)

    def test_duplicates_and_members_bound_elsewhere(self):
        first = self.add("host", "a", "10.1.0.0/16")
        self.post("add/host/pool.lua", status=409, rc_str="ADD_POOL_FAILED", pool_name="a", pool_members="")
        r = self.post("add/host/pool.lua", status=409, rc_str="ADD_POOL_FAILED", pool_name="b",
                      pool_members="10.1.0.0/16@0")
        self.assertEqual(r["rc"], -13)
        second = self.add("host", "b", "10.2.0.0/16")
        self.post("edit/host/pool.lua", status=409, rc_str="EDIT_POOL_FAILED", pool=second, pool_name="a",
                  pool_members="10.2.0.0/16")
        self.post("edit/host/pool.lua", status=409, rc_str="EDIT_POOL_FAILED", pool=second, pool_name="b",
                  pool_members="10.1.0.0/16")
        self.post("edit/host/pool.lua", rc_str="POOL_EDITED_SUCCESSFULLY", pool=first, pool_name="a2",
                  pool_members="10.3.0.0/16")
        self.post("edit/host/pool.lua", rc_str="POOL_EDITED_SUCCESSFULLY", pool=second, pool_name="b",
                  pool_members="10.1.0.0/16,10.2.0.0/16")  # freed by the edit above
        # bind: a member of another pool is refused with that pool; pool 0 unbinds it.
        r = self.post(f"bind/host/pool/member.lua?pool={first}", status=409,
                      rc_str="BIND_POOL_MEMBER_ALREADY_BOUND", member="10.1.0.0/16@0")
        self.assertEqual(r["rsp"]["pool_id"], second)
        self.post("bind/host/pool/member.lua", rc_str="POOL_MEMBER_BOUND_SUCCESSFULLY", pool=0, member="10.1.0.0/16")
        self.post("bind/host/pool/member.lua", rc_str="POOL_MEMBER_BOUND_SUCCESSFULLY", pool=first,
                  member="10.1.0.0/16")
        pools = {p["pool_id"]: p["members"] for p in self.ntop.rsp("get/host/pools.lua")}
        self.assertEqual(pools[first], ["10.3.0.0/16@0", "10.1.0.0/16@0"])
        self.assertEqual(pools[second], ["10.2.0.0/16@0"])
        self.post("delete/host/pool.lua", status=409, rc_str="POOL_NOT_FOUND", pool=99)
        self.post("delete/host/pool.lua", status=409, rc_str="DELETE_POOL_FAILED", pool=0)
        r = self.ntop.call("get/host/pools.lua", pool=99)
        self.assertEqual((r.status_code, r.json()["rc"]), (409, -16))

    def test_recipients_of_pools(self):
        ops, audit = self.recipient("ops"), self.recipient("audit")
        office = self.add("host", "office", "10.9.0.0/16", recipients=f"{ops},{audit}")
        self.add("interface", "wan", "0", recipients=str(ops))
        # Pools that only take recipients: their Default pool.
        self.post("edit/flow/pool.lua", rc_str="POOL_EDITED_SUCCESSFULLY", pool=0, recipients=str(audit))
        self.post("edit/flow/pool.lua", status=409, rc_str="EDIT_POOL_FAILED", pool=0, pool_members="x")
        self.post("add/flow/pool.lua", status=404)  # not a pool type that is added to
        # An unknown recipient is an invalid argument.
        self.post("add/host/pool.lua", status=400, rc_str="INVALID_ARGUMENTS", pool_name="x", pool_members="",
                  recipients="4242")
        listed = self.ntop.rsp("recipient/pools.lua", recipient_id=ops)
        self.assertEqual(sorted((p["key"], p["name"]) for p in listed), [("host", "office"), ("interface", "wan")])
        listed = self.ntop.rsp("recipient/pools.lua", recipient_id=audit)
        self.assertEqual(sorted((p["key"], p["pool_id"]) for p in listed), [("flow", 0), ("host", office)])
        pool = self.ntop.rsp("get/host/pools.lua", pool=office)[str(office)]
        self.assertEqual(pool["recipients"], [{"recipient_id": ops, "recipient_name": "ops"},
                                              {"recipient_id": audit, "recipient_name": "audit"}])
        # Deleting a recipient takes it out of every pool.
        self.post("delete/recipient.lua", recipient_id=ops)
        self.assertEqual(self.ntop.rsp("recipient/pools.lua", recipient_id=ops), [])
        pool = self.ntop.rsp("get/host/pools.lua", pool=office)[str(office)]
        self.assertEqual([r["recipient_id"] for r in pool["recipients"]], [audit])

    def test_malformed_input_is_a_clear_error(self):
        for path, body in (("edit/host/pool.lua", {"pool": "one", "pool_name": "x", "pool_members": ""}),
                           ("delete/host/pool.lua", {"pool": "-1"}),
                           ("add/host/pool.lua", {"pool_name": "", "pool_members": ""}),
                           ("add/host/pool.lua", {"pool_name": "x\r\nSet-Cookie: a", "pool_members": ""}),
                           ("add/host/pool.lua", {"pool_name": "x", "pool_members": "", "recipients": "1;2"}),
                           ("recipient/pools.lua", {"recipient_id": "x' OR 1=1 --"})):
            self.post(path, status=400, rc_str="INVALID_ARGUMENTS", **body)
        for members in (",", "10.0.0.0/8@", "10.0.0.0/8@1@2", "10.0.0.0/8@4096", "::/129", "a" * 5000,
                        "'; DROP TABLE pools; --"):
            self.post("add/host/pool.lua", status=409, rc_str="ADD_POOL_FAILED", pool_name="x", pool_members=members)
        self.assertEqual(len(self.ntop.rsp("get/pools.lua")), len(TYPES))

    def test_delete_all_and_permissions(self):
        self.add("host", "h", "10.5.0.0/16")
        s = self.analysis.session()
        r = s.post(self.analysis.host + "/API/system/users", timeout=10,
                   json={"name": "pool-user", "password": "pool-user-pw", "role": "user"})
        self.assertIn(r.status_code, (200, 201, 409), r.text)
        user = support.NtopClient(self.analysis, "pool-user", "pool-user-pw")
        for path, body in (("add/host/pool.lua", {"pool_name": "u", "pool_members": ""}),
                           ("edit/host/pool.lua", {"pool": 1, "pool_name": "u", "pool_members": ""}),
                           ("delete/host/pool.lua", {"pool": 1}), ("delete/pools.lua", {}),
                           ("bind/host/pool/member.lua", {"pool": 1, "member": "10.6.0.0/16"})):
            r = self.post(path, client=user, status=403, **body)
            self.assertEqual(r["rc"], -3)
        self.assertEqual(len(user.rsp("get/host/pools.lua")), 2)  # reading is allowed
        self.post("delete/pools.lua", version="v1")
        self.assertEqual([p["pool_id"] for p in self.ntop.rsp("get/host/pools.lua", version="v1")], [0])
        self.post("add/host/pool.lua", status=400, rc_str="INVALID_ARGUMENTS", pool_name="x")


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        os.environ.pop(name, None)
    unittest.main(verbosity=2)
