#include "filter/bpf.hpp"

#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "filter_test_util.hpp"

namespace netmeter::filter {
namespace {

using test::parsed;

// ---- Frames and their subjects -------------------------------------------------------------------

enum class Net { Arp, V4, V6 };

// A frame described by what a filter looks at; frame() writes its bytes, subject() its Subject.
struct PacketSpec {
  const char* src_mac;
  const char* dst_mac;
  std::vector<std::pair<uint16_t, uint16_t>> tags;  // TPID, TCI; outermost first
  Net net;
  const char* src;
  const char* dst;
  uint8_t l4 = 0;
  uint16_t sport = 0;
  uint16_t dport = 0;
  bool ip_options = false;
};

using Bytes = std::vector<uint8_t>;

void put16(Bytes& b, unsigned v) {
  b.push_back(static_cast<uint8_t>(v >> 8));
  b.push_back(static_cast<uint8_t>(v));
}
void put_mac(Bytes& b, const char* text) {
  for (uint8_t x : test::mac(text).bytes)
    b.push_back(x);
}
void put_ip(Bytes& b, const char* text) {
  const core::IpAddress a = test::ip(text);
  for (int i = 0; i < (a.is_v4() ? 4 : 16); ++i)
    b.push_back(a.bytes()[static_cast<size_t>(i)]);
}

bool has_ports(uint8_t l4) {
  return l4 == 6 || l4 == 17 || l4 == 132;
}

Bytes l4_header(const PacketSpec& p) {
  Bytes b;
  switch (p.l4) {
    case 6:  // TCP: ports, seq, ack, offset 5, SYN, window, checksum, urgent
      put16(b, p.sport);
      put16(b, p.dport);
      b.insert(b.end(), {0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0});
      break;
    case 17:  // UDP: ports, length, checksum
      put16(b, p.sport);
      put16(b, p.dport);
      put16(b, 16);
      put16(b, 0);
      break;
    case 132:  // SCTP common header: ports, verification tag, checksum
      put16(b, p.sport);
      put16(b, p.dport);
      b.insert(b.end(), 8, 0);
      break;
    default:  // ICMP echo, or the first bytes of anything else
      b.insert(b.end(), {8, 0, 0, 0, 0x12, 0x34, 0, 1});
      break;
  }
  b.insert(b.end(), 8, 0x61);  // payload
  return b;
}

Bytes frame(const PacketSpec& p) {
  Bytes b;
  put_mac(b, p.dst_mac);
  put_mac(b, p.src_mac);
  for (auto [tpid, tci] : p.tags) {
    put16(b, tpid);
    put16(b, tci);
  }
  if (p.net == Net::Arp) {
    put16(b, 0x0806);
    b.insert(b.end(), {0, 1, 8, 0, 6, 4, 0, 1});
    put_mac(b, p.src_mac);
    put_ip(b, p.src);
    put_mac(b, "00:00:00:00:00:00");
    put_ip(b, p.dst);
    return b;
  }
  const Bytes l4 = l4_header(p);
  if (p.net == Net::V4) {
    put16(b, 0x0800);
    const unsigned header = p.ip_options ? 24 : 20;
    b.push_back(static_cast<uint8_t>(0x40 | header / 4));
    b.push_back(0);
    put16(b, static_cast<unsigned>(header + l4.size()));
    b.insert(b.end(), {0x12, 0x34, 0x40, 0, 64, p.l4, 0, 0});
    put_ip(b, p.src);
    put_ip(b, p.dst);
    if (p.ip_options) b.insert(b.end(), 4, 0x01);  // NOPs
  } else {
    put16(b, 0x86DD);
    b.insert(b.end(), {0x60, 0, 0, 0});
    put16(b, static_cast<unsigned>(l4.size()));
    b.push_back(p.l4);
    b.push_back(64);
    put_ip(b, p.src);
    put_ip(b, p.dst);
  }
  b.insert(b.end(), l4.begin(), l4.end());
  return b;
}

Subject subject(const PacketSpec& p) {
  Subject s;
  s.src.mac = test::mac(p.src_mac);
  s.dst.mac = test::mac(p.dst_mac);
  s.vlan_count = static_cast<uint8_t>(p.tags.size());
  for (size_t i = 0; i < p.tags.size() && i < 2; ++i)
    s.vlans[i] = p.tags[i].second & 0x0FFF;
  if (p.net == Net::Arp) return s;
  s.src.ip = test::ip(p.src);
  s.dst.ip = test::ip(p.dst);
  s.l4 = p.l4;
  s.has_ports = has_ports(p.l4);
  if (s.has_ports) {
    s.src.port = p.sport;
    s.dst.port = p.dport;
  }
  return s;
}

constexpr const char* kMacA = "02:00:00:00:00:0a";
constexpr const char* kMacB = "02:00:00:00:00:0b";
constexpr const char* kMacC = "02:00:00:00:00:0c";

// Every tag layout (none, one, two; each TPID; priority bits; IDs 0 and 4095) times every network and
// transport layer the filters look at.
std::vector<PacketSpec> packet_corpus() {
  const std::vector<std::vector<std::pair<uint16_t, uint16_t>>> tag_layouts = {
      {},
      {{0x8100, 10}},
      {{0x88A8, 20}},
      {{0x9100, 4095}},
      {{0x8100, 0}},
      {{0x8100, (5 << 13) | 10}},
      {{0x88A8, 100}, {0x8100, 10}},
      {{0x8100, 20}, {0x8100, 4095}},
  };
  const PacketSpec layers[] = {
      {kMacA, kMacB, {}, Net::V4, "10.0.0.1", "10.0.0.2", 6, 50000, 443},
      {kMacB, kMacA, {}, Net::V4, "10.0.0.2", "10.0.0.1", 6, 443, 50000},
      {kMacC, kMacA, {}, Net::V4, "192.168.1.10", "10.0.0.1", 17, 53, 1024},
      {kMacA, kMacC, {}, Net::V4, "10.0.0.2", "192.168.1.10", 6, 80, 65535, true},
      {kMacA, kMacB, {}, Net::V4, "10.0.0.1", "192.168.1.10", 1},
      {kMacB, kMacC, {}, Net::V4, "10.0.0.2", "10.0.0.1", 132, 0, 80},
      {kMacA, kMacB, {}, Net::V4, "10.0.0.1", "10.0.0.2", 47},
      {kMacC, kMacB, {}, Net::V4, "192.168.1.10", "224.0.0.5", 89},
      {kMacA, kMacB, {}, Net::V6, "2001:db8::1", "fe80::1", 6, 443, 50000},
      {kMacB, kMacA, {}, Net::V6, "2001:db8::2", "2001:db8::1", 17, 53, 1024},
      {kMacC, kMacA, {}, Net::V6, "fe80::1", "2001:db8::2", 58},
      {kMacA, kMacC, {}, Net::V6, "2001:db8::1", "2001:db8::2", 132, 80, 10},
      {kMacA, kMacB, {}, Net::Arp, "10.0.0.1", "10.0.0.2"},
  };
  std::vector<PacketSpec> out;
  for (const auto& tags : tag_layouts) {
    for (PacketSpec p : layers) {
      p.tags = tags;
      out.push_back(p);
    }
  }
  return out;
}

// ---- libpcap -------------------------------------------------------------------------------------

class Compiled {
 public:
  Compiled(const std::string& filter, bool optimize) {
    pcap_ = pcap_open_dead(DLT_EN10MB, 65535);
    ok_ = pcap_compile(pcap_, &program_, filter.c_str(), optimize ? 1 : 0, PCAP_NETMASK_UNKNOWN) == 0;
    if (!ok_) error_ = pcap_geterr(pcap_);
  }
  ~Compiled() {
    if (ok_) pcap_freecode(&program_);
    pcap_close(pcap_);
  }
  Compiled(const Compiled&) = delete;
  Compiled& operator=(const Compiled&) = delete;

  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }
  bool matches(const Bytes& frame) const {
    pcap_pkthdr header{};
    header.caplen = static_cast<bpf_u_int32>(frame.size());
    header.len = header.caplen;
    return pcap_offline_filter(&program_, &header, frame.data()) != 0;
  }

 private:
  pcap_t* pcap_ = nullptr;
  bpf_program program_{};
  bool ok_ = false;
  std::string error_;
};

// libpcap's optimiser refuses a filter it proves can never match; that is the only refusal allowed.
constexpr const char* kRejectsAll = "expression rejects all packets";

struct Equivalence {
  int matched = 0;  // frames both accepted
  bool optimiser_refused = false;
};

// Renders `text`, compiles it with and without optimisation and checks that libpcap's answer on every
// frame of the corpus is Filter::matches' answer on the frame's subject.
Equivalence check_equivalence(const std::string& text) {
  Equivalence result;
  const Expression e = parsed(text);
  const auto bpf = to_bpf(e);
  EXPECT_TRUE(bpf) << text;
  if (!bpf) return result;
  const Filter filter(e);
  Compiled plain(*bpf, false);
  Compiled optimized(*bpf, true);
  EXPECT_TRUE(plain.ok()) << text << "\n" << *bpf << "\n" << plain.error();
  if (!plain.ok()) return result;
  if (!optimized.ok()) {
    EXPECT_NE(optimized.error().find(kRejectsAll), std::string::npos) << text << "\n" << optimized.error();
    result.optimiser_refused = true;
  }
  for (const PacketSpec& p : packet_corpus()) {
    const Bytes bytes = frame(p);
    const bool expected = filter.matches(subject(p));
    EXPECT_EQ(plain.matches(bytes), expected)
        << text << "\n"
        << *bpf << "\non " << p.src << " -> " << p.dst << " l4 " << int{p.l4} << " tags " << p.tags.size();
    if (optimized.ok()) {
      EXPECT_EQ(optimized.matches(bytes), expected) << text << "\n" << *bpf;
    }
    result.matched += expected;
  }
  // The optimiser's proof holds: nothing matches.
  if (result.optimiser_refused) {
    EXPECT_EQ(result.matched, 0) << text;
  }
  return result;
}

// ---- Tests ---------------------------------------------------------------------------------------

constexpr const char* kUntagged =
    "not (ether[12:2] = 0x8100 or ether[12:2] = 0x88a8 or ether[12:2] = 0x9100)";
constexpr const char* kOneTag =
    "vlan and not (ether[16:2] = 0x8100 or ether[16:2] = 0x88a8 or ether[16:2] = 0x9100)";
constexpr const char* kTwoTags =
    "(ether[12:2] = 0x8100 or ether[12:2] = 0x88a8 or ether[12:2] = 0x9100) and vlan and not (ether[20:2] = "
    "0x8100 or "
    "ether[20:2] = 0x88a8 or ether[20:2] = 0x9100)";

std::string segments(const std::string& body) {
  return "(" + std::string(kUntagged) + " and " + body + ") or (" + kOneTag + " and " + body + ") or (" +
         kTwoTags + " and " + body + ")";
}

TEST(FilterBpf, OneSegmentPerNumberOfTags) {
  EXPECT_EQ(to_bpf(parsed("ip==10.0.0.1")), segments("ip host 10.0.0.1"));
  EXPECT_EQ(to_bpf(parsed("ip==10.0.0.1 and port==443")), segments("(ip host 10.0.0.1 and port 443)"));
  EXPECT_EQ(to_bpf(parsed("vlan==none")), "(" + std::string(kUntagged) + ")");
  EXPECT_EQ(to_bpf(parsed("vlan!=none")), "(" + std::string(kOneTag) + ") or (" + kTwoTags + ")");
  // Only the tagged segments can hold VLAN 10; IDs are read from the tags.
  EXPECT_EQ(to_bpf(parsed("vlan==10")),
            "(" + std::string(kOneTag) + " and (ether[14:2] & 0xfff) = 10) or (" + kTwoTags +
                " and ((ether[14:2] & 0xfff) = 10 or (ether[18:2] & 0xfff) = 10))");
}

TEST(FilterBpf, PrimitivesOfEachField) {
  struct Case {
    const char* expression;
    const char* body;  // the untagged segment's
  };
  const Case cases[] = {
      {"ip==10.0.0.0/8", "ip net 10.0.0.0/8"},
      {"srcip==10.0.0.1", "ip src host 10.0.0.1"},
      {"dstip==2001:db8::/32", "ip6 dst net 2001:db8::/32"},
      {"ip==fe80::1", "ip6 host fe80::1"},
      {"ip==10.0.0.2:443",
       "((ip src host 10.0.0.2 and src port 443) or (ip dst host 10.0.0.2 and dst port 443))"},
      {"srcip==[2001:db8::1]:53", "(ip6 src host 2001:db8::1 and src port 53)"},
      {"port==80", "port 80"},
      {"dstport>1024", "dst portrange 1025-65535"},
      {"srcport<=10", "src portrange 0-10"},
      {"portrange==80,100-120,-10,65000-",
       "(portrange 0-10 or port 80 or portrange 100-120 or portrange 65000-65535)"},
      {"mac==02:00:00:00:00:0a", "ether host 02:00:00:00:00:0a"},
      {"srcmac==02:00:00:00:00:0a", "ether src 02:00:00:00:00:0a"},
      {"dstmac!=02:00:00:00:00:0a", "not ether dst 02:00:00:00:00:0a"},
      {"l4Protocol==TCP", "(ip proto 6 or ip6 proto 6)"},
      {"l4Protocol!=ICMPv6", "not (ip proto 58 or ip6 proto 58)"},
      {"!(port==22 or port==23)", "not (port 22 or port 23)"},
  };
  for (const Case& c : cases) {
    const auto bpf = to_bpf(parsed(c.expression));
    ASSERT_TRUE(bpf) << c.expression;
    const std::string first = "(" + std::string(kUntagged) + " and " + c.body + ") or (";
    EXPECT_EQ(bpf->rfind(first, 0), 0u) << c.expression << "\n" << *bpf;
  }
}

TEST(FilterBpf, DpiCannotBeRendered) {
  EXPECT_FALSE(to_bpf(parsed("dpi==tls")));
  EXPECT_FALSE(to_bpf(parsed("port==443 or !(dpi~tube)")));
}

TEST(FilterBpf, NothingCanMatch) {
  for (const char* text :
       {"port<0", "srcport>65535", "vlan>4095 and port==1", "vlan<0 or vlan==none and vlan!=none"}) {
    EXPECT_EQ(to_bpf(parsed(text)), "len < 0") << text;
    const Equivalence r = check_equivalence(text);
    EXPECT_EQ(r.matched, 0) << text;
    EXPECT_FALSE(r.optimiser_refused) << text;
  }
}

TEST(FilterBpf, HandWrittenExpressionsAgreeWithTheEvaluator) {
  const char* texts[] = {
      "ip==10.0.0.1 and ip==10.0.0.2 and l4Protocol==TCP and port==443",
      "portrange == 80,100-120,-10,65000-",
      "ip==10.0.0.1",
      "ip!=10.0.0.1",
      "ip==10.0.0.0/8",
      "ip==0.0.0.0/0",
      "ip==::/0",
      "ip==2001:db8::/32 and !(ip==fe80::/10)",
      "ip==10.0.0.2:443",
      "ip==10.0.0.2:50000",
      "ip==[2001:db8::1]:443",
      "ip==[fe80::/10]:50000",
      "srcip==10.0.0.1 or dstip==192.168.1.10",
      "srcip==10.0.0.2:0",
      "port==443",
      "port!=443",
      "port>1024",
      "port<=1024",
      "port<1 or port>=65535",
      "srcport==53 or dstport==10",
      "srcportrange==0-100 and dstportrange!=0-100",
      "mac==02:00:00:00:00:0a",
      "srcmac==02:00:00:00:00:0c or dstmac===02-00-00-00-00-0c",
      "mac!=02:00:00:00:00:0b",
      "vlan==10",
      "vlan==20",
      "vlan==4095",
      "vlan==0",
      "vlan!=10",
      "vlan==none",
      "vlan!=none",
      "vlan>10",
      "vlan<=20",
      "vlan>=100 or vlan<5",
      "vlan==10 and vlan==100",
      "vlan==none or port==443",
      "!(vlan==none) and ip==10.0.0.1",
      "vlan==10 and ip==10.0.0.1 or vlan==none and ip==10.0.0.2",
      "l4Protocol==TCP",
      "l4Protocol==UDP",
      "l4Protocol==ICMP",
      "l4Protocol==ICMPv6",
      "l4Protocol==SCTP",
      "l4Protocol==GRE or l4Protocol==89",
      "l4Protocol!=TCP",
      "l4Protocol==0",
      "!(ip==10.0.0.0/8) and !(ip==::/0)",
      "!(port==443 or l4Protocol==UDP) and mac==02:00:00:00:00:0a",
      "(port==53 or port==443) and (vlan==10 or vlan==none) and !(ip==192.168.0.0/16)",
  };
  int matched = 0;
  for (const char* text : texts)
    matched += check_equivalence(text).matched;
  EXPECT_GT(matched, 0);
}

// Random expressions over the corpus' own values, so that they match some frames and not others.
class RandomExpression {
 public:
  explicit RandomExpression(uint32_t seed) : rng_(seed) {}

  std::string generate(int depth) {
    if (depth == 0 || pick(3) == 0) return comparison();
    switch (pick(3)) {
      case 0:
        return "!(" + generate(depth - 1) + ")";
      case 1:
        return "(" + generate(depth - 1) + " and " + generate(depth - 1) + ")";
      default:
        return "(" + generate(depth - 1) + " or " + generate(depth - 1) + ")";
    }
  }

 private:
  template <size_t N>
  const char* one_of(const char* const (&items)[N]) {
    return items[pick(N)];
  }
  size_t pick(size_t n) { return static_cast<size_t>(rng_() % n); }

  std::string comparison() {
    static const char* const kSides[] = {"", "src", "dst"};
    static const char* const kEquality[] = {"==", "!=", "==="};
    static const char* const kOrdering[] = {"==", "!=", "===", "<", "<=", ">", ">="};
    static const char* const kIps[] = {
        "10.0.0.1",          "10.0.0.2",      "192.168.1.10",    "10.0.0.0/8",       "10.0.0.0/31",
        "192.168.0.0/16",    "0.0.0.0/0",     "2001:db8::1",     "fe80::1",          "2001:db8::/32",
        "fe80::/10",         "::/0",          "10.0.0.1:50000",  "10.0.0.2:443",     "[2001:db8::1]:443",
        "[fe80::/10]:50000", "10.0.0.0/8:80", "192.168.1.10:53", "[2001:db8::2]:53", "224.0.0.5"};
    static const char* const kPorts[] = {"0", "10", "53", "80", "443", "1024", "50000", "65535"};
    static const char* const kLists[] = {
        "80,100-120,-10,65000-", "443", "0-1023", "1024-", "53,443", "-0", "10-80"};
    static const char* const kMacs[] = {kMacA, kMacB, kMacC};
    static const char* const kVlans[] = {"none", "0", "10", "20", "100", "4095"};
    static const char* const kL4[] = {"TCP", "UDP", "ICMP", "ICMPv6", "SCTP", "GRE", "89", "0"};
    switch (pick(6)) {
      case 0:
        return std::string(one_of(kSides)) + "ip" + one_of(kEquality) + one_of(kIps);
      case 1:
        return std::string(one_of(kSides)) + "port" + one_of(kOrdering) + one_of(kPorts);
      case 2:
        return std::string(one_of(kSides)) + "portrange" + one_of(kEquality) + one_of(kLists);
      case 3:
        return std::string(one_of(kSides)) + "mac" + one_of(kEquality) + one_of(kMacs);
      case 4: {
        const char* v = one_of(kVlans);
        return std::string("vlan") + (std::strcmp(v, "none") == 0 ? one_of(kEquality) : one_of(kOrdering)) +
               v;
      }
      default:
        return std::string("l4Protocol") + one_of(kEquality) + one_of(kL4);
    }
  }

  std::mt19937 rng_;
};

TEST(FilterBpf, RandomExpressionsAgreeWithTheEvaluator) {
  RandomExpression random(7);
  int some = 0;
  int refused = 0;
  for (int i = 0; i < 400; ++i) {
    const Equivalence r = check_equivalence(random.generate(4));
    some += r.matched > 0;
    refused += r.optimiser_refused;
  }
  // The values come from the corpus: most expressions match some frames.
  EXPECT_GT(some, 100);
  std::cout << "[          ] " << some
            << " of 400 random expressions matched some frames; the optimiser refused " << refused
            << " that match none\n";
}

TEST(FilterBpf, ThreeOrMoreTagsNeverMatch) {
  PacketSpec p{kMacA, kMacB, {{0x88A8, 1}, {0x8100, 2}, {0x8100, 3}}, Net::V4, "10.0.0.1", "10.0.0.2", 6,
               1,     2};
  for (const char* text : {"ip==10.0.0.1", "ip!=10.0.0.1", "vlan!=none", "!(port==7)"}) {
    Compiled c(*to_bpf(parsed(text)), true);
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_FALSE(c.matches(frame(p))) << text;
  }
}

std::string port_list(int first, int step, int count) {
  std::string list;
  for (int i = 0; i < count; ++i) {
    if (i > 0) list += ',';
    list += std::to_string(first + i * step);
  }
  return list;
}

TEST(FilterBpf, LargeFiltersAreNotRendered) {
  // 32 separate ports are 32 primitives: rendered, and libpcap compiles them.
  const auto at_limit = to_bpf(parsed("portrange==" + port_list(1, 2, kMaxBpfPrimitives)));
  ASSERT_TRUE(at_limit);
  Compiled c(*at_limit, true);
  EXPECT_TRUE(c.ok()) << c.error();
  EXPECT_FALSE(to_bpf(parsed("portrange==" + port_list(1, 2, kMaxBpfPrimitives + 1))));
  // Adjacent ports merge into one range first.
  EXPECT_EQ(to_bpf(parsed("portrange==" + port_list(1, 1, 1000))), segments("portrange 1-1000"));
  EXPECT_EQ(to_bpf(parsed("portrange==10-20,5-12,21,30")), segments("(portrange 5-21 or port 30)"));
  // An address with a port on either side is four primitives; VLAN IDs count once per tag.
  std::string eight = "ip==10.0.0.1:1";
  for (int i = 2; i <= 8; ++i)
    eight += " or ip==10.0.0.1:" + std::to_string(i);
  EXPECT_TRUE(to_bpf(parsed(eight)));
  EXPECT_FALSE(to_bpf(parsed(eight + " or port==9")));
  EXPECT_TRUE(
      to_bpf(parsed("vlan==1 or vlan==2 or vlan==3 or vlan==4 or portrange==" + port_list(1, 2, 24))));
  EXPECT_FALSE(
      to_bpf(parsed("vlan==1 or vlan==2 or vlan==3 or vlan==4 or portrange==" + port_list(1, 2, 25))));
  // The longest expression does not reach libpcap.
  std::string longest = "port==1";
  while (longest.size() + 11 <= kMaxExpressionLength)
    longest += " or port==1";
  EXPECT_FALSE(to_bpf(parsed(longest)));
}

}  // namespace
}  // namespace netmeter::filter
