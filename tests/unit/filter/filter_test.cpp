#include "filter/filter.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "filter_test_util.hpp"

namespace netmeter::filter {
namespace {

using test::ip;
using test::mac;
using test::matches;
using test::tcp_connection;

TEST(FilterEval, IpMatchesEitherEndpoint) {
  const Subject s = tcp_connection();
  EXPECT_TRUE(matches("ip==10.0.0.1", s));
  EXPECT_TRUE(matches("ip==10.0.0.2", s));
  EXPECT_FALSE(matches("ip==10.0.0.3", s));
  // The pathcheck example: both addresses, TCP, port 443.
  EXPECT_TRUE(matches("ip==10.0.0.1 and ip==10.0.0.2 and l4Protocol==TCP and port==443", s));
  EXPECT_FALSE(matches("ip==10.0.0.1 and ip==10.0.0.3 and l4Protocol==TCP and port==443", s));
  EXPECT_TRUE(matches("ip==10.0.0.0/24", s));
  EXPECT_TRUE(matches("ip==10.0.0.2/32", s));
  EXPECT_FALSE(matches("ip==10.0.1.0/24", s));
  EXPECT_TRUE(matches("ip==0.0.0.0/0", s));
  EXPECT_FALSE(matches("ip==::/0", s));  // an IPv6 network never holds an IPv4 address
  EXPECT_TRUE(matches("ip==10.0.0.0/31", s));
  EXPECT_FALSE(matches("ip==10.0.0.0/32", s));
}

TEST(FilterEval, IpWithPortNeedsBothOnOneEndpoint) {
  const Subject s = tcp_connection();
  EXPECT_TRUE(matches("ip==10.0.0.2:443", s));
  EXPECT_TRUE(matches("ip==10.0.0.1:50000", s));
  EXPECT_FALSE(matches("ip==10.0.0.1:443", s));  // the address of one side, the port of the other
  EXPECT_TRUE(matches("ip==10.0.0.0/24:443", s));
  EXPECT_FALSE(matches("srcip==10.0.0.2:443", s));
  EXPECT_TRUE(matches("dstip==10.0.0.2:443", s));
  Subject icmp = s;
  icmp.l4 = 1;
  icmp.has_ports = false;
  EXPECT_TRUE(matches("ip==10.0.0.2", icmp));
  EXPECT_FALSE(matches("ip==10.0.0.2:443", icmp));  // no ports: an address with a port never matches
}

TEST(FilterEval, Ipv6) {
  Subject s;
  s.src = {ip("2001:db8::1"), 546, std::nullopt};
  s.dst = {ip("fe80::1"), 547, std::nullopt};
  s.l4 = 17;
  s.has_ports = true;
  EXPECT_TRUE(matches("ip==2001:db8::1", s));
  EXPECT_TRUE(matches("ip==2001:db8::/32", s));
  EXPECT_TRUE(matches("ip==fe80::/10", s));
  EXPECT_TRUE(matches("ip==[fe80::1]:547", s));
  EXPECT_FALSE(matches("ip==[fe80::1]:546", s));
  EXPECT_TRUE(matches("ip==[fe80::/10]:547", s));
  EXPECT_FALSE(matches("ip==2001:db9::/32", s));
  EXPECT_FALSE(matches("ip==0.0.0.0/0", s));
  EXPECT_TRUE(matches("ip==::/0", s));
  EXPECT_TRUE(matches("ip==2001:db8::1/127", s));
  EXPECT_FALSE(matches("ip==2001:db8::2/127", s));
  EXPECT_TRUE(matches("ip==2001:db8::/65", s));
  EXPECT_FALSE(matches("ip==2001:db8::ffff:ffff:ffff:ffff/65", s));  // host bits cleared: ...8000::/65
}

TEST(FilterEval, NotEqualIsTheNegationOfEqual) {
  const Subject s = tcp_connection();
  // `ip != X`: neither endpoint is X (not: some endpoint is not X).
  EXPECT_FALSE(matches("ip!=10.0.0.1", s));
  EXPECT_TRUE(matches("ip!=10.0.0.3", s));
  EXPECT_FALSE(matches("port!=443", s));
  EXPECT_TRUE(matches("port ne 80", s));
  for (const char* pair :
       {"ip==10.0.0.1|ip!=10.0.0.1", "port==443|port!=443", "portrange==400-500|portrange!=400-500",
        "mac==02:00:00:00:00:0a|mac!=02:00:00:00:00:0a", "vlan==10|vlan!=10", "vlan==none|vlan!=none",
        "l4Protocol==TCP|l4Protocol!=TCP", "dpi==youtube|dpi!=youtube", "dpi==tls|dpi!=tls"}) {
    const std::string_view p(pair);
    const size_t bar = p.find('|');
    const std::string eq(p.substr(0, bar));
    const std::string ne(p.substr(bar + 1));
    for (const Subject& subject : {s, Subject{}})
      EXPECT_NE(matches(eq, subject), matches(ne, subject)) << eq;
  }
}

TEST(FilterEval, PortOrderingsMatchWhenAnyEndpointSatisfiesThem) {
  const Subject s = tcp_connection();  // ports 50000 and 443
  EXPECT_TRUE(matches("port > 1024", s));
  EXPECT_TRUE(matches("port <= 1024", s));  // both hold: one endpoint each
  EXPECT_TRUE(matches("port < 444", s));
  EXPECT_FALSE(matches("port < 443", s));
  EXPECT_TRUE(matches("port >= 50000", s));
  EXPECT_FALSE(matches("port > 50000", s));
  EXPECT_FALSE(matches("port < 0", s));
  EXPECT_FALSE(matches("port > 65535", s));
  EXPECT_TRUE(matches("port >= 0", s));
  EXPECT_TRUE(matches("srcport > 1024", s));
  EXPECT_FALSE(matches("dstport > 1024", s));
  EXPECT_TRUE(matches("dstport === 443", s));
  EXPECT_TRUE(matches("srcport == 50000", s));
  EXPECT_FALSE(matches("srcport == 443", s));
}

TEST(FilterEval, PortRanges) {
  Subject s = tcp_connection();
  EXPECT_FALSE(matches("portrange == 80,100-120,-10,65000-", s));
  EXPECT_TRUE(matches("portrange == 80,400-500", s));
  EXPECT_TRUE(matches("portrange == 49999-50001", s));
  EXPECT_TRUE(matches("srcportrange == 49999-50001", s));
  EXPECT_FALSE(matches("dstportrange == 49999-50001", s));
  s.dst.port = 5;
  EXPECT_TRUE(matches("portrange == 80,100-120,-10,65000-", s));
  s.dst.port = 65535;
  EXPECT_TRUE(matches("portrange == 80,100-120,-10,65000-", s));
  s.dst.port = 110;
  EXPECT_TRUE(matches("portrange == 80,100-120,-10,65000-", s));
  s.dst.port = 121;
  EXPECT_FALSE(matches("portrange == 80,100-120,-10,65000-", s));
}

TEST(FilterEval, PortsNeedPorts) {
  Subject s = tcp_connection();
  s.has_ports = false;  // ICMP, ARP, a later fragment
  EXPECT_FALSE(matches("port == 443", s));
  EXPECT_FALSE(matches("port >= 0", s));
  EXPECT_FALSE(matches("portrange == 0-65535", s));
  EXPECT_TRUE(matches("port != 443", s));
}

TEST(FilterEval, Mac) {
  Subject s = tcp_connection();
  EXPECT_TRUE(matches("mac == 02:00:00:00:00:0a", s));
  EXPECT_TRUE(matches("mac == 02-00-00-00-00-0B", s));
  EXPECT_TRUE(matches("srcmac == 02:00:00:00:00:0a", s));
  EXPECT_FALSE(matches("dstmac == 02:00:00:00:00:0a", s));
  EXPECT_TRUE(matches("dstmac === 0200.0000.000b", s));
  EXPECT_FALSE(matches("mac == 02:00:00:00:00:0c", s));
  s.src.mac.reset();
  EXPECT_FALSE(matches("mac == 02:00:00:00:00:0a", s));
  EXPECT_TRUE(matches("mac != 02:00:00:00:00:0a", s));
}

TEST(FilterEval, Vlan) {
  Subject s = tcp_connection();  // VLAN 10
  EXPECT_TRUE(matches("vlan == 10", s));
  EXPECT_FALSE(matches("vlan == 11", s));
  EXPECT_FALSE(matches("vlan == none", s));
  EXPECT_TRUE(matches("vlan != none", s));
  EXPECT_TRUE(matches("vlan < 11", s));
  EXPECT_FALSE(matches("vlan > 10", s));
  EXPECT_TRUE(matches("vlan >= 10 and vlan <= 10", s));
  s.vlan_count = 2;  // QinQ: outer 100, inner 10
  s.vlans = {100, 10};
  EXPECT_TRUE(matches("vlan == 100", s));
  EXPECT_TRUE(matches("vlan == 10", s));
  EXPECT_TRUE(matches("vlan > 50 and vlan < 50", s));
  EXPECT_FALSE(matches("vlan == 0", s));
  s.vlan_count = 0;
  EXPECT_TRUE(matches("vlan == none", s));
  EXPECT_TRUE(matches("vlan === NONE", s));
  EXPECT_FALSE(matches("vlan == 10", s));
  EXPECT_FALSE(matches("vlan >= 0", s));
  EXPECT_TRUE(matches("vlan != 0", s));
}

TEST(FilterEval, L4Protocol) {
  Subject s = tcp_connection();
  EXPECT_TRUE(matches("l4Protocol == TCP", s));
  EXPECT_TRUE(matches("l4Protocol == tcp", s));
  EXPECT_TRUE(matches("l4Protocol == 6", s));
  EXPECT_TRUE(matches("l4Protocol === Tcp", s));
  EXPECT_FALSE(matches("l4Protocol == UDP", s));
  s.l4 = 58;
  EXPECT_TRUE(matches("l4Protocol == ICMPv6", s));
  Subject arp;  // no IP layer: l4 is not looked at
  arp.src.mac = mac("02:00:00:00:00:0a");
  EXPECT_FALSE(matches("l4Protocol == 0", arp));
  EXPECT_TRUE(matches("l4Protocol != 0", arp));
  EXPECT_FALSE(matches("ip == 0.0.0.0/0", arp));
  EXPECT_FALSE(matches("ip == ::/0", arp));
}

TEST(FilterEval, DpiEqualsMasterAppOrFullNameIgnoringCase) {
  const Subject s = tcp_connection();  // TLS.YouTube
  EXPECT_TRUE(matches("dpi == TLS", s));
  EXPECT_TRUE(matches("dpi == tls", s));
  EXPECT_TRUE(matches("dpi == YouTube", s));
  EXPECT_TRUE(matches("dpi == youtube", s));
  EXPECT_TRUE(matches("dpi == TLS.YouTube", s));
  EXPECT_TRUE(matches("dpi == tls.youtube", s));
  EXPECT_FALSE(matches("dpi == YouTube.TLS", s));
  EXPECT_FALSE(matches("dpi == You", s));
  EXPECT_FALSE(matches("dpi == TLS.", s));
  EXPECT_FALSE(matches("dpi == .YouTube", s));
  EXPECT_FALSE(matches("dpi == HTTP", s));
}

TEST(FilterEval, DpiExactIsTheFullNameWithItsCase) {
  Subject s = tcp_connection();
  EXPECT_TRUE(matches("dpi === TLS.YouTube", s));
  EXPECT_FALSE(matches("dpi === tls.youtube", s));
  EXPECT_FALSE(matches("dpi === TLS", s));
  EXPECT_FALSE(matches("dpi === YouTube", s));
  s.app_master = "";
  s.app = "DNS";
  EXPECT_TRUE(matches("dpi === DNS", s));
  EXPECT_FALSE(matches("dpi === dns", s));
  EXPECT_TRUE(matches("dpi == dns", s));
  s.app_master = "DNS";  // a master equal to the app is no master (nDPI names it "DNS")
  EXPECT_TRUE(matches("dpi === DNS", s));
  EXPECT_FALSE(matches("dpi === DNS.DNS", s));
  s.app_master = "HTTP";
  s.app = "";  // master only
  EXPECT_TRUE(matches("dpi === HTTP", s));
  EXPECT_TRUE(matches("dpi == http", s));
}

TEST(FilterEval, DpiApproximatelyIsASubstringOfTheFullName) {
  Subject s = tcp_connection();
  EXPECT_TRUE(matches("dpi ~ tube", s));
  EXPECT_TRUE(matches("dpi ~ TLS.You", s));
  EXPECT_TRUE(matches("dpi ~ s.y", s));
  EXPECT_TRUE(matches("dpi ~ TLS.YouTube", s));
  EXPECT_FALSE(matches("dpi ~ TLS.YouTubeX", s));
  EXPECT_FALSE(matches("dpi ~ TLSYou", s));
  EXPECT_TRUE(matches("dpi ~ \"Amazon\"", Subject{{}, {}, 0, false, 0, {}, "", "Amazon AWS"}));
  EXPECT_TRUE(matches("dpi ~ \"n a\"", Subject{{}, {}, 0, false, 0, {}, "", "Amazon AWS"}));
  EXPECT_FALSE(matches("dpi ~ x", Subject{}));
  EXPECT_TRUE(matches("dpi ~ p", Subject{{}, {}, 0, false, 0, {}, "HTTP", ""}));
}

TEST(FilterEval, NoApplicationMatchesNoName) {
  const Subject s;
  EXPECT_FALSE(matches("dpi == TLS", s));
  EXPECT_FALSE(matches("dpi === TLS", s));
  EXPECT_TRUE(matches("dpi != TLS", s));
}

TEST(FilterEval, NeedsApplication) {
  EXPECT_TRUE(Filter(test::parsed("port==1 or !(dpi==tls)")).needs_application());
  EXPECT_FALSE(Filter(test::parsed("port==1 or !(vlan==1)")).needs_application());
  EXPECT_EQ(Filter(test::parsed("port==1 or !(vlan==1) and port==3")).size(), 3u);
}

TEST(FilterEval, Combinators) {
  const Subject s = tcp_connection();
  EXPECT_TRUE(matches("port==1 or port==443", s));
  EXPECT_FALSE(matches("port==1 and port==443", s));
  EXPECT_TRUE(matches("port==1 or port==2 or port==3 or dpi==tls", s));
  EXPECT_TRUE(matches("!(port==1)", s));
  EXPECT_FALSE(matches("!(port==1 or port==443)", s));
  EXPECT_TRUE(matches("!(!(port==443))", s));
  EXPECT_TRUE(matches("port==1 and port==2 or port==443", s));
  EXPECT_FALSE(matches("port==1 and (port==2 or port==443)", s));
  EXPECT_TRUE(matches("!(port==1 and port==2) and !(vlan==none)", s));
}

// The compiled program against the tree, node by node: a node's answer must follow from its operands'
// (each compiled on its own) by the meaning of and, or and not.
bool check_node(const Expression& e, const Subject& s) {
  const bool whole = Filter(e).matches(s);
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
  EXPECT_EQ(whole, expected) << to_string(e);
  return whole;
}

TEST(FilterEval, ProgramAgreesWithTheTreeOnRandomExpressions) {
  std::mt19937 rng(20240611);
  const char* leaves[] = {
      "port==443",  "port>1024", "ip==10.0.0.1",    "ip==10.0.0.9",           "vlan==10",
      "vlan==none", "dpi==tls",  "l4Protocol==UDP", "mac==02:00:00:00:00:0b", "srcport<100"};
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  std::function<std::string(int)> gen = [&](int depth) -> std::string {
    if (depth == 0 || pick(3) == 0) return leaves[pick(std::size(leaves))];
    // Appended piece by piece: GCC 12 warns (-Wrestrict) about "(" + std::string here.
    std::string out;
    switch (pick(3)) {
      case 0:
        out += "!(";
        out += gen(depth - 1);
        break;
      case 1:
        out += '(';
        out += gen(depth - 1);
        out += " and ";
        out += gen(depth - 1);
        out += " and ";
        out += gen(depth - 1);
        break;
      default:
        out += '(';
        out += gen(depth - 1);
        out += " or ";
        out += gen(depth - 1);
        break;
    }
    out += ')';
    return out;
  };
  Subject other = tcp_connection();
  other.src.ip = ip("10.0.0.9");
  other.vlan_count = 0;
  other.l4 = 17;
  other.app_master = "";
  for (int i = 0; i < 300; ++i) {
    const Expression e = test::parsed(gen(5));
    check_node(e, tcp_connection());
    check_node(e, other);
    check_node(e, Subject{});
  }
}

}  // namespace
}  // namespace netmeter::filter
