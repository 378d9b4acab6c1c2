#!/usr/bin/env python3
"""Writes a pcapng whose interfaces differ in link type and snap length (libpcap 1.10 refuses it).

Interface 0: Ethernet (DLT 1), snaplen 65535, microseconds.
Interface 1: raw IP (DLT 101), snaplen 96, nanoseconds (if_tsresol 9), if_tsoffset 10 s.
Interface 2: Linux SLL (DLT 113), snaplen 128, if_tsresol 2^-10.
Blocks: SHB, 3 IDBs, a name resolution block (skipped), EPBs on every interface, an SPB (interface 0)
and an obsolete PB. `--big-endian` writes the section in big-endian byte order. Standard library only.

Usage: make_mixed_pcapng.py OUT [--big-endian] [--count N]
"""
import argparse
import struct


def pad4(b):
    return b + b"\0" * (-len(b) % 4)


def block(e, btype, body):
    total = 12 + len(body)
    return struct.pack(e + "II", btype, total) + body + struct.pack(e + "I", total)


def option(e, code, value):
    return struct.pack(e + "HH", code, len(value)) + pad4(value)


def ipv4_udp(src, dst, sport, dport, payload):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0, bytes(src), bytes(dst))
    return hdr + udp


def ethernet(ip):
    return bytes.fromhex("020000000002" "020000000001" "0800") + ip


def sll(ip):
    return struct.pack("!HHH8sH", 0, 1, 6, bytes.fromhex("0200000000030000"), 0x0800) + ip


def frames(count):
    """(interface, frame) pairs, hosts 10.0.<i>.1 -> 10.0.<i>.2 per interface i."""
    out = []
    for n in range(count):
        for i, wrap in ((0, ethernet), (1, lambda ip: ip), (2, sll)):
            payload = bytes(200 + n % 7)  # longer than interfaces 1 and 2 snap lengths
            out.append((i, wrap(ipv4_udp([10, 0, i, 1], [10, 0, i, 2], 1000 + n, 53, payload))))
    return out


def build(big_endian, count):
    e = ">" if big_endian else "<"
    snaplens = {0: 65535, 1: 96, 2: 128}
    out = block(e, 0x0A0D0D0A, struct.pack(e + "IHHq", 0x1A2B3C4D, 1, 0, -1) + option(e, 0, b""))
    out += block(e, 1, struct.pack(e + "HHI", 1, 0, snaplens[0]) + option(e, 0, b""))
    out += block(e, 1, struct.pack(e + "HHI", 101, 0, snaplens[1]) + option(e, 9, b"\x09") +
                 option(e, 14, struct.pack(e + "q", 10)) + option(e, 0, b""))
    out += block(e, 1, struct.pack(e + "HHI", 113, 0, snaplens[2]) + option(e, 9, b"\x8a") + option(e, 0, b""))
    out += block(e, 4, struct.pack(e + "HH", 0, 0))  # empty name resolution block: skipped
    ticks = {0: 10**6, 1: 10**9, 2: 1024}
    for k, (i, f) in enumerate(frames(count)):
        cap = f[:snaplens[i]]
        t = (1_700_000_000 + k) * ticks[i]
        out += block(e, 6, struct.pack(e + "IIIII", i, t >> 32, t & 0xFFFFFFFF, len(cap), len(f)) + pad4(cap))
    f = ethernet(ipv4_udp([10, 0, 9, 1], [10, 0, 9, 2], 7, 7, bytes(10)))
    out += block(e, 3, struct.pack(e + "I", len(f)) + pad4(f))  # simple packet block: interface 0
    t = 1_700_000_500 * 10**6
    out += block(e, 2, struct.pack(e + "HHIIII", 0, 0, t >> 32, t & 0xFFFFFFFF, len(f), len(f)) + pad4(f))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--big-endian", action="store_true")
    ap.add_argument("--count", type=int, default=5)
    a = ap.parse_args()
    with open(a.out, "wb") as fh:
        fh.write(build(a.big_endian, a.count))


if __name__ == "__main__":
    main()
