// fuzz_filter: arbitrary bytes as an Allegro filter expression through the whole of src/filter: the
// parser, the printer, the compiled evaluator and the BPF renderer, with libpcap compiling and running what
// the renderer writes.
//
// Input: the expression text, whole. When it parses, subjects are made from the values the expression
// itself names (so that comparisons match some of them), mixed by a hash of the input.
//
// Invariants:
// - parse(to_string(tree)) is the same tree, unless the printed text breaks a limit (it may be longer or
//   more deeply nested than the input: `a or b and c` prints as `a or (b and c)`);
// - evaluation agrees with the tree: a node's answer follows from its operands' answers, each compiled on
//   its own, by the meaning of and, or and not; and !(e) never answers as e does;
// - a rendered filter compiles with pcap_compile (DLT_EN10MB) without optimisation, and with it unless
//   libpcap proves that nothing matches; on an Ethernet frame built from each subject, pcap_offline_filter
//   answers as Filter::matches does;
// - dpi is never rendered.

#include <pcap/pcap.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "filter/bpf.hpp"
#include "filter/filter.hpp"
#include "filter/parser.hpp"
#include "fuzz_support.hpp"

using namespace netmeter;
using filter::Expression;
using filter::Subject;

namespace {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(next() % n); }
  bool coin() { return next() & 1; }

 private:
  uint64_t state_;
};

// The values an expression names, to build subjects it may match.
struct Values {
  std::vector<core::IpAddress> ips;
  std::vector<uint16_t> ports;
  std::vector<filter::MacAddress> macs;
  std::vector<uint16_t> vlans;
  std::vector<uint8_t> l4s;
  std::vector<std::string> names;
};

void collect(const Expression& e, Values& v) {
  for (const Expression& o : e.operands)
    collect(o, v);
  if (e.kind != Expression::Kind::Compare) return;
  const filter::Value& value = e.comparison.value;
  if (auto* ip = std::get_if<filter::IpValue>(&value)) {
    v.ips.push_back(ip->network.network);
    if (ip->port) v.ports.push_back(*ip->port);
  } else if (auto* port = std::get_if<filter::PortValue>(&value)) {
    // The port and its neighbours: the edges of the orderings.
    for (int d = -1; d <= 1; ++d)
      v.ports.push_back(static_cast<uint16_t>(port->port + d));
  } else if (auto* list = std::get_if<filter::PortListValue>(&value)) {
    for (const filter::PortRange& r : list->ranges) {
      v.ports.push_back(r.lo);
      v.ports.push_back(r.hi);
      v.ports.push_back(static_cast<uint16_t>(r.hi + 1));
    }
  } else if (auto* mac = std::get_if<filter::MacAddress>(&value)) {
    v.macs.push_back(*mac);
  } else if (auto* vlan = std::get_if<filter::VlanValue>(&value)) {
    if (vlan->id) {
      v.vlans.push_back(*vlan->id);
      v.vlans.push_back(static_cast<uint16_t>((*vlan->id + 1) & 0xFFF));
    }
  } else if (auto* l4 = std::get_if<filter::L4Value>(&value)) {
    v.l4s.push_back(l4->protocol);
  } else if (auto* dpi = std::get_if<filter::DpiValue>(&value)) {
    v.names.push_back(dpi->name);
  }
}

template <typename T>
T pick(Rng& rng, const std::vector<T>& named, const std::vector<T>& fallback) {
  if (!named.empty() && rng.below(4) != 0) return named[rng.below(named.size())];
  return fallback[rng.below(fallback.size())];
}

// What a frame is made of; both the bytes and the subject come from it.
struct FrameSpec {
  Subject subject;
  std::vector<uint16_t> tpids;
  bool arp = false;
};

FrameSpec make_spec(Rng& rng, const Values& v) {
  static const std::vector<core::IpAddress> kV4 = {*core::IpAddress::parse("10.0.0.1"),
                                                   *core::IpAddress::parse("192.168.1.10")};
  static const std::vector<core::IpAddress> kV6 = {*core::IpAddress::parse("2001:db8::1"),
                                                   *core::IpAddress::parse("fe80::1")};
  static const std::vector<uint16_t> kPorts = {0, 53, 80, 443, 1024, 65535};
  static const std::vector<filter::MacAddress> kMacs = {{{2, 0, 0, 0, 0, 0x0a}}, {{2, 0, 0, 0, 0, 0x0b}}};
  static const std::vector<uint16_t> kVlans = {0, 10, 4095};
  static const std::vector<uint8_t> kL4 = {6, 17, 132, 1, 58, 47};
  static const std::vector<std::string> kNames = {"TLS", "YouTube", "DNS"};
  static const uint16_t kTpids[] = {0x8100, 0x88A8, 0x9100};

  FrameSpec f;
  Subject& s = f.subject;
  s.src.mac = pick(rng, v.macs, kMacs);
  s.dst.mac = pick(rng, v.macs, kMacs);
  s.vlan_count = static_cast<uint8_t>(rng.below(3));
  for (size_t i = 0; i < s.vlan_count; ++i) {
    s.vlans[i] = pick(rng, v.vlans, kVlans);
    f.tpids.push_back(kTpids[rng.below(3)]);
  }
  const std::vector<std::string>& names = v.names.empty() ? kNames : v.names;
  // Views into the static pool or into `v`, which outlives the subject.
  if (rng.coin()) s.app = names[rng.below(names.size())];
  if (rng.coin()) s.app_master = names[rng.below(names.size())];
  if (rng.below(8) == 0) {
    f.arp = true;
    return f;
  }
  s.src.ip = pick(rng, v.ips, rng.coin() ? kV4 : kV6);
  s.dst.ip = pick(rng, v.ips, s.src.ip.is_v4() ? kV4 : kV6);
  if (s.dst.ip.version() != s.src.ip.version()) s.dst.ip = (s.src.ip.is_v4() ? kV4 : kV6)[rng.below(2)];
  s.l4 = pick(rng, v.l4s, kL4);
  // libpcap's `ip6 proto` looks past a fragment header (44); netmeter's decoder too, but these frames
  // have no extension headers (docs/filter.md lists that difference).
  if (s.src.ip.is_v6() && s.l4 == 44) s.l4 = 6;
  s.has_ports = s.l4 == 6 || s.l4 == 17 || s.l4 == 132;
  if (s.has_ports) {
    s.src.port = pick(rng, v.ports, kPorts);
    s.dst.port = pick(rng, v.ports, kPorts);
  }
  return f;
}

void put16(std::vector<uint8_t>& b, unsigned v) {
  b.push_back(static_cast<uint8_t>(v >> 8));
  b.push_back(static_cast<uint8_t>(v));
}

void put_ip(std::vector<uint8_t>& b, const core::IpAddress& a) {
  b.insert(b.end(), a.bytes().begin(), a.bytes().begin() + (a.is_v4() ? 4 : 16));
}

// An Ethernet frame whose subject is f.subject: tags, then ARP, or IPv4/IPv6 without options or extension
// headers, then a whole L4 header and a few payload bytes.
std::vector<uint8_t> make_frame(const FrameSpec& f) {
  const Subject& s = f.subject;
  std::vector<uint8_t> b;
  b.insert(b.end(), s.dst.mac->bytes.begin(), s.dst.mac->bytes.end());
  b.insert(b.end(), s.src.mac->bytes.begin(), s.src.mac->bytes.end());
  for (size_t i = 0; i < f.tpids.size(); ++i) {
    put16(b, f.tpids[i]);
    put16(b, s.vlans[i]);
  }
  if (f.arp) {
    put16(b, 0x0806);
    b.insert(b.end(), {0, 1, 8, 0, 6, 4, 0, 1});
    b.insert(b.end(), 20, 0);
    return b;
  }
  std::vector<uint8_t> l4;
  put16(l4, s.src.port);
  put16(l4, s.dst.port);
  l4.insert(l4.end(), 16, 0);
  if (s.l4 == 6) l4[12] = 0x50;  // TCP data offset
  if (s.src.ip.is_v4()) {
    put16(b, 0x0800);
    b.insert(b.end(), {0x45, 0});
    put16(b, static_cast<unsigned>(20 + l4.size()));
    b.insert(b.end(), {0, 0, 0x40, 0, 64, s.l4, 0, 0});
  } else {
    put16(b, 0x86DD);
    b.insert(b.end(), {0x60, 0, 0, 0});
    put16(b, static_cast<unsigned>(l4.size()));
    b.push_back(s.l4);
    b.push_back(64);
  }
  put_ip(b, s.src.ip);
  put_ip(b, s.dst.ip);
  b.insert(b.end(), l4.begin(), l4.end());
  return b;
}

bool check_node(const Expression& e, const Subject& s) {
  const bool whole = filter::Filter(e).matches(s);
  bool expected = whole;
  switch (e.kind) {
    case Expression::Kind::Compare:
      return whole;
    case Expression::Kind::Not:
      expected = !check_node(e.operands.front(), s);
      break;
    case Expression::Kind::And:
      expected = true;
      for (const Expression& o : e.operands)
        expected = check_node(o, s) && expected;
      break;
    case Expression::Kind::Or:
      expected = false;
      for (const Expression& o : e.operands)
        expected = check_node(o, s) || expected;
      break;
  }
  NETMETER_FUZZ_CHECK(whole == expected);
  return whole;
}

void check_round_trip(const Expression& e) {
  const std::string printed = filter::to_string(e);
  const filter::ParseResult again = filter::parse(printed);
  if (again) {
    NETMETER_FUZZ_CHECK(*again.expression == e);
    return;
  }
  const bool limit = again.error.message.find("longer than") != std::string::npos ||
                     again.error.message.find("nesting deeper") != std::string::npos;
  if (!limit)
    std::fprintf(stderr, "printed: %s\nerror: %s\n", printed.c_str(), again.error.to_string().c_str());
  NETMETER_FUZZ_CHECK(limit);
}

class Bpf {
 public:
  Bpf(pcap_t* pcap, const std::string& text, bool optimize) {
    ok_ = pcap_compile(pcap, &program_, text.c_str(), optimize ? 1 : 0, PCAP_NETMASK_UNKNOWN) == 0;
    if (!ok_) error_ = pcap_geterr(pcap);
  }
  ~Bpf() {
    if (ok_) pcap_freecode(&program_);
  }
  Bpf(const Bpf&) = delete;
  Bpf& operator=(const Bpf&) = delete;

  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }
  bool matches(const std::vector<uint8_t>& frame) const {
    pcap_pkthdr header{};
    header.caplen = header.len = static_cast<bpf_u_int32>(frame.size());
    return pcap_offline_filter(&program_, &header, frame.data()) != 0;
  }

 private:
  bpf_program program_{};
  bool ok_ = false;
  std::string error_;
};

uint64_t hash_input(const uint8_t* data, size_t size) {
  uint64_t h = 0xCBF29CE484222325ULL;
  for (size_t i = 0; i < size; ++i)
    h = (h ^ data[i]) * 0x100000001B3ULL;
  return h;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static pcap_t* const pcap = pcap_open_dead(DLT_EN10MB, 65535);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const filter::ParseResult parsed = filter::parse(text);
  if (!parsed) {
    NETMETER_FUZZ_CHECK(parsed.error.column >= 1 && parsed.error.column <= size + 1);
    NETMETER_FUZZ_CHECK(!parsed.error.message.empty());
    return 0;
  }
  const Expression& e = *parsed.expression;
  check_round_trip(e);

  Values values;
  collect(e, values);
  Rng rng(hash_input(data, size));
  std::vector<FrameSpec> specs;
  for (int i = 0; i < 6; ++i)
    specs.push_back(make_spec(rng, values));

  const filter::Filter compiled(e);
  // Node by node costs a compilation per node; keep it to trees of a reasonable size.
  const bool small = filter::comparison_count(e) <= 64;
  for (const FrameSpec& spec : specs) {
    if (small) check_node(e, spec.subject);
    NETMETER_FUZZ_CHECK(filter::Filter(Expression::negate(e)).matches(spec.subject) !=
                        compiled.matches(spec.subject));
  }

  const auto bpf = filter::to_bpf(e);
  if (filter::uses_field(e, filter::Field::Dpi)) NETMETER_FUZZ_CHECK(!bpf);
  if (!bpf) return 0;
  const Bpf plain(pcap, *bpf, false);
  if (!plain.ok()) std::fprintf(stderr, "filter: %s\nlibpcap: %s\n", bpf->c_str(), plain.error().c_str());
  NETMETER_FUZZ_CHECK(plain.ok());
  const Bpf optimized(pcap, *bpf, true);
  if (!optimized.ok()) {
    NETMETER_FUZZ_CHECK(optimized.error().find("expression rejects all packets") != std::string::npos);
  }
  for (const FrameSpec& spec : specs) {
    const std::vector<uint8_t> frame = make_frame(spec);
    const bool expected = compiled.matches(spec.subject);
    if (plain.matches(frame) != expected) std::fprintf(stderr, "filter: %s\n", bpf->c_str());
    NETMETER_FUZZ_CHECK(plain.matches(frame) == expected);
    if (optimized.ok()) NETMETER_FUZZ_CHECK(optimized.matches(frame) == expected);
    if (!optimized.ok()) NETMETER_FUZZ_CHECK(!expected);
  }
  return 0;
}
