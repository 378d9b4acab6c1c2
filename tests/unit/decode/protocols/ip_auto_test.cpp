// Raw IP link types: DLT_RAW (version nibble decides), DLT_IPV4 and DLT_IPV6.
#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

Frame tcp_ipv4() {
  return ipv4({.src = ip("10.0.0.9")}, tcp({}));
}
Frame udp_ipv6() {
  return ipv6({.src = ip("fe80::9"), .next = decode::ip_proto::kUdp}, udp(1, 2, {}));
}

TEST(RawIp, VersionNibbleDecides) {
  Decoded v4 = decode(LinkType::Raw, tcp_ipv4());
  EXPECT_EQ(v4.anomaly_names(), "");
  EXPECT_EQ(v4.pkt.src_ip, ip("10.0.0.9"));
  EXPECT_EQ(v4.pkt.l3_offset, 0);
  EXPECT_FALSE(v4.pkt.has_mac);
  Decoded v6 = decode(LinkType::Raw, udp_ipv6());
  EXPECT_EQ(v6.anomaly_names(), "");
  EXPECT_EQ(v6.pkt.src_ip, ip("fe80::9"));
}

TEST(RawIp, UnknownVersion) {
  Decoded d = decode(LinkType::Raw, Frame{0x50, 0, 0, 0});
  EXPECT_EQ(d.anomaly_names(), "bad_ip_version");
  EXPECT_FALSE(d.pkt.has_ip);
}

TEST(RawIp, Ipv4AndIpv6LinkTypes) {
  EXPECT_EQ(decode(LinkType::Ipv4, tcp_ipv4()).pkt.src_ip, ip("10.0.0.9"));
  EXPECT_EQ(decode(LinkType::Ipv6, udp_ipv6()).pkt.src_ip, ip("fe80::9"));
  EXPECT_EQ(decode(LinkType::Ipv4, udp_ipv6()).anomaly_names(), "bad_ip_version");
  EXPECT_EQ(decode(LinkType::Ipv6, concat(tcp_ipv4(), Frame(20))).anomaly_names(), "bad_ip_version");
}

TEST(RawIp, TruncatedPrefixes) {
  expect_prefixes(LinkType::Raw, tcp_ipv4(), {{20, Anomaly::truncated_ipv4}, {40, Anomaly::truncated_tcp}});
  expect_prefixes(LinkType::Raw, udp_ipv6(), {{40, Anomaly::truncated_ipv6}, {48, Anomaly::truncated_udp}});
  expect_prefixes(LinkType::Ipv4, tcp_ipv4(), {{20, Anomaly::truncated_ipv4}, {40, Anomaly::truncated_tcp}});
  expect_prefixes(LinkType::Ipv6, udp_ipv6(), {{40, Anomaly::truncated_ipv6}, {48, Anomaly::truncated_udp}});
}

}  // namespace
}  // namespace netmeter::test
