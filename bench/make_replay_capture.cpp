// Builds a large replay capture for the throughput benchmark out of many small ones.
//
//   netmeter_make_replay_capture --mode repeat|newflows --packets N -o OUT.pcap [options] FILE...
//
// Reads every input (pcap or pcapng) once, keeps those whose link type is Ethernet (others, and files
// libpcap cannot open, are skipped with a note on stderr), and writes copies of their concatenation
// until N packets have been written (the last copy is cut short). Timestamps increase monotonically:
// within a copy each packet keeps its gap to the previous one (gaps are capped, see --max-gap-us, and
// a backwards step counts as no gap), files follow each other 1 ms apart, and each copy starts 1 ms
// after the previous one ended.
//
// Modes:
//   repeat    every copy is byte-identical to the first: the flows repeat (flow-table hit path).
//   newflows  copy k XORs the last two bytes of every IPv4/IPv6 source and destination address with k
//             (copy 0 is unchanged), so nearly every flow of a copy is new (miss and DPI path). The IPv4
//             header checksum and the TCP/UDP/ICMPv6 checksums are adjusted incrementally (RFC 1624),
//             so a checksum that was right stays right. Only IPv4/IPv6 directly over Ethernet (after
//             any number of 802.1Q/802.1ad tags) is rewritten; everything else is copied unchanged.
//
// The output is a classic microsecond pcap with link type Ethernet, written to OUT.tmp and renamed.

#include <pcap/pcap.h>

#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Packet {
  int64_t t_ns;     // time relative to the start of a copy
  uint32_t caplen;  // bytes stored
  uint32_t len;     // bytes on the wire
  size_t offset;    // into the data buffer
};

struct Template {
  std::vector<uint8_t> data;
  std::vector<Packet> packets;
  int64_t span_ns = 0;  // distance from the start of one copy to the start of the next
  size_t files_used = 0;
  size_t files_skipped = 0;
};

struct Options {
  std::string mode;
  uint64_t packets = 0;
  std::string output;
  int64_t max_gap_ns = 100'000;  // 100 us: keeps a copy shorter than an idle timeout (see header)
  int64_t start_ns = int64_t{1'700'000'000} * 1'000'000'000;  // 2023-11-14, fixed for reproducibility
  bool quiet = false;
  std::vector<std::string> inputs;
};

constexpr int64_t kFileGapNs = 1'000'000;  // 1 ms between files and between copies

[[noreturn]] void usage(const char* msg) {
  if (msg) std::fprintf(stderr, "make_replay_capture: %s\n", msg);
  std::fprintf(stderr,
               "usage: netmeter_make_replay_capture --mode repeat|newflows --packets N -o OUT.pcap\n"
               "                                    [--max-gap-us US] [--start-epoch S] [-q] FILE...\n");
  std::exit(2);
}

uint64_t parse_u64(const char* s, const char* what) {
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0') usage((std::string("bad number for ") + what).c_str());
  return v;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage((a + " needs a value").c_str());
      return argv[++i];
    };
    if (a == "--mode")
      o.mode = value();
    else if (a == "--packets")
      o.packets = parse_u64(value(), "--packets");
    else if (a == "-o" || a == "--output")
      o.output = value();
    else if (a == "--max-gap-us")
      o.max_gap_ns = static_cast<int64_t>(parse_u64(value(), "--max-gap-us")) * 1000;
    else if (a == "--start-epoch")
      o.start_ns = static_cast<int64_t>(parse_u64(value(), "--start-epoch")) * 1'000'000'000;
    else if (a == "-q" || a == "--quiet")
      o.quiet = true;
    else if (a == "-h" || a == "--help")
      usage(nullptr);
    else if (!a.empty() && a[0] == '-')
      usage(("unknown option " + a).c_str());
    else
      o.inputs.push_back(a);
  }
  if (o.mode != "repeat" && o.mode != "newflows") usage("--mode must be repeat or newflows");
  if (o.packets == 0) usage("--packets must be positive");
  if (o.output.empty()) usage("-o OUT.pcap is required");
  if (o.inputs.empty()) usage("no input files");
  return o;
}

// Appends the packets of one file to the template, on the template's timeline.
void load_file(const std::string& path, const Options& o, Template& t, int64_t& clock_ns) {
  char err[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, err);
  if (p == nullptr) {
    if (!o.quiet) std::fprintf(stderr, "make_replay_capture: skipping %s: %s\n", path.c_str(), err);
    ++t.files_skipped;
    return;
  }
  int dlt = pcap_datalink(p);
  if (dlt != DLT_EN10MB) {
    if (!o.quiet) {
      const char* name = pcap_datalink_val_to_name(dlt);
      std::fprintf(stderr, "make_replay_capture: skipping %s: link type %d (%s), not Ethernet\n",
                   path.c_str(), dlt, name ? name : "unknown");
    }
    pcap_close(p);
    ++t.files_skipped;
    return;
  }
  size_t before = t.packets.size();
  bool first = true;
  int64_t prev_orig = 0;
  pcap_pkthdr* h = nullptr;
  const u_char* d = nullptr;
  int rc;
  while ((rc = pcap_next_ex(p, &h, &d)) == 1) {
    int64_t orig = int64_t{h->ts.tv_sec} * 1'000'000'000 + h->ts.tv_usec;  // tv_usec holds ns here
    if (first) {
      if (!t.packets.empty()) clock_ns += kFileGapNs;
      first = false;
    } else {
      int64_t gap = orig - prev_orig;
      if (gap < 0) gap = 0;
      if (gap > o.max_gap_ns) gap = o.max_gap_ns;
      clock_ns += gap;
    }
    prev_orig = orig;
    t.packets.push_back({clock_ns, h->caplen, h->len < h->caplen ? h->caplen : h->len, t.data.size()});
    t.data.insert(t.data.end(), d, d + h->caplen);
  }
  if (rc == PCAP_ERROR && !o.quiet) {
    std::fprintf(stderr, "make_replay_capture: %s: read error after %zu packets (%s); keeping those\n",
                 path.c_str(), t.packets.size() - before, pcap_geterr(p));
  }
  pcap_close(p);
  if (t.packets.size() == before) {
    ++t.files_skipped;
  } else {
    ++t.files_used;
  }
}

inline uint16_t get16(const uint8_t* p) {
  return static_cast<uint16_t>((p[0] << 8) | p[1]);
}
inline void put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}

// RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), in one's complement arithmetic.
uint16_t csum_replace(uint16_t hc, uint16_t old_word, uint16_t new_word) {
  uint32_t s = uint32_t{static_cast<uint16_t>(~hc)} + uint32_t{static_cast<uint16_t>(~old_word)} + new_word;
  s = (s & 0xFFFF) + (s >> 16);
  s = (s & 0xFFFF) + (s >> 16);
  return static_cast<uint16_t>(~s);
}

// Adjusts the checksum at `field` (if it lies inside the capture) for the address words that changed.
void fix_l4_checksum(uint8_t* frame, uint32_t caplen, size_t field, const uint16_t* olds,
                     const uint16_t* news, int n, bool udp_v4) {
  if (field + 2 > caplen) return;
  uint16_t c = get16(frame + field);
  if (udp_v4 && c == 0) return;  // UDP over IPv4 without a checksum
  for (int i = 0; i < n; ++i)
    c = csum_replace(c, olds[i], news[i]);
  if (udp_v4 && c == 0) c = 0xFFFF;
  put16(frame + field, c);
}

// Rewrites the addresses of one frame for copy `k` (k != 0).
void rewrite_addresses(uint8_t* f, uint32_t caplen, uint16_t k) {
  if (caplen < 14) return;
  size_t off = 14;
  uint16_t type = get16(f + 12);
  while ((type == 0x8100 || type == 0x88A8 || type == 0x9100) && off + 4 <= caplen) {
    type = get16(f + off + 2);
    off += 4;
  }
  if (type == 0x0800) {
    if (off + 20 > caplen || (f[off] >> 4) != 4) return;
    size_t ihl = size_t{f[off] & 0x0Fu} * 4;
    uint16_t olds[2] = {get16(f + off + 14), get16(f + off + 18)};
    uint16_t news[2] = {static_cast<uint16_t>(olds[0] ^ k), static_cast<uint16_t>(olds[1] ^ k)};
    put16(f + off + 14, news[0]);
    put16(f + off + 18, news[1]);
    uint16_t hc = get16(f + off + 10);
    for (int i = 0; i < 2; ++i)
      hc = csum_replace(hc, olds[i], news[i]);
    put16(f + off + 10, hc);
    if (ihl < 20) return;
    bool later_fragment = (get16(f + off + 6) & 0x1FFF) != 0;
    if (later_fragment) return;  // the transport checksum lives in the first fragment
    size_t l4 = off + ihl;
    switch (f[off + 9]) {
      case 6:
        fix_l4_checksum(f, caplen, l4 + 16, olds, news, 2, false);
        break;
      case 17:
        fix_l4_checksum(f, caplen, l4 + 6, olds, news, 2, true);
        break;
      default:
        break;  // ICMP's checksum does not cover the addresses
    }
  } else if (type == 0x86DD) {
    if (off + 40 > caplen || (f[off] >> 4) != 6) return;
    uint16_t olds[2] = {get16(f + off + 8 + 14), get16(f + off + 24 + 14)};
    uint16_t news[2] = {static_cast<uint16_t>(olds[0] ^ k), static_cast<uint16_t>(olds[1] ^ k)};
    put16(f + off + 8 + 14, news[0]);
    put16(f + off + 24 + 14, news[1]);
    uint8_t next = f[off + 6];
    size_t l4 = off + 40;
    for (int hops = 0; hops < 8; ++hops) {
      if (next == 0 || next == 43 || next == 60) {  // hop-by-hop, routing, destination options
        if (l4 + 8 > caplen) return;
        next = f[l4];
        l4 += (size_t{f[l4 + 1]} + 1) * 8;
      } else if (next == 44) {  // fragment header
        if (l4 + 8 > caplen) return;
        if ((get16(f + l4 + 2) >> 3) != 0) return;  // later fragment: no transport header
        next = f[l4];
        l4 += 8;
      } else {
        break;
      }
    }
    switch (next) {
      case 6:
        fix_l4_checksum(f, caplen, l4 + 16, olds, news, 2, false);
        break;
      case 17:
        fix_l4_checksum(f, caplen, l4 + 6, olds, news, 2, false);
        break;
      case 58:
        fix_l4_checksum(f, caplen, l4 + 2, olds, news, 2, false);
        break;
      default:
        break;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse(argc, argv);

  Template t;
  int64_t clock_ns = 0;
  for (const auto& path : o.inputs)
    load_file(path, o, t, clock_ns);
  if (t.packets.empty()) {
    std::fprintf(stderr, "make_replay_capture: no Ethernet packets in the %zu input files\n",
                 o.inputs.size());
    return 1;
  }
  t.span_ns = t.packets.back().t_ns + kFileGapNs;

  std::string tmp = o.output + ".tmp";
  FILE* out = std::fopen(tmp.c_str(), "wb");
  if (out == nullptr) {
    std::fprintf(stderr, "make_replay_capture: cannot write %s: %s\n", tmp.c_str(), std::strerror(errno));
    return 1;
  }
  static char buffer[1 << 20];
  std::setvbuf(out, buffer, _IOFBF, sizeof buffer);
  pcap_t* dead = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 262144, PCAP_TSTAMP_PRECISION_MICRO);
  pcap_dumper_t* dumper = pcap_dump_fopen(dead, out);
  if (dumper == nullptr) {
    std::fprintf(stderr, "make_replay_capture: %s\n", pcap_geterr(dead));
    return 1;
  }

  const bool newflows = o.mode == "newflows";
  std::vector<uint8_t> frame;
  uint64_t written = 0, bytes = 0, copies = 0;
  int64_t last_ts = 0;
  while (written < o.packets) {
    const int64_t base = o.start_ns + static_cast<int64_t>(copies) * t.span_ns;
    const auto k = static_cast<uint16_t>(copies & 0xFFFF);
    for (const Packet& pk : t.packets) {
      if (written == o.packets) break;
      const uint8_t* data = t.data.data() + pk.offset;
      if (newflows && k != 0) {
        frame.assign(data, data + pk.caplen);
        rewrite_addresses(frame.data(), pk.caplen, k);
        data = frame.data();
      }
      last_ts = base + pk.t_ns;
      pcap_pkthdr h{};
      h.ts.tv_sec = static_cast<time_t>(last_ts / 1'000'000'000);
      h.ts.tv_usec = static_cast<suseconds_t>((last_ts % 1'000'000'000) / 1000);
      h.caplen = pk.caplen;
      h.len = pk.len;
      pcap_dump(reinterpret_cast<u_char*>(dumper), &h, data);
      ++written;
      bytes += pk.len;
    }
    ++copies;
  }
  if (pcap_dump_flush(dumper) != 0 || std::ferror(out)) {
    std::fprintf(stderr, "make_replay_capture: write error on %s\n", tmp.c_str());
    return 1;
  }
  pcap_dump_close(dumper);
  pcap_close(dead);
  if (std::rename(tmp.c_str(), o.output.c_str()) != 0) {
    std::fprintf(stderr, "make_replay_capture: cannot rename %s: %s\n", tmp.c_str(), std::strerror(errno));
    return 1;
  }
  if (!o.quiet) {
    std::fprintf(
        stderr,
        "make_replay_capture: %s: %" PRIu64 " packets, %" PRIu64 " bytes, %" PRIu64
        " copies of %zu packets from %zu files (%zu skipped); mode %s; %.1f s per copy, %.1f s in all\n",
        o.output.c_str(), written, bytes, copies, t.packets.size(), t.files_used, t.files_skipped,
        o.mode.c_str(), static_cast<double>(t.span_ns) / 1e9,
        static_cast<double>(last_ts - o.start_ns) / 1e9);
  }
  return 0;
}
