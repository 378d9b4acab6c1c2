#!/usr/bin/python3
"""Writes the encapsulation test captures of tests/unit/decode/protocols/encap_test.cpp with scapy
(Debian python3-scapy; run with the system python: /usr/bin/python3 make_encap_pcaps.py [OUTDIR]).

Every file but link_*.pcap holds one Ethernet frame: outer headers, the encapsulation, then the same inner packet
172.16.0.1:999 -> 172.16.0.2:80 (TCP SYN) behind Ethernet 02:00:00:00:00:0c -> 02:00:00:00:00:0d or
directly as IP. link_*.pcap hold the same inner packet in one frame of another link type (FDDI, NFLOG,
IPoIB, PFLOG, ENC, PPP_SERIAL, PPP_ETHER). The test cuts each frame at every length to check the truncation anomalies.
"""
import os
import struct
import sys

from scapy.all import IP, IPv6, TCP, UDP, GRE, Ether, Dot1Q, Raw, wrpcap
from scapy.contrib.erspan import ERSPAN_III
from scapy.contrib.geneve import GENEVE
from scapy.contrib.mpls import MPLS
from scapy.contrib.nsh import NSH
from scapy.layers.dot11 import Dot11
from scapy.layers.pflog import PFLog
from scapy.layers.l2 import LLC, SNAP
from scapy.layers.l2tp import L2TP
from scapy.layers.ppp import PPP
from scapy.layers.vxlan import VXLAN

OUT_A, OUT_B = "203.0.113.1", "203.0.113.2"
MAC_C, MAC_D = "02:00:00:00:00:0c", "02:00:00:00:00:0d"


def inner_ip():
    return IP(src="172.16.0.1", dst="172.16.0.2", id=1) / TCP(sport=999, dport=80, flags="S")


def inner_ip6():
    return IPv6(src="2001:db8::1", dst="2001:db8::2") / TCP(sport=999, dport=80, flags="S")


def inner_eth():
    return Ether(src=MAC_C, dst=MAC_D) / inner_ip()


def outer_udp(sport, dport):
    return Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / IP(src=OUT_A, dst=OUT_B, id=7) / UDP(
        sport=sport, dport=dport)


def outer_ip(proto):
    return Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / IP(src=OUT_A, dst=OUT_B, id=7, proto=proto)


def outer_gre(proto):
    return Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / IP(src=OUT_A, dst=OUT_B, id=7) / GRE(proto=proto)


def outer_eth(ethertype):
    return Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02", type=ethertype)


def frames():
    f = {}
    f["geneve"] = outer_udp(40000, 6081) / GENEVE(vni=42, proto=0x6558, optionlen=2,
                                                    options=Raw(bytes(8))) / inner_eth()
    f["geneve_ip"] = outer_udp(40000, 6081) / GENEVE(vni=42, proto=0x0800) / inner_ip()
    f["teredo"] = outer_udp(3544, 40000) / inner_ip6()
    origin = struct.pack("!HH4s", 0, 0xFFFF ^ 3544, bytes([0xFF ^ 198, 0xFF ^ 51, 0xFF ^ 100, 0xFF ^ 1]))
    auth = struct.pack("!HBB", 1, 0, 0) + bytes(8) + b"\0"
    f["teredo_indicators"] = outer_udp(3544, 40000) / Raw(auth + origin) / inner_ip6()
    # AYIYA: idlen 4 (16-byte identity), idtype 1; siglen 5 (20-byte SHA-1), hash 2; auth 2, opcode 1
    ayiya = bytes([0x41, 0x52, 0x21, 41]) + struct.pack("!I", 1700000000) + bytes(16) + bytes(20)
    f["ayiya"] = outer_udp(40000, 5072) / Raw(ayiya) / inner_ip6()
    # CAPWAP data, 802.3 payload: HLEN 2 words, WBID 1, T=0
    capwap = bytes([0x00, 0x10, 0x02, 0x00]) + bytes(4)
    f["capwap_8023"] = outer_udp(40000, 5247) / Raw(capwap) / inner_eth()
    # CAPWAP data, native 802.11 (T=1) with a wireless specific info (W) block: HLEN 4 words
    capwap = bytes([0x00, 0x20, 0x03, 0x20]) + bytes(4) + bytes([0x01, 0x04, 0, 0, 0, 0, 0, 0])
    dot11 = bytes(Dot11(type=2, subtype=0, FCfield="to-DS", addr1="02:00:00:00:00:aa", addr2=MAC_C,
                        addr3=MAC_D) / LLC() / SNAP(code=0x0800) / inner_ip())
    swapped = bytes([dot11[1], dot11[0]]) + dot11[2:]  # Cisco controllers swap frame control
    f["capwap_80211"] = outer_udp(5247, 40000) / Raw(capwap + swapped)
    f["l2tpv2"] = outer_udp(1701, 1701) / L2TP(hdr=0, tunnel_id=1, session_id=2) / PPP(proto=0x0021) / inner_ip()
    ppp = bytes(PPP(proto=0x0021) / inner_ip())
    f["l2tpv2_len_seq"] = outer_udp(1701, 1701) / Raw(struct.pack("!HHHHHH", 0x4802, 12 + len(ppp), 1, 2, 0, 0) + ppp)
    f["l2tpv3_udp"] = outer_udp(1701, 1701) / Raw(struct.pack("!HHI", 0x0003, 0, 0x1234)) / inner_eth()
    f["l2tpv3_ip"] = outer_ip(115) / Raw(struct.pack("!I", 0x1234) + bytes(4)) / inner_eth()  # 4-byte cookie
    f["pbb"] = outer_eth(0x88E7) / Raw(struct.pack("!I", 0x00012345)) / inner_eth()
    f["vntag"] = outer_eth(0x8926) / Raw(struct.pack("!IH", 0x80010002, 0x0800)) / inner_ip()
    f["etag"] = outer_eth(0x893F) / Raw(struct.pack("!HIH", 0x0001, 0x00020003, 0x0800)) / inner_ip()
    f["nsh_eth"] = outer_eth(0x894F) / NSH(mdtype=2, nextproto=3, length=2, spi=7, si=255) / inner_eth()
    f["nsh_gre"] = outer_gre(0x894F) / NSH(mdtype=2, nextproto=1, length=2, spi=7, si=255) / inner_ip()
    f["vxlan_gpe_nsh"] = outer_udp(40000, 4790) / VXLAN(flags=0x0C, NextProtocol=4, vni=5) / NSH(
        mdtype=2, nextproto=1, length=2, spi=7, si=255) / inner_ip()
    f["erspan3"] = outer_gre(0x22EB) / ERSPAN_III(session_id=3, o=1) / Raw(bytes(8)) / inner_eth()
    f["mpls_gre"] = outer_gre(0x8847) / MPLS(label=100, s=1, ttl=64) / inner_ip()
    f["mpls_udp"] = outer_udp(40000, 6635) / MPLS(label=100, s=1, ttl=64) / inner_ip()
    f["fabricpath"] = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02", type=0x8903) / Raw(
        struct.pack("!H", 0x0140)) / Ether(src=MAC_C, dst=MAC_D) / Dot1Q(vlan=7) / inner_ip()
    return f


def link_frames():
    """(file name, DLT, frame) for the link types of issue 12; each carries inner_ip()."""
    ip = bytes(inner_ip())
    snap = bytes([0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x00])
    fddi = bytes([0x50]) + bytes.fromhex("02000000000d" "02000000000c") + snap + ip
    tlv = lambda t, v: struct.pack("<HH", 4 + len(v), t) + v + bytes(-len(v) % 4)
    nflog = bytes([2, 0]) + struct.pack("!H", 5) + tlv(1, bytes(4)) + tlv(10, b"test\0") + tlv(9, ip)
    ipoib = bytes(40) + struct.pack("!HH", 0x0800, 0) + ip
    pflog = bytes(PFLog(addrfamily=2, action=0, reason=0, iface="em0", ruleset="", rulenumber=1) / inner_ip())
    enc = struct.pack("<III", 2, 0x1000, 0) + ip
    ppp_serial = bytes([0xFF, 0x03, 0x00, 0x21]) + ip
    pppoe = struct.pack("!BBHHH", 0x11, 0, 0x0001, 2 + len(ip), 0x0021) + ip
    return [("link_fddi", 10, fddi), ("link_nflog", 239, nflog), ("link_ipoib", 242, ipoib),
            ("link_pflog", 117, pflog), ("link_enc", 109, enc), ("link_ppp_serial", 50, ppp_serial),
            ("link_ppp_ether", 51, pppoe)]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    for name, frame in frames().items():
        wrpcap(os.path.join(out, name + ".pcap"), [frame])
    for name, dlt, frame in link_frames():
        wrpcap(os.path.join(out, name + ".pcap"), [Raw(frame)], linktype=dlt)


if __name__ == "__main__":
    main()
