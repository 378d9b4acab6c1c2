#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

using decode::ip_proto::kTcp;
using decode::ip_proto::kUdp;
using namespace decode::tcp_flag;

constexpr uint8_t kHopByHop = 0, kRouting = 43, kFragment = 44, kAuth = 51, kDestOpts = 60;

TEST(Ipv6Decoder, HeaderFields) {
  Ipv6 h{.src = ip("2001:db8::a"),
         .dst = ip("2001:db8::b"),
         .next = kUdp,
         .hop_limit = 33,
         .traffic_class = 0xB9};
  Decoded d = decode(LinkType::Ethernet, ethernet(0x86DD, ipv6(h, udp(1000, 2000, payload(4)))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_ip);
  EXPECT_EQ(d.pkt.ip_version, 6);
  EXPECT_EQ(d.pkt.src_ip, ip("2001:db8::a"));
  EXPECT_EQ(d.pkt.dst_ip, ip("2001:db8::b"));
  EXPECT_EQ(d.pkt.ttl, 33);
  EXPECT_EQ(d.pkt.dscp, 46);
  EXPECT_EQ(d.pkt.ecn, 1);
  EXPECT_EQ(d.pkt.l4_proto, kUdp);
  EXPECT_EQ(d.pkt.l3_offset, 14);
  EXPECT_EQ(d.pkt.l3_len, 52u);
  EXPECT_EQ(d.pkt.l4_offset, 54);
  EXPECT_EQ(d.pkt.payload_len, 4u);
}

Frame extension_chain() {
  // Hop-by-hop (8) -> routing (24) -> destination options (8) -> TCP with 7 bytes of payload.
  Frame l4 = tcp({.sport = 4321, .dport = 22, .flags = kAck}, payload(7));
  return ethernet(0x86DD,
                  ipv6({.next = kHopByHop}, ipv6_ext(kRouting, ipv6_ext(kDestOpts, ipv6_ext(kTcp, l4), 2))));
}

TEST(Ipv6Decoder, ExtensionHeaderChain) {
  Decoded d = decode(LinkType::Ethernet, extension_chain());
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.l4_proto, kTcp);
  EXPECT_EQ(d.pkt.l4_offset, 14 + 40 + 8 + 24 + 8);
  EXPECT_EQ(d.pkt.src_port, 4321);
  EXPECT_EQ(d.pkt.dst_port, 22);
  EXPECT_EQ(d.pkt.l3_len, 40u + 40 + 20 + 7);
  EXPECT_EQ(d.pkt.payload_len, 7u);
  EXPECT_FALSE(d.pkt.is_fragment);
}

TEST(Ipv6Decoder, AuthenticationHeaderLengthInFourByteUnits) {
  Frame ah = Writer().u8(kUdp).u8(4).zeros(22).raw(udp(7, 8, payload(2))).take();  // (4 + 2) * 4 = 24 bytes
  Decoded d = decode(LinkType::Raw, ipv6({.next = kAuth}, ah));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.l4_proto, kUdp);
  EXPECT_EQ(d.pkt.l4_offset, 64);
  EXPECT_EQ(d.pkt.src_port, 7);
}

TEST(Ipv6Decoder, FirstFragmentKeepsPorts) {
  Frame frag = ipv6_fragment(kUdp, 0, true, 0xDEADBEEF, udp(1000, 2000, payload(100)));
  Decoded d = decode(LinkType::Ethernet, ethernet(0x86DD, ipv6({.next = kFragment}, frag)));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.is_fragment);
  EXPECT_TRUE(d.pkt.first_fragment);
  EXPECT_EQ(d.pkt.frag_id, 0xDEADBEEFu);
  EXPECT_EQ(d.pkt.l4_proto, kUdp);
  EXPECT_TRUE(d.pkt.has_l4);
  EXPECT_EQ(d.pkt.src_port, 1000);
  EXPECT_EQ(d.pkt.dst_port, 2000);
  EXPECT_EQ(d.pkt.l4_offset, 14 + 48);
}

TEST(Ipv6Decoder, LaterFragmentHasNoTransportHeader) {
  Frame frag = ipv6_fragment(kUdp, 100, false, 0xDEADBEEF, udp(1000, 2000, payload(42)));
  Decoded d =
      decode(LinkType::Ethernet, ethernet(0x86DD, ipv6({.next = kHopByHop}, ipv6_ext(kFragment, frag))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.is_fragment);
  EXPECT_FALSE(d.pkt.first_fragment);
  EXPECT_EQ(d.pkt.frag_id, 0xDEADBEEFu);
  EXPECT_EQ(d.pkt.l4_proto, kUdp);
  EXPECT_FALSE(d.pkt.has_l4);
  EXPECT_EQ(d.pkt.src_port, 0);
  EXPECT_EQ(d.pkt.l3_len, 40u + 8 + 8 + 50);
}

TEST(Ipv6Decoder, LaterFragmentPayloadIsItsIpPayload) {
  Frame frag = ipv6_fragment(kUdp, 100, false, 1, payload(50));
  Decoded d = decode(LinkType::Raw, ipv6({.next = kFragment}, frag));
  EXPECT_EQ(d.pkt.l3_len, 98u);
  EXPECT_EQ(d.pkt.payload_len, 50u);
}

TEST(Ipv6Decoder, PayloadLengthBeyondTheWireIsClamped) {
  Decoded d = decode(LinkType::Raw, ipv6({.payload_length = 200}, tcp({.flags = kAck}, payload(3))));
  EXPECT_EQ(d.anomaly_names(), "bad_ipv6_payload_length");
  EXPECT_TRUE(d.pkt.has_ip);
  EXPECT_EQ(d.pkt.l3_len, 63u);
  EXPECT_EQ(d.pkt.payload_len, 3u);
}

TEST(Ipv6Decoder, ExtensionsLongerThanThePayloadLength) {
  Decoded d = decode(LinkType::Raw, ipv6({.next = kHopByHop, .payload_length = 4}, ipv6_ext(kTcp, tcp({}))));
  EXPECT_EQ(d.anomaly_names(), "bad_ipv6_payload_length");
  EXPECT_FALSE(d.pkt.has_ip);
}

TEST(Ipv6Decoder, ZeroPayloadLengthTakesTheFrameLength) {
  Decoded d = decode(LinkType::Raw, ipv6({.payload_length = 0}, tcp({.flags = kAck}, payload(10))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.l3_len, 70u);
  EXPECT_EQ(d.pkt.payload_len, 10u);
}

TEST(Ipv6Decoder, BadVersion) {
  Decoded d = decode(LinkType::Ethernet, ethernet(0x86DD, ipv4({}, tcp({}))));
  EXPECT_EQ(d.anomaly_names(), "bad_ip_version");
  EXPECT_FALSE(d.pkt.has_ip);
}

TEST(Ipv6Decoder, NoNextHeaderEnds) {
  Decoded d = decode(LinkType::Raw, ipv6({.next = decode::ip_proto::kNoNext}, {}));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_ip);
  EXPECT_FALSE(d.pkt.has_l4);
}

TEST(Ipv6Decoder, TruncatedPrefixesOfAnExtensionChain) {
  expect_prefixes(LinkType::Ethernet, extension_chain(),
                  {{14, Anomaly::truncated_ethernet},
                   {54, Anomaly::truncated_ipv6},
                   {62, Anomaly::truncated_ipv6_extension},
                   {86, Anomaly::truncated_ipv6_extension},
                   {94, Anomaly::truncated_ipv6_extension},
                   {114, Anomaly::truncated_tcp}});
}

TEST(Ipv6Decoder, TruncatedPrefixesOfAFragment) {
  Frame frame =
      ethernet(0x86DD, ipv6({.next = kFragment}, ipv6_fragment(kUdp, 0, true, 9, udp(1, 2, payload(4)))));
  expect_prefixes(LinkType::Ethernet, frame,
                  {{14, Anomaly::truncated_ethernet},
                   {54, Anomaly::truncated_ipv6},
                   {62, Anomaly::truncated_ipv6_extension},
                   {70, Anomaly::truncated_udp}});
}

}  // namespace
}  // namespace netmeter::test
