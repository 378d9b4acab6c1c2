// 802.1Q and 802.1ad (QinQ) tags.
#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

Frame udp_ipv4() {
  return ipv4({.proto = decode::ip_proto::kUdp}, udp(1234, 53, payload(8)));
}

TEST(VlanDecoder, SingleTag) {
  // Priority 3, VLAN 100.
  Decoded d = decode(LinkType::Ethernet, ethernet(0x8100, vlan_tag(0x6064, 0x0800, udp_ipv4())));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.vlan_count, 1);
  EXPECT_EQ(d.pkt.vlan_outer, 100);
  EXPECT_EQ(d.pkt.vlan_inner, 100);
  EXPECT_EQ(d.pkt.ethertype, 0x0800);
  EXPECT_TRUE(d.pkt.has_ip);
  EXPECT_EQ(d.pkt.l3_offset, 18);
  EXPECT_EQ(d.pkt.dst_port, 53);
}

TEST(VlanDecoder, QinQOuterThenInner) {
  Frame frame = ethernet(0x88A8, vlan_tag(10, 0x8100, vlan_tag(0x2014, 0x0800, udp_ipv4())));
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.vlan_count, 2);
  EXPECT_EQ(d.pkt.vlan_outer, 10);
  EXPECT_EQ(d.pkt.vlan_inner, 20);
  EXPECT_EQ(d.pkt.ethertype, 0x0800);
  EXPECT_EQ(d.pkt.l3_offset, 22);
  EXPECT_EQ(d.pkt.src_port, 1234);
}

TEST(VlanDecoder, TagFollowedByLlc) {
  Frame frame = ethernet(0x8100, vlan_tag(7, 3, Frame{0x42, 0x42, 0x03}));
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.vlan_inner, 7);
  EXPECT_FALSE(d.pkt.has_ip);
}

TEST(VlanDecoder, TruncatedPrefixes) {
  Frame frame = ethernet(0x88A8, vlan_tag(10, 0x8100, vlan_tag(20, 0x0800, udp_ipv4())));
  expect_prefixes(LinkType::Ethernet, frame,
                  {{14, Anomaly::truncated_ethernet},
                   {18, Anomaly::truncated_vlan},
                   {22, Anomaly::truncated_vlan},
                   {42, Anomaly::truncated_ipv4},
                   {50, Anomaly::truncated_udp}});
}

}  // namespace
}  // namespace netmeter::test
