#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets in fuzz/corpus/<target>/ (not committed) from:
#   - samples/netmeter-sample.pcap (always),
#   - ../shared/pcaps/ndpi-4.2/pcap/ next to the repository, when it is there (or the folder in $NDPI_PCAPS),
#   - tests/data/encap/*.pcap (one frame per encapsulation decoder),
#   - any capture files given as arguments.
# Seeds:
#   fuzz_dissector  one file per distinct frame: the link-type byte, then the frame (first 40 of each capture)
#   fuzz_flow       the first 64 frames of each capture in fuzz_flow's record format (see fuzz_flow.cpp)
#   fuzz_pcap_file  the first 24 packets of each capture, in its own format (pcap or pcapng), up to 64 KB
#   fuzz_pcapng_reader  the pcapng ones among those, and tests/cli/make_mixed_pcapng.py's mixed-interface
#                   file in both byte orders
# Needs python3 and editcap (Debian package wireshark-common, which tshark pulls in). Idempotent: seeds are
# named by their SHA-1, so running it again only adds what is new.
#   fuzz/make_corpus.sh [CAPTURE...]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
ndpi=${NDPI_PCAPS:-$repo/../shared/pcaps/ndpi-4.2/pcap}
out=$here/corpus

command -v editcap >/dev/null || { echo "make_corpus: editcap not found (apt-get install wireshark-common)" >&2; exit 1; }

inputs=("$repo/samples/netmeter-sample.pcap")
if [ -d "$ndpi" ]; then
  while IFS= read -r -d '' f; do inputs+=("$f"); done < <(find "$ndpi" -maxdepth 1 -type f -print0 | sort -z)
else
  echo "make_corpus: $ndpi not found; seeding from the sample capture only" >&2
fi
# The encapsulation test frames (scapy-made, tests/data/encap) seed the decoders of issue 12.
while IFS= read -r -d '' f; do inputs+=("$f"); done < <(find "$repo/tests/data/encap" -name '*.pcap' -print0 | sort -z)
inputs+=("$@")

mkdir -p "$out/fuzz_dissector" "$out/fuzz_flow" "$out/fuzz_pcap_file" "$out/fuzz_pcapng_reader"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for order in "" --big-endian; do
  python3 "$repo/tests/cli/make_mixed_pcapng.py" "$work/mixed.pcapng" --count 2 $order
  cp "$work/mixed.pcapng" "$out/fuzz_pcapng_reader/$(sha1sum "$work/mixed.pcapng" | cut -c1-40)"
done

n=0
for f in "${inputs[@]}"; do
  n=$((n + 1))
  # First packets in the capture's own format, for the file parser.
  if editcap -r "$f" "$work/head" 1-24 >/dev/null 2>&1 && [ "$(stat -c %s "$work/head")" -le 65536 ]; then
    cp "$work/head" "$out/fuzz_pcap_file/$(sha1sum "$work/head" | cut -c1-40)"
    if [ "$(head -c 4 "$work/head" | od -An -tx1 | tr -d ' ')" = 0a0d0d0a ]; then
      cp "$work/head" "$out/fuzz_pcapng_reader/$(sha1sum "$work/head" | cut -c1-40)"
    fi
  fi
  # Classic pcap (editcap converts pcapng) for the frame extractor below; files mixing link types fail here.
  editcap -F pcap -r "$f" "$work/$n.pcap" 1-64 >/dev/null 2>&1 || rm -f "$work/$n.pcap"
done

python3 - "$work" "$out" <<'EOF'
import hashlib, pathlib, struct, sys

work, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
# libpcap DLT -> index of netmeter's core::LinkType (src/core/link_type.hpp / link_type.cpp).
LINK = {0: 6, 1: 0, 9: 10, 10: 12, 12: 3, 14: 3, 50: 10, 51: 13, 101: 3, 104: 11, 105: 9, 108: 7, 109: 15, 113: 1,
        117: 14, 127: 8, 228: 4, 229: 5, 239: 16, 242: 17, 276: 2}

def selector(link, cut):
    # fuzz_support.hpp: nibble 15 and a second byte for the link types past the 15th
    return bytes([link | cut << 4]) if link < 15 else bytes([15 | cut << 4, link - 15])

def frames(path):
    data = path.read_bytes()
    if len(data) < 24:
        return None, []
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        return None, []
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    dlt = struct.unpack(e + "I", data[20:24])[0] & 0x0FFFFFFF
    result, pos = [], 24
    while pos + 16 <= len(data):
        sec, frac, caplen, wire = struct.unpack(e + "IIII", data[pos:pos + 16])
        pos += 16
        frame = data[pos:pos + caplen]
        pos += caplen
        result.append((sec * 1_000_000 + (frac // 1000 if nano else frac), frame, wire))
    return dlt, result

def save(target, blob):
    path = out / target / hashlib.sha1(blob).hexdigest()
    if not path.exists():
        path.write_bytes(blob)

for pcap in sorted(work.glob("*.pcap")):
    dlt, packets = frames(pcap)
    if dlt not in LINK or not packets:
        continue
    link = LINK[dlt]
    for _, frame, wire in packets[:40]:
        cut = min(15, (wire - len(frame) + 96) // 97) if wire > len(frame) else 0
        save("fuzz_dissector", selector(link, cut) + frame)
    if link >= 15:
        continue  # fuzz_flow's selector byte reaches the first 15 link types only
    records, last = bytearray([link]), packets[0][0]
    for micros, frame, wire in packets:
        step = min(126, int((max(0, micros - last) // 1000) ** 0.5)) if micros >= last else 127
        last = micros
        frame = frame[:65535]
        records += struct.pack("<HB", len(frame), step | (0x80 if wire > len(frame) else 0)) + frame
    save("fuzz_flow", bytes(records))
EOF

for t in fuzz_dissector fuzz_flow fuzz_pcap_file fuzz_pcapng_reader; do
  printf '%-15s %6d seeds, %s\n' "$t" "$(find "$out/$t" -type f | wc -l)" "$(du -sh "$out/$t" | cut -f1)"
done
