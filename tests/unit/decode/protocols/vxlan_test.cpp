#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

using decode::TunnelType;
using decode::ip_proto::kUdp;

Frame outer_udp(uint16_t dport, const Frame& body) {
  return ethernet(0x0800, ipv4({.src = ip("203.0.113.1"), .dst = ip("203.0.113.2"), .proto = kUdp},
                               udp(54321, dport, body)));
}
Frame inner_frame() {
  return ethernet(0x0800,
                  ipv4({.src = ip("172.16.0.1"), .dst = ip("172.16.0.2")}, tcp({.sport = 999, .dport = 80})),
                  kMacD, kMacC);
}

TEST(VxlanDecoder, InnerFrameIsThePacket) {
  Decoded d = decode(LinkType::Ethernet, outer_udp(4789, vxlan(42, inner_frame())));
  EXPECT_EQ(d.anomaly_names(), "");
  ASSERT_EQ(d.pkt.outer_count, 1);
  EXPECT_EQ(d.pkt.outer[0].src, ip("203.0.113.1"));
  EXPECT_EQ(d.pkt.outer[0].dst, ip("203.0.113.2"));
  EXPECT_EQ(d.pkt.outer[0].tunnel, TunnelType::Vxlan);
  EXPECT_EQ(d.pkt.src_mac, kMacC);
  EXPECT_EQ(d.pkt.dst_mac, kMacD);
  EXPECT_EQ(d.pkt.src_ip, ip("172.16.0.1"));
  EXPECT_EQ(d.pkt.dst_ip, ip("172.16.0.2"));
  EXPECT_EQ(d.pkt.l4_proto, decode::ip_proto::kTcp);
  EXPECT_EQ(d.pkt.src_port, 999);
  EXPECT_EQ(d.pkt.dst_port, 80);
  EXPECT_EQ(d.pkt.l3_offset, 14 + 20 + 8 + 8 + 14);
}

TEST(VxlanDecoder, WithoutValidVniFlagStaysOuterUdp) {
  Decoded d = decode(LinkType::Ethernet, outer_udp(4789, vxlan(42, inner_frame(), 0x00)));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.outer_count, 0);
  EXPECT_EQ(d.pkt.src_ip, ip("203.0.113.1"));
  EXPECT_EQ(d.pkt.dst_port, 4789);
}

TEST(VxlanDecoder, OnlyTheDestinationPortSelectsVxlan) {
  Frame frame = ethernet(0x0800, ipv4({.proto = kUdp}, udp(4789, 40000, vxlan(1, inner_frame()))));
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.pkt.outer_count, 0);
  EXPECT_EQ(d.pkt.src_port, 4789);
}

TEST(VxlanDecoder, TruncatedPrefixes) {
  expect_prefixes(LinkType::Ethernet, outer_udp(4789, vxlan(42, inner_frame())),
                  {{14, Anomaly::truncated_ethernet},
                   {34, Anomaly::truncated_ipv4},
                   {42, Anomaly::truncated_udp},
                   {50, Anomaly::truncated_vxlan},
                   {64, Anomaly::truncated_ethernet},
                   {84, Anomaly::truncated_ipv4},
                   {104, Anomaly::truncated_tcp}});
}

}  // namespace
}  // namespace netmeter::test
