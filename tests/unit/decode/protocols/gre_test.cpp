// GRE version 0 (with key, sequence, checksum; IPv4, IPv6, Ethernet bridging, ERSPAN) and version 1 (PPTP).
#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

using decode::TunnelType;
using decode::ip_proto::kGre;
using decode::ip_proto::kUdp;

constexpr uint16_t kChecksum = 0x8000, kRouting = 0x4000, kKey = 0x2000, kSeq = 0x1000, kAck = 0x0080;

Frame outer(const Frame& gre_packet) {
  return ethernet(0x0800, ipv4({.src = ip("192.0.2.1"), .dst = ip("192.0.2.2"), .proto = kGre}, gre_packet));
}
Frame inner_tcp() {
  return ipv4({.src = ip("10.1.1.1"), .dst = ip("10.2.2.2")},
              tcp({.sport = 12345, .dport = 443}, payload(10)));
}
Frame inner_udp() {
  return ipv4({.src = ip("10.1.1.1"), .dst = ip("10.2.2.2"), .proto = kUdp}, udp(7, 9, {}));
}

void expect_gre_outer(const decode::DecodedPacket& p) {
  ASSERT_EQ(p.outer_count, 1);
  EXPECT_EQ(p.outer[0].src, ip("192.0.2.1"));
  EXPECT_EQ(p.outer[0].dst, ip("192.0.2.2"));
  EXPECT_EQ(p.outer[0].tunnel, TunnelType::Gre);
}

TEST(GreDecoder, Version0WithChecksumKeyAndSequenceCarriesIpv4) {
  Frame fields = Writer().be16(0xABCD).be16(0).be32(0x0000002A).be32(7).take();
  Decoded d = decode(LinkType::Ethernet, outer(gre(kChecksum | kKey | kSeq, 0x0800, fields, inner_tcp())));
  EXPECT_EQ(d.anomaly_names(), "");
  expect_gre_outer(d.pkt);
  EXPECT_EQ(d.pkt.src_ip, ip("10.1.1.1"));
  EXPECT_EQ(d.pkt.dst_ip, ip("10.2.2.2"));
  EXPECT_EQ(d.pkt.l4_proto, decode::ip_proto::kTcp);
  EXPECT_EQ(d.pkt.src_port, 12345);
  EXPECT_EQ(d.pkt.dst_port, 443);
  EXPECT_EQ(d.pkt.l3_offset, 14 + 20 + 16);
  EXPECT_EQ(d.pkt.l3_len, 50u);
  EXPECT_EQ(d.pkt.payload_len, 10u);
}

TEST(GreDecoder, Version0CarriesIpv6) {
  Frame inner = ipv6({.src = ip("fd00::1"), .dst = ip("fd00::2"), .next = kUdp}, udp(1, 2, payload(2)));
  Decoded d = decode(LinkType::Ethernet, outer(gre(0, 0x86DD, {}, inner)));
  EXPECT_EQ(d.anomaly_names(), "");
  expect_gre_outer(d.pkt);
  EXPECT_EQ(d.pkt.ip_version, 6);
  EXPECT_EQ(d.pkt.src_ip, ip("fd00::1"));
  EXPECT_EQ(d.pkt.l3_offset, 14 + 20 + 4);
}

TEST(GreDecoder, TransparentEthernetBridging) {
  Frame inner = ethernet(0x0800, inner_tcp(), kMacD, kMacC);
  Decoded d = decode(LinkType::Ethernet, outer(gre(kKey, 0x6558, Frame{0, 0, 0, 1}, inner)));
  EXPECT_EQ(d.anomaly_names(), "");
  expect_gre_outer(d.pkt);
  EXPECT_EQ(d.pkt.src_mac, kMacC);
  EXPECT_EQ(d.pkt.dst_mac, kMacD);
  EXPECT_EQ(d.pkt.src_ip, ip("10.1.1.1"));
  EXPECT_EQ(d.pkt.l3_offset, 14 + 20 + 8 + 14);
}

TEST(GreDecoder, ErspanTypeTwoReachesTheMirroredFrame) {
  Frame erspan = Writer().be32(0x10000064).be32(0).take();
  Decoded d = decode(LinkType::Ethernet, outer(gre(kSeq, 0x88BE, concat(Frame{0, 0, 0, 5}, erspan),
                                                   ethernet(0x0800, inner_udp(), kMacD, kMacC))));
  EXPECT_EQ(d.anomaly_names(), "");
  expect_gre_outer(d.pkt);
  EXPECT_EQ(d.pkt.src_mac, kMacC);
  EXPECT_EQ(d.pkt.src_ip, ip("10.1.1.1"));
  EXPECT_EQ(d.pkt.l3_offset, 14 + 20 + 16 + 14);
}

TEST(GreDecoder, Version1PptpCarriesPppIpv4) {
  Frame fields = Writer().be16(24).be16(0x0101).be32(1).be32(0).take();  // key: length, call ID; seq; ack
  Frame ppp = concat(Frame{0xFF, 0x03, 0x00, 0x21}, inner_tcp());
  Decoded d = decode(LinkType::Ethernet, outer(gre(kKey | kSeq | kAck | 1, 0x880B, fields, ppp)));
  EXPECT_EQ(d.anomaly_names(), "");
  expect_gre_outer(d.pkt);
  EXPECT_EQ(d.pkt.src_ip, ip("10.1.1.1"));
  EXPECT_EQ(d.pkt.dst_port, 443);
  EXPECT_EQ(d.pkt.l3_offset, 14 + 20 + 16 + 4);
}

TEST(GreDecoder, Version1PptpWithoutAck) {
  Frame fields = Writer().be16(24).be16(0x0101).be32(1).take();
  Decoded d = decode(LinkType::Ethernet,
                     outer(gre(kKey | kSeq | 1, 0x880B, fields, concat(Frame{0x00, 0x21}, inner_tcp()))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.src_ip, ip("10.1.1.1"));
  EXPECT_EQ(d.pkt.l3_offset, 14 + 20 + 12 + 2);
}

TEST(GreDecoder, Version1AckOnlyPacketIsNotTruncated) {
  // PPTP acknowledges with GRE packets that carry no payload: nothing is missing.
  Frame fields = Writer().be16(0).be16(0x0101).be32(1).take();  // key, ack
  Decoded d = decode(LinkType::Ethernet, outer(gre(kKey | kAck | 1, 0x880B, fields, {})));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.src_ip, ip("192.0.2.1"));
  EXPECT_EQ(d.pkt.outer_count, 0);
}

TEST(GreDecoder, UnknownProtocolEndsAtTheOuterPacket) {
  Decoded d = decode(LinkType::Ethernet, outer(gre(0, 0x1234, {}, payload(8))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.outer_count, 0);
  EXPECT_EQ(d.pkt.src_ip, ip("192.0.2.1"));
  EXPECT_EQ(d.pkt.l4_proto, kGre);
}

TEST(GreDecoder, RoutingPresentIsUnsupported) {
  Decoded d = decode(LinkType::Ethernet, outer(gre(kRouting, 0x0800, Frame(8), inner_tcp())));
  EXPECT_EQ(d.anomaly_names(), "unsupported_gre_version");
  EXPECT_EQ(d.pkt.outer_count, 0);
}

TEST(GreDecoder, Version2IsUnsupported) {
  Decoded d = decode(LinkType::Ethernet, outer(gre(2, 0x0800, {}, inner_tcp())));
  EXPECT_EQ(d.anomaly_names(), "unsupported_gre_version");
}

TEST(GreDecoder, TruncatedPrefixesVersion0) {
  Frame fields = Frame(12);
  expect_prefixes(LinkType::Ethernet, outer(gre(kChecksum | kKey | kSeq, 0x0800, fields, inner_tcp())),
                  {{14, Anomaly::truncated_ethernet},
                   {34, Anomaly::truncated_ipv4},
                   {38, Anomaly::truncated_gre},
                   {50, Anomaly::truncated_gre},
                   {70, Anomaly::truncated_ipv4},
                   {90, Anomaly::truncated_tcp}});
}

TEST(GreDecoder, TruncatedPrefixesPptp) {
  Frame ppp = concat(Frame{0xFF, 0x03, 0x00, 0x21}, inner_udp());
  expect_prefixes(LinkType::Ethernet, outer(gre(kKey | kSeq | kAck | 1, 0x880B, Frame(12), ppp)),
                  {{14, Anomaly::truncated_ethernet},
                   {34, Anomaly::truncated_ipv4},
                   {38, Anomaly::truncated_gre},
                   {50, Anomaly::truncated_gre},
                   {51, Anomaly::truncated_ppp},
                   {52, std::nullopt},  // a lone 0xFF reads as a compressed protocol field
                   {54, Anomaly::truncated_ppp},
                   {74, Anomaly::truncated_ipv4},
                   {82, Anomaly::truncated_udp}});
}

}  // namespace
}  // namespace netmeter::test
