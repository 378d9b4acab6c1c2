#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

using decode::ip_proto::kTcp;
using decode::ip_proto::kUdp;
using namespace decode::tcp_flag;

TEST(Ipv4Decoder, HeaderFields) {
  Ipv4 h{
      .src = ip("192.0.2.1"), .dst = ip("198.51.100.2"), .proto = kUdp, .ttl = 17, .tos = 0xB9, .id = 0x4242};
  Decoded d = decode(LinkType::Ethernet, ethernet(0x0800, ipv4(h, udp(1000, 2000, payload(12)))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_ip);
  EXPECT_EQ(d.pkt.ip_version, 4);
  EXPECT_EQ(d.pkt.src_ip, ip("192.0.2.1"));
  EXPECT_EQ(d.pkt.dst_ip, ip("198.51.100.2"));
  EXPECT_EQ(d.pkt.ttl, 17);
  EXPECT_EQ(d.pkt.dscp, 46);  // EF
  EXPECT_EQ(d.pkt.ecn, 1);
  EXPECT_EQ(d.pkt.l4_proto, kUdp);
  EXPECT_EQ(d.pkt.l3_offset, 14);
  EXPECT_EQ(d.pkt.l3_len, 40u);
  EXPECT_FALSE(d.pkt.is_fragment);
  EXPECT_EQ(d.pkt.outer_count, 0);
}

TEST(Ipv4Decoder, OptionsMoveTheTransportHeader) {
  Ipv4 h{.options = {0x01, 0x01, 0x01, 0x00}};  // NOP NOP NOP EOL
  Decoded d =
      decode(LinkType::Ethernet, ethernet(0x0800, ipv4(h, tcp({.sport = 1111, .dport = 2222}, payload(5)))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.l3_len, 49u);
  EXPECT_EQ(d.pkt.l4_offset, 38);
  EXPECT_EQ(d.pkt.src_port, 1111);
  EXPECT_EQ(d.pkt.dst_port, 2222);
  EXPECT_EQ(d.pkt.payload_len, 5u);
}

TEST(Ipv4Decoder, DontFragmentIsNotAFragment) {
  Decoded d = decode(LinkType::Raw, ipv4({.frag = ipv4_frag::kDontFragment}, tcp({})));
  EXPECT_FALSE(d.pkt.is_fragment);
  EXPECT_FALSE(d.pkt.first_fragment);
  EXPECT_TRUE(d.pkt.has_l4);
}

TEST(Ipv4Decoder, FirstFragmentKeepsPorts) {
  Ipv4 h{.id = 0xBEEF, .frag = ipv4_frag::kMoreFragments};
  Decoded d = decode(LinkType::Ethernet,
                     ethernet(0x0800, ipv4(h, tcp({.sport = 5555, .flags = kAck}, payload(100)))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.is_fragment);
  EXPECT_TRUE(d.pkt.first_fragment);
  EXPECT_EQ(d.pkt.frag_id, 0xBEEFu);
  EXPECT_TRUE(d.pkt.has_l4);
  EXPECT_EQ(d.pkt.src_port, 5555);
  EXPECT_EQ(d.pkt.dst_port, 80);
  EXPECT_EQ(d.pkt.payload_len, 100u);
}

TEST(Ipv4Decoder, LaterFragmentHasNoTransportHeader) {
  // Offset 185 * 8 = 1480; the bytes look like a TCP header but must not be read as one.
  Ipv4 h{.id = 0xBEEF, .frag = static_cast<uint16_t>(ipv4_frag::kMoreFragments | 185)};
  Decoded d = decode(LinkType::Ethernet, ethernet(0x0800, ipv4(h, tcp({.sport = 5555}, payload(100)))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_ip);
  EXPECT_TRUE(d.pkt.is_fragment);
  EXPECT_FALSE(d.pkt.first_fragment);
  EXPECT_EQ(d.pkt.frag_id, 0xBEEFu);
  EXPECT_EQ(d.pkt.l4_proto, kTcp);
  EXPECT_FALSE(d.pkt.has_l4);
  EXPECT_EQ(d.pkt.src_port, 0);
  EXPECT_EQ(d.pkt.dst_port, 0);
  EXPECT_EQ(d.pkt.l3_len, 140u);
}

TEST(Ipv4Decoder, LaterFragmentPayloadIsItsIpPayload) {
  Ipv4 h{.frag = 185};
  Decoded d = decode(LinkType::Ethernet, ethernet(0x0800, ipv4(h, payload(100))));
  EXPECT_EQ(d.pkt.l3_len, 120u);
  EXPECT_EQ(d.pkt.payload_len, 100u);
}

TEST(Ipv4Decoder, LastFragmentIsAFragment) {
  Decoded d = decode(LinkType::Raw, ipv4({.frag = 370}, payload(20)));
  EXPECT_TRUE(d.pkt.is_fragment);
  EXPECT_FALSE(d.pkt.first_fragment);
  EXPECT_FALSE(d.pkt.has_l4);
}

TEST(Ipv4Decoder, ZeroTotalLengthTakesTheFrameLength) {
  // Captured before segmentation offload filled in the length.
  Frame frame = ethernet(0x0800, ipv4({.total_length = 0}, tcp({.flags = kAck}, payload(1000))));
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.l3_len, 1040u);
  EXPECT_EQ(d.pkt.payload_len, 1000u);
}

TEST(Ipv4Decoder, EthernetPaddingIsNotPayload) {
  Frame frame = concat(ethernet(0x0800, ipv4({}, tcp({.flags = kAck}))), Frame(6, 0xEE));
  ASSERT_EQ(frame.size(), 60u);
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.l3_len, 40u);
  EXPECT_EQ(d.pkt.payload_len, 0u);
}

TEST(Ipv4Decoder, BadVersion) {
  Decoded d = decode(LinkType::Ethernet, ethernet(0x0800, ipv4({.version_ihl = 0x55}, tcp({}))));
  EXPECT_EQ(d.anomaly_names(), "bad_ip_version");
  EXPECT_FALSE(d.pkt.has_ip);
}

TEST(Ipv4Decoder, HeaderLengthBelowTwenty) {
  Decoded d = decode(LinkType::Ethernet, ethernet(0x0800, ipv4({.version_ihl = 0x44}, tcp({}))));
  EXPECT_EQ(d.anomaly_names(), "bad_ip_header_length");
  EXPECT_FALSE(d.pkt.has_ip);
}

TEST(Ipv4Decoder, TotalLengthBelowHeaderLength) {
  Decoded d = decode(LinkType::Ethernet, ethernet(0x0800, ipv4({.total_length = 12}, tcp({}))));
  EXPECT_EQ(d.anomaly_names(), "bad_ip_total_length");
  EXPECT_FALSE(d.pkt.has_ip);
}

TEST(Ipv4Decoder, TotalLengthBeyondTheWireIsClamped) {
  Decoded d = decode(LinkType::Ethernet, ethernet(0x0800, ipv4({.total_length = 100}, tcp({.flags = kAck}))));
  EXPECT_EQ(d.anomaly_names(), "bad_ip_total_length");
  EXPECT_TRUE(d.pkt.has_ip);
  EXPECT_EQ(d.pkt.l3_len, 40u);
  EXPECT_EQ(d.pkt.payload_len, 0u);
}

TEST(Ipv4Decoder, UnknownProtocolEndsAfterHeader) {
  Decoded d = decode(LinkType::Raw, ipv4({.proto = decode::ip_proto::kEsp}, payload(16)));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_ip);
  EXPECT_EQ(d.pkt.l4_proto, decode::ip_proto::kEsp);
  EXPECT_FALSE(d.pkt.has_l4);
}

TEST(Ipv4Decoder, TruncatedPrefixesWithOptions) {
  Frame frame = ethernet(0x0800, ipv4({.options = {0x01, 0x01, 0x01, 0x00}}, tcp({})));
  expect_prefixes(LinkType::Ethernet, frame,
                  {{14, Anomaly::truncated_ethernet},
                   {34, Anomaly::truncated_ipv4},
                   {38, Anomaly::truncated_ipv4},
                   {58, Anomaly::truncated_tcp}});
}

}  // namespace
}  // namespace netmeter::test
