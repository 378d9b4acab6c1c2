// IP-in-IP tunnels (4in4, 6in4, 4in6): the innermost header is the packet, outer ones are counted.
#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

using decode::TunnelType;
using decode::ip_proto::kIpv4;
using decode::ip_proto::kIpv6;
using decode::ip_proto::kUdp;

Frame inner_v4() {
  return ipv4({.src = ip("10.9.9.1"), .dst = ip("10.9.9.2"), .ttl = 7},
              tcp({.sport = 2000, .dport = 3000}, payload(11)));
}

TEST(IpInIp, FourInFour) {
  Frame frame =
      ethernet(0x0800, ipv4({.src = ip("192.0.2.1"), .dst = ip("192.0.2.2"), .proto = kIpv4}, inner_v4()));
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  ASSERT_EQ(d.pkt.outer_count, 1);
  EXPECT_EQ(d.pkt.outer[0].src, ip("192.0.2.1"));
  EXPECT_EQ(d.pkt.outer[0].dst, ip("192.0.2.2"));
  EXPECT_EQ(d.pkt.outer[0].tunnel, TunnelType::IpInIp);
  EXPECT_EQ(d.pkt.src_ip, ip("10.9.9.1"));
  EXPECT_EQ(d.pkt.dst_ip, ip("10.9.9.2"));
  EXPECT_EQ(d.pkt.ttl, 7);
  EXPECT_EQ(d.pkt.l4_proto, decode::ip_proto::kTcp);
  EXPECT_EQ(d.pkt.src_port, 2000);
  EXPECT_EQ(d.pkt.dst_port, 3000);
  EXPECT_EQ(d.pkt.l3_offset, 34);
  EXPECT_EQ(d.pkt.l3_len, 51u);
  EXPECT_EQ(d.pkt.payload_len, 11u);
}

TEST(IpInIp, SixInFour) {
  Frame inner =
      ipv6({.src = ip("2001:db8::10"), .dst = ip("2001:db8::20"), .next = kUdp}, udp(546, 547, payload(6)));
  Frame frame =
      ethernet(0x0800, ipv4({.src = ip("192.0.2.1"), .dst = ip("192.0.2.2"), .proto = kIpv6}, inner));
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  ASSERT_EQ(d.pkt.outer_count, 1);
  EXPECT_EQ(d.pkt.outer[0].src, ip("192.0.2.1"));
  EXPECT_EQ(d.pkt.outer[0].tunnel, TunnelType::IpInIp);
  EXPECT_EQ(d.pkt.ip_version, 6);
  EXPECT_EQ(d.pkt.src_ip, ip("2001:db8::10"));
  EXPECT_EQ(d.pkt.dst_port, 547);
  EXPECT_EQ(d.pkt.payload_len, 6u);
}

TEST(IpInIp, FourInSix) {
  Frame frame =
      ethernet(0x86DD, ipv6({.src = ip("2001:db8::1"), .dst = ip("2001:db8::2"), .next = kIpv4}, inner_v4()));
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  ASSERT_EQ(d.pkt.outer_count, 1);
  EXPECT_EQ(d.pkt.outer[0].src, ip("2001:db8::1"));
  EXPECT_EQ(d.pkt.outer[0].dst, ip("2001:db8::2"));
  EXPECT_EQ(d.pkt.outer[0].tunnel, TunnelType::IpInIp);
  EXPECT_EQ(d.pkt.ip_version, 4);
  EXPECT_EQ(d.pkt.src_ip, ip("10.9.9.1"));
  EXPECT_EQ(d.pkt.l3_offset, 54);
}

TEST(IpInIp, OuterUdpPortsDoNotLeakIntoTheInnerPacket) {
  // VXLAN carrying an ICMP packet: the outer UDP ports must be cleared.
  Frame inner = ethernet(0x0800, ipv4({.proto = decode::ip_proto::kIcmp}, icmp(8, 0, Frame(8))));
  Frame frame =
      ethernet(0x0800, ipv4({.src = ip("192.0.2.1"), .proto = kUdp}, udp(50000, 4789, vxlan(1, inner))));
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.src_port, 0);
  EXPECT_EQ(d.pkt.dst_port, 0);
  EXPECT_EQ(d.pkt.icmp_type, 8);
}

TEST(IpInIp, NestingDeeperThanThreeOuterHeaders) {
  Frame packet = inner_v4();
  for (int i = 0; i < 4; ++i)
    packet = ipv4({.src = ip("192.0.2." + std::to_string(i + 1)), .proto = kIpv4}, packet);
  Decoded d = decode(LinkType::Raw, packet);
  EXPECT_EQ(d.anomaly_names(), "too_many_layers");
  EXPECT_EQ(d.pkt.outer_count, 3);
  EXPECT_EQ(d.pkt.outer[0].src, ip("192.0.2.4"));
  EXPECT_EQ(d.pkt.outer[2].src, ip("192.0.2.2"));
  EXPECT_EQ(d.pkt.src_ip, ip("192.0.2.1"));  // the fourth header; the fifth was refused
}

TEST(IpInIp, TruncatedPrefixes) {
  Frame frame = ethernet(0x0800, ipv4({.proto = kIpv4}, inner_v4()));
  expect_prefixes(LinkType::Ethernet, frame,
                  {{14, Anomaly::truncated_ethernet},
                   {34, Anomaly::truncated_ipv4},
                   {54, Anomaly::truncated_ipv4},
                   {74, Anomaly::truncated_tcp}});
}

TEST(IpInIp, TruncatedPrefixesFourInSix) {
  Frame frame = ethernet(0x86DD, ipv6({.next = kIpv4}, inner_v4()));
  expect_prefixes(LinkType::Ethernet, frame,
                  {{14, Anomaly::truncated_ethernet},
                   {54, Anomaly::truncated_ipv6},
                   {74, Anomaly::truncated_ipv4},
                   {94, Anomaly::truncated_tcp}});
}

}  // namespace
}  // namespace netmeter::test
