#!/usr/bin/env python3
"""Walks the Allegro dialect's whole tree from `OPTIONS /API` and GETs every node it lists, with sample
values for parameter segments (`:ip`, `:mac`, `:port`, `:id`, ...) found in the answers of the lists above
them. Nothing is hard-coded about the tree (only that asynchronous ids come from the answers that started
the jobs): new resources are walked as they appear.

Rules: a listed child never answers 404, nothing answers 5xx, every JSON answer parses, a node without GET
answers 405 to GET. Only OPTIONS and GET are sent (POST-only nodes are never called).

Usage: allegro_options_walk_test.py PATH_TO_NETMETER [unittest args]
"""
import json
import os
import sys
import unittest
import urllib.parse
import warnings

import requests
import urllib3

import allegro_support as support
import api_test

# One slot each, walked one after the other (mm-id): what one capture lacks, another has.
CAPTURES = (
    "1kxun.pcap",  # IPv4 and IPv6, MACs, TCP and UDP ports, applications, DNS, DHCP, HTTP, TLS, multicast
    "ja3_lots_of_cipher_suites.pcap",  # 802.1Q in 802.1Q (outer and inner VLANs)
    "BGP_redist.pcap",  # MPLS
    "stun_signal.pcapng",  # ICMP, pcapng
)
MAX_DEPTH = 16
STREAM_PEEK = 64 * 1024  # bytes read of a non-JSON answer (CSV, pcap) before it is closed

# Fields whose values are samples for a parameter segment, besides the one named like the parameter.
FIELD_ALIASES = {"name": ("username",), "protocol": ("name",), "application": ("name", "protocol")}


def setUpModule():
    # unittest resets warning filters when it runs: the daemon's certificate is self-signed on purpose.
    warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)


def is_json(response):
    return response.headers.get("Content-Type", "").startswith("application/json")


def traffic_of(item):
    """An item's bytes (`bytes`, or rx + tx of `allTime`), 0 when it has none: busy samples are preferred."""
    if isinstance(item.get("bytes"), int):
        return item["bytes"]
    counters = item.get("allTime")
    if isinstance(counters, list) and len(counters) >= 4 and all(isinstance(v, int) for v in counters[:4]):
        return counters[1] + counters[3]
    return 0


def values_of(answer, fields):
    """[(sample value, its traffic)] in an answer: the strings of a list of strings, and the values of
    `fields` in the objects of any list in it (a top-level list, or one a level down: `displayedItems`)."""
    lists = [answer] if isinstance(answer, list) else []
    if isinstance(answer, dict):
        lists += [v for v in answer.values() if isinstance(v, list)]
    out = []
    for items in lists:
        for item in items:
            if isinstance(item, str) and items is answer:
                out.append((item, 0))
            elif isinstance(item, dict):
                out += [(str(item[f]), traffic_of(item)) for f in fields
                        if isinstance(item.get(f), (str, int)) and not isinstance(item[f], bool) and item[f] != ""]
    return out


class Walk:
    """One walk of the tree: what was visited, problems found, and notes (parameters without a sample).
    Literal nodes are walked first, parameter nodes after all of them, so that every list a sample may come
    from has been read (and every asynchronous job started) by then."""

    def __init__(self, daemon, slot):
        self.daemon = daemon
        self.slot = {"mm-id": f"local:{slot}"}  # sent with every GET
        self.session = daemon.session()
        self.answers = {}  # concrete path -> parsed JSON of its GET
        self.tickets = []  # (asyncID, asyncUUID) from asynchronous answers
        self.visited = set()
        self.problems = []
        self.notes = []
        self.sampled = {}  # parameter pattern ("/API/.../:ip") -> the sample used
        self.unsampled = []  # parameter patterns without a sample
        self.pending = []  # parameter children waiting for their samples
        self.children = {}  # concrete path -> its literal children

    def run(self, root="/API"):
        self.node(root, root)
        while self.pending:
            self.parameter(*self.pending.pop(0))

    def url(self, path):
        return self.daemon.host + path

    def options(self, path):
        r = self.session.options(self.url(path), timeout=30)
        if r.status_code != 200:
            self.problems.append(f"OPTIONS {path}: {r.status_code} {r.text[:200]}")
            return None, []
        try:
            children = r.json()["subResources"]
        except (ValueError, KeyError) as e:
            self.problems.append(f"OPTIONS {path}: no subResources ({e}): {r.text[:200]}")
            return None, []
        allowed = {m.strip() for m in r.headers.get("Allow", "").split(",") if m.strip()}
        return allowed, children

    def get(self, path, allowed, params=None):
        params = {**self.slot, **(params or {})}
        with self.session.get(self.url(path), params=params, timeout=30, stream=True) as r:
            status = r.status_code
            where = f"GET {path}?{urllib.parse.urlencode(params)}"
            if "GET" not in allowed:
                if status != 405:
                    self.problems.append(f"{where}: {status} where OPTIONS allows no GET (405 expected)")
                return
            if status == 404 or status >= 500 or status in (401, 403, 405):
                self.problems.append(f"{where}: {status} {r.text[:200]}")
                return
            if not is_json(r):
                try:
                    r.raw.read(STREAM_PEEK)
                except requests.exceptions.RequestException as e:  # an endless stream idles: fine
                    self.notes.append(f"{where}: stream read stopped ({type(e).__name__})")
                return
            try:
                answer = r.json()
            except ValueError as e:
                self.problems.append(f"{where}: JSON does not parse ({e})")
                return
            if status >= 400:
                self.notes.append(f"{where}: {status} {json.dumps(answer)[:200]}")
                return
            self.answers[path] = answer
            if isinstance(answer, dict) and "asyncID" in answer and "asyncUUID" in answer:
                self.tickets.append((answer["asyncID"], answer["asyncUUID"]))

    def node(self, path, pattern, depth=0, params=None):
        """Visits one concrete node (`pattern` names its parameter segments): OPTIONS, GET, its literal
        children; its parameter children are queued."""
        if path in self.visited or depth > MAX_DEPTH:
            return
        self.visited.add(path)
        allowed, children = self.options(path)
        if allowed is None:
            return
        self.get(path, allowed, params)
        literal = [c for c in children if not c.startswith(":")]
        self.children[path] = literal
        for child in literal:
            self.node(f"{path}/{child}", f"{pattern}/{child}", depth + 1)
        for child in children:
            if child.startswith(":"):
                self.pending.append((path, pattern, child, literal, depth))

    def parameter(self, parent, parent_pattern, child, siblings, depth):
        pattern = f"{parent_pattern}/{child}"
        sample, params = self.sample(parent, child[1:], siblings)
        if sample is None:
            self.notes.append(f"{pattern}: no sample value found, not walked")
            self.unsampled.append(pattern)
            return
        self.sampled[pattern] = sample
        self.node(f"{parent}/{urllib.parse.quote(sample, safe=':@')}", pattern, depth + 1, params)

    def sample(self, parent, name, siblings):
        """(a sample value for `:name` below `parent`, query parameters it needs), or (None, None)."""
        if parent == "/API/async" and name == "id":
            # Asynchronous results: the ids come from the answers that started them, with their uuid.
            if self.tickets:
                ticket_id, uuid = self.tickets[0]
                return str(ticket_id), {"uuid": uuid}
            return None, None
        # The field named like the parameter, its aliases, and the list's singular (types/:id reads "type",
        # inner_vlans/:id "inner_vlan" or "vlan").
        singular = parent.rsplit("/", 1)[1].removesuffix("s")
        fields = (name, *FIELD_ALIASES.get(name, ()), singular, singular.rsplit("_", 1)[-1])
        sources = self.sources(parent, siblings)
        found = [values_of(self.answers[source], fields) for source in sources]
        nearest = next((values for values in found if values), None)
        if not nearest:
            return None, None
        # Values of the nearest list, the busiest as any list reports it (ips lists names, ips_paged bytes).
        traffic = {}
        for values in found:
            for value, count in values:
                traffic[value] = max(traffic.get(value, 0), count)
        return max((v for v, _ in nearest), key=lambda v: traffic[v]), None  # the first of equals

    def sources(self, parent, children):
        """Where samples for a parameter below `parent` may be listed, nearest first: `parent` itself, its
        other children, then its siblings named after it (ips: ips_paged; macs: mac_paged; udp_port:
        udp_ports_paged, not tcp_ports_paged)."""
        grandparent, segment = parent.rsplit("/", 1)
        stem = segment.removesuffix("s")
        siblings = [c for c in self.children.get(grandparent, []) if c != segment and c.startswith(stem)]
        candidates = [parent] + [f"{parent}/{c}" for c in children] + [f"{grandparent}/{c}" for c in siblings]
        return [c for c in candidates if c in self.answers]


class OptionsWalk(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        captures = [support.need_pcap(c) for c in CAPTURES]
        cls.daemon = support.AnalysisDaemon(*captures)
        try:
            cls.daemon.start()
            # Something to list under the parameter nodes of tokens and sessions.
            s = cls.daemon.session()
            s.post(cls.daemon.host + "/API/system/tokens", json={"permissions": ["read_stats"]}, timeout=30)
            s.post(cls.daemon.host + "/API/system/sessions", json={}, timeout=30)
            cls.walks = []
            for slot in range(len(captures)):
                walk = Walk(cls.daemon, slot)
                walk.run()
                cls.walks.append(walk)
        except BaseException:
            cls.daemon.stop()  # tearDownClass does not run when setUpClass fails
            raise

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    def test_every_listed_node_answers(self):
        problems = []
        for slot, walk in enumerate(self.walks):
            for note in walk.notes:
                print(f"note: slot {slot} ({CAPTURES[slot]}): {note}", file=sys.stderr)
            print(f"slot {slot}: walked {len(walk.visited)} nodes; samples: {walk.sampled}", file=sys.stderr)
            problems += [f"slot {slot} ({CAPTURES[slot]}): {p}" for p in walk.problems]
        unsampled = {p for w in self.walks for p in w.unsampled}
        never = sorted(p for p in unsampled if all(p not in w.sampled for w in self.walks))
        print(f"parameters no slot had a sample for (not walked): {never}", file=sys.stderr)
        self.assertEqual(problems, [])

    def test_the_walk_reaches_parameter_nodes(self):
        # The IP module is there from the start: its :ip node is walked with an IP of the capture.
        walk = self.walks[0]
        ip = walk.sampled.get("/API/stats/modules/ip/ips/:ip")
        self.assertIn(ip, support.tshark_ip_endpoints(support.pcap(CAPTURES[0])))
        self.assertIn(f"/API/stats/modules/ip/ips/{ip}/peers", walk.visited)
        self.assertIn("/API/async/:id", walk.sampled)


if __name__ == "__main__":
    api_test.NETMETER = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
