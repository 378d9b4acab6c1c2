#!/usr/bin/env python3
"""Writes samples/netmeter-sample.pcap: a small, synthetic, protocol-correct capture for netmeter demos.

Everything in the file is made here, from the Python standard library only, and the output is the same
byte for byte on every run: timestamps start at 2026-01-01T00:00:00Z, addresses come from the
documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32, MACs
00:00:5e:00:53:xx) and the local range 192.168.1.0/24, and every "random" byte (TCP initial sequence
numbers, TLS randoms, encrypted records, keys) comes from SHA-256 over a fixed label.

The story: a workstation (192.168.1.10 / 2001:db8:1::10) behind its gateway, seen from a mirror port of
the access switch, so every frame shorter than 60 bytes arrives padded as on a real wire. It resolves a
few names (A and AAAA), opens a TLS 1.3 connection to www.example.com, downloads a page over plain
HTTP/1.1 (its request is lost once and retransmitted), pings its router, opens an SSH session over IPv6,
and synchronises its clock over NTP; a second host on VLAN 10 makes one DNS lookup through a tagged
trunk. IPv4, TCP, UDP and ICMP checksums are computed, and TCP sequence, acknowledgement and timestamp
option values follow each connection.

    scripts/make_sample_pcap.py                 write samples/netmeter-sample.pcap
    scripts/make_sample_pcap.py -o FILE         write elsewhere
"""

from __future__ import annotations

import argparse
import hashlib
import ipaddress
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

EPOCH = 1767225600  # 2026-01-01T00:00:00Z
NTP_UNIX_OFFSET = 2208988800  # seconds from 1900-01-01 to 1970-01-01
SNAPLEN = 262144
LINKTYPE_ETHERNET = 1

ETH_IPV4, ETH_IPV6, ETH_ARP, ETH_VLAN = 0x0800, 0x86DD, 0x0806, 0x8100
PROTO_ICMP, PROTO_TCP, PROTO_UDP = 1, 6, 17
FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10


def prand(label: str, n: int) -> bytes:
    """Deterministic pseudo-random bytes: SHA-256 in counter mode over a label."""
    out = bytearray()
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(f"netmeter-sample/{label}/{counter}".encode()).digest()
        counter += 1
    return bytes(out[:n])


def prand_u32(label: str) -> int:
    return struct.unpack("!I", prand(label, 4))[0]


def checksum(data: bytes) -> int:
    """The Internet checksum (RFC 1071)."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def mac(text: str) -> bytes:
    return bytes.fromhex(text.replace(":", ""))


def ip(text: str) -> bytes:
    return ipaddress.ip_address(text).packed


BROADCAST = mac("ff:ff:ff:ff:ff:ff")


# --- Hosts -------------------------------------------------------------------------------------------


@dataclass
class Host:
    name: str
    mac: bytes  # the MAC its frames carry on the capture link (the gateway's for remote hosts)
    v4: bytes | None = None
    v6: bytes | None = None
    ttl: int = 64  # TTL / hop limit its packets have when they reach the capture point
    ip_id: int = 0  # next IPv4 identification

    def next_id(self) -> int:
        value = self.ip_id
        self.ip_id = (self.ip_id + 1) & 0xFFFF
        return value


# --- Layer builders ----------------------------------------------------------------------------------


def ethernet(dst: bytes, src: bytes, ethertype: int, payload: bytes, vlan: int | None = None) -> bytes:
    if vlan is None:
        frame = dst + src + struct.pack("!H", ethertype) + payload
        minimum = 60
    else:
        frame = dst + src + struct.pack("!HHH", ETH_VLAN, vlan & 0x0FFF, ethertype) + payload
        minimum = 64
    return frame + b"\0" * max(0, minimum - len(frame))  # the wire minimum, FCS not captured


def ipv4(src: Host, dst: Host, proto: int, payload: bytes, df: bool = True, tos: int = 0) -> bytes:
    header = struct.pack(
        "!BBHHHBBH4s4s", 0x45, tos, 20 + len(payload), src.next_id(), 0x4000 if df else 0, src.ttl, proto, 0,
        src.v4, dst.v4,
    )
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + payload


def ipv6(src: Host, dst: Host, next_header: int, payload: bytes, flow_label: int = 0) -> bytes:
    first = (6 << 28) | (flow_label & 0xFFFFF)
    return struct.pack("!IHBB16s16s", first, len(payload), next_header, src.ttl, src.v6, dst.v6) + payload


def pseudo_header(src: bytes, dst: bytes, proto: int, length: int) -> bytes:
    if len(src) == 4:
        return src + dst + struct.pack("!BBH", 0, proto, length)
    return src + dst + struct.pack("!IxxxB", length, proto)


def udp(src_ip: bytes, dst_ip: bytes, sport: int, dport: int, payload: bytes) -> bytes:
    length = 8 + len(payload)
    segment = struct.pack("!HHHH", sport, dport, length, 0) + payload
    value = checksum(pseudo_header(src_ip, dst_ip, PROTO_UDP, length) + segment) or 0xFFFF
    return segment[:6] + struct.pack("!H", value) + segment[8:]


def tcp(src_ip: bytes, dst_ip: bytes, sport: int, dport: int, seq: int, ack: int, flags: int, window: int,
        options: bytes, payload: bytes) -> bytes:
    assert len(options) % 4 == 0
    offset = (20 + len(options)) // 4
    header = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, offset << 4, flags, window, 0, 0) + options
    segment = header + payload
    value = checksum(pseudo_header(src_ip, dst_ip, PROTO_TCP, len(segment)) + segment)
    return segment[:16] + struct.pack("!H", value) + segment[18:]


def icmp(icmp_type: int, code: int, rest: bytes) -> bytes:
    message = struct.pack("!BBH", icmp_type, code, 0) + rest
    return message[:2] + struct.pack("!H", checksum(message)) + message[4:]


# --- The capture -------------------------------------------------------------------------------------


@dataclass
class Capture:
    frames: list[tuple[int, bytes]] = field(default_factory=list)  # (microseconds since EPOCH, frame)

    def add(self, t: float, frame: bytes) -> None:
        self.frames.append((round(t * 1_000_000), frame))

    def write(self, path: Path) -> None:
        self.frames.sort(key=lambda f: f[0])  # stable: frames at the same instant keep their order
        out = bytearray(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, SNAPLEN, LINKTYPE_ETHERNET))
        for micros, frame in self.frames:
            seconds, usec = divmod(micros, 1_000_000)
            out += struct.pack("<IIII", EPOCH + seconds, usec, len(frame), len(frame)) + frame
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(out))


def send_ip(cap: Capture, t: float, src: Host, dst: Host, proto: int, l4: bytes, v6: bool = False,
            vlan: int | None = None) -> None:
    if v6:
        cap.add(t, ethernet(dst.mac, src.mac, ETH_IPV6, ipv6(src, dst, proto, l4), vlan))
    else:
        cap.add(t, ethernet(dst.mac, src.mac, ETH_IPV4, ipv4(src, dst, proto, l4), vlan))


def send_udp(cap: Capture, t: float, src: Host, dst: Host, sport: int, dport: int, payload: bytes,
             v6: bool = False, vlan: int | None = None) -> None:
    a, b = (src.v6, dst.v6) if v6 else (src.v4, dst.v4)
    send_ip(cap, t, src, dst, PROTO_UDP, udp(a, b, sport, dport, payload), v6, vlan)


# --- TCP connections ---------------------------------------------------------------------------------


class TcpConnection:
    """Both ends of one TCP connection with Linux-style options: MSS, SACK permitted, timestamps and
    window scaling on the SYNs, timestamps on every later segment. Tracks what each side has sent and
    received, so sequence, acknowledgement and TSecr values are those a real stack would put there."""

    def __init__(self, cap: Capture, client: Host, server: Host, cport: int, sport: int, label: str,
                 v6: bool = False, mss: int = 1460):
        self.cap, self.v6, self.mss = cap, v6, mss
        self.hosts = (client, server)
        self.ports = (cport, sport)
        self.snd_nxt = [prand_u32(label + "/isn-c"), prand_u32(label + "/isn-s")]
        self.rcv_nxt = [0, 0]
        self.ts_base = [prand_u32(label + "/ts-c") >> 4, prand_u32(label + "/ts-s") >> 4]
        self.ts_recent = [0, 0]
        self.syn_window = (64240, 65160 if not v6 else 64800)
        self.window = (502, 509)  # after the handshake, scaled by 2^7
        self.established = False

    def _tsval(self, side: int, t: float) -> int:
        return (self.ts_base[side] + int(t * 1000)) & 0xFFFFFFFF

    def segment(self, t: float, side: int, flags: int, payload: bytes = b"", delivered: bool = True,
                seq: int | None = None) -> None:
        """Sends one segment from `side` (0 client, 1 server) at capture time `t`. `delivered=False` is
        a segment lost after the capture point; `seq` replays an earlier sequence number."""
        other = 1 - side
        src, dst = self.hosts[side], self.hosts[other]
        tsval = self._tsval(side, t)
        if flags & SYN:
            mss = struct.pack("!BBH", 2, 4, self.mss)
            ts = struct.pack("!BBII", 8, 10, tsval, self.ts_recent[side] if flags & ACK else 0)
            options = mss + b"\x04\x02" + ts + b"\x01\x03\x03\x07"
            window = self.syn_window[side]
        else:
            options = b"\x01\x01" + struct.pack("!BBII", 8, 10, tsval, self.ts_recent[side])
            window = self.window[side]
        assert len(payload) <= self.mss - 12, "segment larger than the MSS"
        this_seq = self.snd_nxt[side] if seq is None else seq
        ack = self.rcv_nxt[side] if flags & ACK else 0
        a, b = (src.v6, dst.v6) if self.v6 else (src.v4, dst.v4)
        l4 = tcp(a, b, self.ports[side], self.ports[other], this_seq, ack, flags, window, options, payload)
        send_ip(self.cap, t, src, dst, PROTO_TCP, l4, self.v6)
        length = len(payload) + (1 if flags & SYN else 0) + (1 if flags & FIN else 0)
        if seq is None:
            self.snd_nxt[side] = (self.snd_nxt[side] + length) & 0xFFFFFFFF
        if delivered:
            end = (this_seq + length) & 0xFFFFFFFF
            if flags & SYN:
                self.rcv_nxt[other] = end
            elif ((end - self.rcv_nxt[other]) & 0xFFFFFFFF) < 0x80000000:
                self.rcv_nxt[other] = end
            self.ts_recent[other] = tsval

    def handshake(self, t: float, rtt: float) -> float:
        self.segment(t, 0, SYN)
        self.segment(t + rtt, 1, SYN | ACK)
        self.segment(t + rtt + 0.000060, 0, ACK)
        return t + rtt + 0.000060

    def send(self, t: float, side: int, data: bytes, gap: float = 0.000012) -> float:
        """Sends `data` from `side` in MSS-sized segments (PSH on the last), `gap` apart; returns the
        time of the last one."""
        chunk = self.mss - 12
        pieces = [data[i:i + chunk] for i in range(0, len(data), chunk)] or [b""]
        for i, piece in enumerate(pieces):
            self.segment(t + i * gap, side, ACK | (PSH if i == len(pieces) - 1 else 0), piece)
        return t + (len(pieces) - 1) * gap

    def ack(self, t: float, side: int) -> None:
        self.segment(t, side, ACK)


# --- DNS ---------------------------------------------------------------------------------------------

TYPE_A, TYPE_AAAA, CLASS_IN = 1, 28, 1


def dns_name(name: str) -> bytes:
    return b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"


def dns_query(txid: int, name: str, qtype: int) -> bytes:
    return struct.pack("!HHHHHH", txid, 0x0100, 1, 0, 0, 0) + dns_name(name) + struct.pack("!HH", qtype, CLASS_IN)


def dns_response(txid: int, name: str, qtype: int, answers: list[bytes], ttl: int) -> bytes:
    """A NOERROR answer; each answer's owner name points back at the question (offset 12)."""
    out = struct.pack("!HHHHHH", txid, 0x8180, 1, len(answers), 0, 0) + dns_name(name)
    out += struct.pack("!HH", qtype, CLASS_IN)
    for rdata in answers:
        out += struct.pack("!HHHIH", 0xC00C, qtype, CLASS_IN, ttl, len(rdata)) + rdata
    return out


def dns_lookup(cap: Capture, t: float, client: Host, resolver: Host, sport: int, name: str, label: str,
               a: list[str], aaaa: list[str], delay: float, vlan: int | None = None) -> None:
    """A glibc-style lookup: A and AAAA queries from one socket, then both answers."""
    id_a, id_aaaa = struct.unpack("!HH", prand("dns/" + label, 4))
    send_udp(cap, t, client, resolver, sport, 53, dns_query(id_a, name, TYPE_A), vlan=vlan)
    send_udp(cap, t + 0.000045, client, resolver, sport, 53, dns_query(id_aaaa, name, TYPE_AAAA), vlan=vlan)
    send_udp(cap, t + delay, resolver, client, 53, sport,
             dns_response(id_a, name, TYPE_A, [ip(x) for x in a], 300), vlan=vlan)
    send_udp(cap, t + delay + 0.000210, resolver, client, 53, sport,
             dns_response(id_aaaa, name, TYPE_AAAA, [ip(x) for x in aaaa], 300), vlan=vlan)


# --- TLS 1.3 -----------------------------------------------------------------------------------------


def u8(b: bytes) -> bytes:
    return bytes([len(b)]) + b


def u16(b: bytes) -> bytes:
    return struct.pack("!H", len(b)) + b


def u24(b: bytes) -> bytes:
    return struct.pack("!I", len(b))[1:] + b


def tls_ext(ext_type: int, body: bytes) -> bytes:
    return struct.pack("!H", ext_type) + u16(body)


def tls_record(content_type: int, body: bytes, version: int = 0x0303) -> bytes:
    return struct.pack("!BH", content_type, version) + u16(body)


def tls_client_hello(sni: str, label: str) -> bytes:
    suites = [0x1301, 0x1303, 0x1302, 0xC02B, 0xC02F, 0xCCA9, 0xCCA8, 0xC02C, 0xC030, 0xC013, 0xC014, 0x009C,
              0x009D, 0x002F, 0x0035]
    sig_algs = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601]
    extensions = b"".join([
        tls_ext(0x0000, u16(b"\x00" + u16(sni.encode()))),              # server_name
        tls_ext(0x0017, b""),                                           # extended_master_secret
        tls_ext(0xFF01, b"\x00"),                                       # renegotiation_info
        tls_ext(0x000A, u16(struct.pack("!3H", 0x001D, 0x0017, 0x0018))),  # supported_groups
        tls_ext(0x000B, u8(b"\x00")),                                   # ec_point_formats
        tls_ext(0x0023, b""),                                           # session_ticket
        tls_ext(0x0010, u16(u8(b"h2") + u8(b"http/1.1"))),              # ALPN
        tls_ext(0x0005, b"\x01\x00\x00\x00\x00"),                       # status_request
        tls_ext(0x000D, u16(struct.pack(f"!{len(sig_algs)}H", *sig_algs))),  # signature_algorithms
        tls_ext(0x0033, u16(struct.pack("!H", 0x001D) + u16(prand(label + "/kx-c", 32)))),  # key_share
        tls_ext(0x002B, u8(struct.pack("!2H", 0x0304, 0x0303))),        # supported_versions
        tls_ext(0x002D, u8(b"\x01")),                                   # psk_key_exchange_modes
    ])
    body = (struct.pack("!H", 0x0303) + prand(label + "/random-c", 32) + u8(prand(label + "/session", 32))
            + u16(struct.pack(f"!{len(suites)}H", *suites)) + u8(b"\x00") + u16(extensions))
    return tls_record(0x16, b"\x01" + u24(body), version=0x0301)


def tls_server_hello(label: str) -> bytes:
    extensions = (tls_ext(0x002B, struct.pack("!H", 0x0304))
                  + tls_ext(0x0033, struct.pack("!H", 0x001D) + u16(prand(label + "/kx-s", 32))))
    body = (struct.pack("!H", 0x0303) + prand(label + "/random-s", 32) + u8(prand(label + "/session", 32))
            + struct.pack("!HB", 0x1301, 0) + u16(extensions))
    return tls_record(0x16, b"\x02" + u24(body))


def tls_app_data(label: str, length: int) -> bytes:
    """An encrypted TLS 1.3 record (content type application_data) of `length` ciphertext bytes."""
    return tls_record(0x17, prand(label, length))


CHANGE_CIPHER_SPEC = tls_record(0x14, b"\x01")


# --- SSH ---------------------------------------------------------------------------------------------


def ssh_string(b: bytes) -> bytes:
    return struct.pack("!I", len(b)) + b


def ssh_packet(payload: bytes, label: str) -> bytes:
    """An unencrypted SSH binary packet (RFC 4253 section 6), block size 8."""
    padding = 8 - (5 + len(payload)) % 8
    if padding < 4:
        padding += 8
    return struct.pack("!IB", 1 + len(payload) + padding, padding) + payload + prand(label, padding)


def ssh_kexinit(label: str, kex: str, hostkeys: str) -> bytes:
    ciphers = b"chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com"
    macs = b"umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com"
    compression = b"none,zlib@openssh.com"
    lists = [kex.encode(), hostkeys.encode(), ciphers, ciphers, macs, macs, compression, compression, b"", b""]
    payload = b"\x14" + prand(label + "/cookie", 16) + b"".join(ssh_string(x) for x in lists) + b"\x00" + b"\0\0\0\0"
    return ssh_packet(payload, label + "/pad")


def ssh_encrypted(label: str, payload_len: int) -> bytes:
    """A chacha20-poly1305 packet as it looks on the wire: encrypted length, encrypted body, 16-byte tag."""
    return prand(label, 4 + payload_len + 16)


# --- The traffic -------------------------------------------------------------------------------------


def build() -> Capture:
    cap = Capture()
    gw_mac = mac("00:00:5e:00:53:01")
    ws = Host("workstation", mac("00:00:5e:00:53:0a"), ip("192.168.1.10"), ip("2001:db8:1::10"), ttl=64,
              ip_id=0x3c10)
    gateway = Host("gateway", gw_mac, ip("192.168.1.1"), ttl=64, ip_id=0x0000)
    printer = Host("vlan10-host", mac("00:00:5e:00:53:32"), ip("192.168.1.50"), ttl=64, ip_id=0x6d02)
    resolver = Host("resolver", gw_mac, ip("192.0.2.53"), ttl=58, ip_id=0x9a41)
    router = Host("router", gw_mac, ip("192.0.2.1"), ttl=63, ip_id=0x11e0)
    tls_server = Host("www.example.com", gw_mac, ip("198.51.100.10"), ip("2001:db8:2::10"), ttl=54, ip_id=0)
    web = Host("download.example.org", gw_mac, ip("203.0.113.80"), ttl=52, ip_id=0)
    git = Host("git.example.org", gw_mac, ip("203.0.113.22"), ip("2001:db8:2::22"), ttl=57)
    ntp = Host("ntp.example.net", gw_mac, ip("192.0.2.123"), ttl=59, ip_id=0x5000)

    # 0.000: the workstation resolves its gateway's MAC.
    arp_request = struct.pack("!HHBBH6s4s6s4s", 1, ETH_IPV4, 6, 4, 1, ws.mac, ws.v4, b"\0" * 6, gateway.v4)
    cap.add(0.000000, ethernet(BROADCAST, ws.mac, ETH_ARP, arp_request))
    arp_reply = struct.pack("!HHBBH6s4s6s4s", 1, ETH_IPV4, 6, 4, 2, gw_mac, gateway.v4, ws.mac, ws.v4)
    cap.add(0.000412, ethernet(ws.mac, gw_mac, ETH_ARP, arp_reply))

    # 0.010: www.example.com (A and AAAA), then TLS 1.3 to it over IPv4.
    dns_lookup(cap, 0.010000, ws, resolver, 41873, "www.example.com", "www",
               ["198.51.100.10"], ["2001:db8:2::10"], delay=0.018420)
    conn = TcpConnection(cap, ws, tls_server, 51442, 443, "tls")
    rtt = 0.017800
    t = conn.handshake(0.030000, rtt)
    t = conn.send(t + 0.000350, 0, tls_client_hello("www.example.com", "tls"))
    conn.ack(t + rtt * 0.5, 1)
    server_flight = (tls_server_hello("tls") + CHANGE_CIPHER_SPEC
                     + tls_app_data("tls/enc-ext", 32) + tls_app_data("tls/certificate", 2617)
                     + tls_app_data("tls/cert-verify", 281) + tls_app_data("tls/finished", 69))
    t = conn.send(t + rtt + 0.000900, 1, server_flight)
    conn.ack(t + 0.000040, 0)
    t = conn.send(t + 0.002100, 0, CHANGE_CIPHER_SPEC + tls_app_data("tls/client-finished", 69))
    t = conn.send(t + 0.000150, 0, tls_app_data("tls/h2-preface", 178))
    t = conn.send(t + rtt + 0.000300, 1, tls_app_data("tls/ticket-1", 249) + tls_app_data("tls/ticket-2", 249))
    conn.ack(t + 0.000030, 0)
    t = conn.send(t + 0.011200, 1, tls_app_data("tls/h2-response", 1210) + tls_app_data("tls/h2-body", 3075),
                  gap=0.000010)
    conn.ack(t + 0.000035, 0)
    t = conn.send(t + 0.040000, 0, tls_app_data("tls/h2-goaway", 43))
    t = conn.send(t + 0.000110, 0, tls_app_data("tls/client-close-notify", 19))
    conn.segment(t + 0.000020, 0, FIN | ACK)
    t = conn.send(t + rtt, 1, tls_app_data("tls/server-close-notify", 19))
    conn.segment(t + 0.000008, 1, FIN | ACK)
    conn.ack(t + 0.000060, 0)

    # 1.000: download.example.org, then an HTTP/1.1 download whose request is lost once.
    dns_lookup(cap, 1.000000, ws, resolver, 57114, "download.example.org", "download",
               ["203.0.113.80"], [], delay=0.021730)
    conn = TcpConnection(cap, ws, web, 45938, 80, "http")
    rtt = 0.024100
    t = conn.handshake(1.030000, rtt)
    request = (b"GET /releases/notes.html HTTP/1.1\r\nHost: download.example.org\r\n"
               b"User-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n")
    sent = t + 0.000210
    conn.segment(sent, 0, PSH | ACK, request, delivered=False)
    first_seq = (conn.snd_nxt[0] - len(request)) & 0xFFFFFFFF
    retransmitted = sent + 0.208000 + rtt  # Linux's minimum RTO (200 ms) plus the smoothed RTT
    conn.segment(retransmitted, 0, PSH | ACK, request, seq=first_seq)
    body = build_html()
    response = (b"HTTP/1.1 200 OK\r\nServer: nginx/1.24.0\r\nDate: Thu, 01 Jan 2026 00:00:01 GMT\r\n"
                b"Content-Type: text/html; charset=utf-8\r\n" + f"Content-Length: {len(body)}\r\n".encode()
                + b"Last-Modified: Mon, 15 Dec 2025 09:30:00 GMT\r\nConnection: keep-alive\r\n"
                b"ETag: \"693fd3a8-" + f"{len(body):x}".encode() + b"\"\r\nAccept-Ranges: bytes\r\n\r\n" + body)
    conn.ack(retransmitted + rtt, 1)
    t = conn.send(retransmitted + rtt + 0.000420, 1, response)
    conn.ack(t + 0.000045, 0)
    conn.segment(t + 0.000410, 0, FIN | ACK)
    conn.segment(t + 0.000410 + rtt, 1, FIN | ACK)
    conn.ack(t + 0.000470 + rtt, 0)

    # 2.000: two pings to the router, one second apart.
    for i, when in enumerate((2.000000, 3.000000)):
        seconds, usec = divmod(round((EPOCH + when) * 1_000_000), 1_000_000)
        data = struct.pack("<qq", seconds, usec) + bytes(range(0x10, 0x38))  # Linux ping: timeval, pattern
        echo = struct.pack("!HH", 0x4D2E, i + 1) + data
        send_ip(cap, when, ws, router, PROTO_ICMP, icmp(8, 0, echo))
        send_ip(cap, when + 0.001870 + i * 0.000090, router, ws, PROTO_ICMP, icmp(0, 0, echo))

    # 4.000: git.example.org, then SSH to it over IPv6.
    dns_lookup(cap, 4.000000, ws, resolver, 38201, "git.example.org", "git",
               ["203.0.113.22"], ["2001:db8:2::22"], delay=0.015200)
    conn = TcpConnection(cap, ws, git, 50522, 22, "ssh", v6=True, mss=1440)
    rtt = 0.031300
    t = conn.handshake(4.020000, rtt)
    t = conn.send(t + 0.000420, 0, b"SSH-2.0-OpenSSH_9.6\r\n")
    t = conn.send(t + rtt + 0.001300, 1, b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n")
    conn.ack(t + 0.000040, 0)
    client_kex = ("sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,"
                  "ecdh-sha2-nistp256,ecdh-sha2-nistp384,diffie-hellman-group16-sha512,"
                  "diffie-hellman-group14-sha256,ext-info-c,kex-strict-c-v00@openssh.com")
    t = conn.send(t + 0.000300, 0, ssh_kexinit("ssh/kexinit-c", client_kex,
                                               "ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256"))
    server_kex = ("curve25519-sha256,curve25519-sha256@libssh.org,"
                  "ecdh-sha2-nistp256,diffie-hellman-group14-sha256,kex-strict-s-v00@openssh.com")
    t = conn.send(t + 0.000900, 1, ssh_kexinit("ssh/kexinit-s", server_kex,
                                               "rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256,ssh-ed25519"))
    t = conn.send(t + 0.000500, 0, ssh_packet(b"\x1e" + ssh_string(prand("ssh/q-c", 32)), "ssh/ecdh-init"))
    host_key = ssh_string(b"ssh-ed25519") + ssh_string(prand("ssh/host-key", 32))
    signature = ssh_string(b"ssh-ed25519") + ssh_string(prand("ssh/signature", 64))
    reply = b"\x1f" + ssh_string(host_key) + ssh_string(prand("ssh/q-s", 32)) + ssh_string(signature)
    t = conn.send(t + rtt + 0.002400, 1, ssh_packet(reply, "ssh/ecdh-reply") + ssh_packet(b"\x15", "ssh/newkeys-s"))
    t = conn.send(t + 0.000400, 0, ssh_packet(b"\x15", "ssh/newkeys-c"))
    # Encrypted from here: service request, authentication, channel, a short session, logout.
    exchanges = [(0, 24), (1, 24), (0, 56), (1, 1008), (0, 88), (1, 24), (0, 104), (1, 408), (1, 56),
                 (0, 40), (1, 120), (0, 32), (1, 536), (0, 32), (1, 88), (1, 32), (0, 32)]
    for i, (side, size) in enumerate(exchanges):
        gap = rtt + 0.000600 if i == 0 or exchanges[i - 1][0] != side else 0.000300
        t = conn.send(t + gap, side, ssh_encrypted(f"ssh/enc-{i}", size))
    conn.segment(t + 0.000300, 0, FIN | ACK)
    conn.segment(t + 0.000300 + rtt, 1, FIN | ACK)
    conn.ack(t + 0.000360 + rtt, 0)

    # 5.000: an NTP poll (client and server both on port 123, as ntpd does).
    dns_lookup(cap, 5.000000, ws, resolver, 60423, "ntp.example.net", "ntp", ["192.0.2.123"], [],
               delay=0.012900)
    sent = 5.020000
    origin = ntp_timestamp(sent + 0.000002)
    query = struct.pack("!BBbbII4s", 0x23, 0, 6, -20, 0, 0, b"\0" * 4) + b"\0" * 24 + origin
    send_udp(cap, sent, ws, ntp, 123, 123, query)
    rtt = 0.022600
    received = ntp_timestamp(sent + rtt / 2 - 0.000310)
    transmitted = ntp_timestamp(sent + rtt / 2 - 0.000290)
    reference = ntp_timestamp(sent - 311.482113)
    answer = (struct.pack("!BBbbII4s", 0x24, 2, 6, -24, 0x0000_0A3D, 0x0000_1C29, ip("203.0.113.123"))
              + reference + origin + received + transmitted)
    send_udp(cap, sent + rtt, ntp, ws, 123, 123, answer)

    # 6.000: a host on VLAN 10, seen on the tagged trunk, looks up a name.
    vlan_gw = Host("resolver-via-vlan10", gw_mac, resolver.v4, ttl=58, ip_id=0xB7C0)
    dns_lookup(cap, 6.000000, printer, vlan_gw, 33017, "updates.example.com", "vlan",
               ["203.0.113.44"], [], delay=0.019300, vlan=10)
    return cap


def ntp_timestamp(t: float) -> bytes:
    """NTP's 64-bit timestamp for `t` seconds after EPOCH."""
    micros = round(t * 1_000_000)
    seconds, usec = divmod(micros, 1_000_000)
    fraction = (usec << 32) // 1_000_000
    return struct.pack("!II", EPOCH + seconds + NTP_UNIX_OFFSET, fraction)


def build_html() -> bytes:
    items = "".join(
        f"    <li>netmeter 0.{i}.0: decoder, flow and report changes (build {1000 + 37 * i})</li>\n"
        for i in range(1, 25))
    page = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n"
            "  <title>Release notes</title>\n</head>\n<body>\n  <h1>Release notes</h1>\n  <ul>\n"
            + items + "  </ul>\n</body>\n</html>\n")
    return page.encode()


def main() -> int:
    default = Path(__file__).resolve().parent.parent / "samples" / "netmeter-sample.pcap"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=default, help=f"where to write (default {default})")
    args = parser.parse_args()
    cap = build()
    cap.write(args.output)
    print(f"wrote {args.output}: {len(cap.frames)} frames, {args.output.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
