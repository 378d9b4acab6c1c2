// MPLS label stacks and what follows the bottom of the stack.
#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

TEST(MplsDecoder, LabelStackToIpv4) {
  Frame frame = ethernet(0x8847, mpls({100, 200, 300}, ipv4({}, tcp({}))));
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.mpls_count, 3);
  EXPECT_EQ(d.pkt.mpls_top_label, 100u);
  EXPECT_EQ(d.pkt.ethertype, 0x8847);
  EXPECT_TRUE(d.pkt.has_ip);
  EXPECT_EQ(d.pkt.ip_version, 4);
  EXPECT_EQ(d.pkt.l3_offset, 26);
  EXPECT_EQ(d.pkt.dst_port, 80);
}

TEST(MplsDecoder, SingleLabelToIpv6) {
  Frame frame =
      ethernet(0x8847, mpls({0xFFFFF}, ipv6({.next = decode::ip_proto::kUdp}, udp(1, 2, payload(3)))));
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.mpls_count, 1);
  EXPECT_EQ(d.pkt.mpls_top_label, 0xFFFFFu);
  EXPECT_EQ(d.pkt.ip_version, 6);
  EXPECT_EQ(d.pkt.l3_offset, 18);
  EXPECT_EQ(d.pkt.payload_len, 3u);
}

TEST(MplsDecoder, EthernetPseudowireAfterControlWord) {
  Frame inner = ethernet(0x0800, ipv4({.src = ip("192.0.2.7")}, tcp({})), kMacD, kMacC);
  Frame frame = ethernet(0x8847, mpls({16}, concat(Frame{0, 0, 0, 0}, inner)));
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.src_mac, kMacC);
  EXPECT_EQ(d.pkt.dst_mac, kMacD);
  EXPECT_EQ(d.pkt.src_ip, ip("192.0.2.7"));
  EXPECT_EQ(d.pkt.l3_offset, 14 + 4 + 4 + 14);
}

TEST(MplsDecoder, TruncatedPrefixes) {
  Frame frame = ethernet(0x8847, mpls({100, 200}, ipv4({}, tcp({}))));
  expect_prefixes(LinkType::Ethernet, frame,
                  {{14, Anomaly::truncated_ethernet},
                   {18, Anomaly::truncated_mpls},
                   {22, Anomaly::truncated_mpls},
                   {23, std::nullopt},  // a complete stack with nothing after it just ends
                   {42, Anomaly::truncated_ipv4},
                   {62, Anomaly::truncated_tcp}});
}

}  // namespace
}  // namespace netmeter::test
