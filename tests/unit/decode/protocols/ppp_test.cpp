// PPPoE sessions, PPP (DLT_PPP, with and without address/control) and Cisco HDLC.
#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

Frame tcp_ipv4() {
  return ipv4({.src = ip("100.64.0.1"), .dst = ip("198.51.100.9")}, tcp({.dport = 443}));
}

TEST(PppoeDecoder, SessionCarriesIpv4) {
  Decoded d = decode(LinkType::Ethernet, ethernet(0x8864, pppoe_session(0x0021, tcp_ipv4())));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.pppoe);
  EXPECT_TRUE(d.pkt.has_ip);
  EXPECT_EQ(d.pkt.src_ip, ip("100.64.0.1"));
  EXPECT_EQ(d.pkt.l3_offset, 22);
  EXPECT_EQ(d.pkt.dst_port, 443);
}

TEST(PppoeDecoder, SessionCarriesIpv6) {
  Frame frame =
      ethernet(0x8864, pppoe_session(0x0057, ipv6({.next = decode::ip_proto::kUdp}, udp(1, 2, {}))));
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.ip_version, 6);
  EXPECT_EQ(d.pkt.src_port, 1);
}

TEST(PppoeDecoder, LcpEndsWithoutIp) {
  Decoded d = decode(LinkType::Ethernet, ethernet(0x8864, pppoe_session(0xC021, payload(8))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.pppoe);
  EXPECT_FALSE(d.pkt.has_ip);
}

TEST(PppoeDecoder, TruncatedPrefixes) {
  expect_prefixes(LinkType::Ethernet, ethernet(0x8864, pppoe_session(0x0021, tcp_ipv4())),
                  {{14, Anomaly::truncated_ethernet},
                   {22, Anomaly::truncated_pppoe},
                   {42, Anomaly::truncated_ipv4},
                   {62, Anomaly::truncated_tcp}});
}

TEST(PppDecoder, WithAddressAndControl) {
  Decoded d = decode(LinkType::Ppp, concat(Frame{0xFF, 0x03, 0x00, 0x21}, tcp_ipv4()));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_ip);
  EXPECT_EQ(d.pkt.l3_offset, 4);
  EXPECT_EQ(d.pkt.dst_ip, ip("198.51.100.9"));
}

TEST(PppDecoder, WithoutAddressAndControl) {
  Decoded d = decode(LinkType::Ppp, concat(Frame{0x00, 0x21}, tcp_ipv4()));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_ip);
  EXPECT_EQ(d.pkt.l3_offset, 2);
}

TEST(PppDecoder, CompressedProtocolField) {
  Decoded d = decode(LinkType::Ppp, concat(Frame{0x21}, tcp_ipv4()));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_ip);
  EXPECT_EQ(d.pkt.l3_offset, 1);
}

TEST(PppDecoder, Ipv6) {
  Decoded d = decode(LinkType::Ppp, concat(Frame{0xFF, 0x03, 0x00, 0x57}, ipv6({}, tcp({}))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.ip_version, 6);
}

TEST(PppDecoder, TruncatedPrefixesWithAddressAndControl) {
  expect_prefixes(LinkType::Ppp, concat(Frame{0xFF, 0x03, 0x00, 0x21}, tcp_ipv4()),
                  {{2, std::nullopt},  // a lone 0xFF reads as a compressed (unknown) protocol field
                   {4, Anomaly::truncated_ppp},
                   {24, Anomaly::truncated_ipv4},
                   {44, Anomaly::truncated_tcp}});
}

TEST(PppDecoder, TruncatedPrefixesWithoutAddressAndControl) {
  expect_prefixes(LinkType::Ppp, concat(Frame{0x00, 0x21}, tcp_ipv4()),
                  {{2, Anomaly::truncated_ppp}, {22, Anomaly::truncated_ipv4}, {42, Anomaly::truncated_tcp}});
}

TEST(CiscoHdlcDecoder, CarriesIpv4) {
  Decoded d = decode(LinkType::CiscoHdlc, concat(Frame{0x0F, 0x00, 0x08, 0x00}, tcp_ipv4()));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.ethertype, 0x0800);
  EXPECT_TRUE(d.pkt.has_ip);
  EXPECT_EQ(d.pkt.l3_offset, 4);
}

TEST(CiscoHdlcDecoder, KeepaliveEndsWithoutIp) {
  Decoded d = decode(LinkType::CiscoHdlc, concat(Frame{0x8F, 0x00, 0x80, 0x35}, payload(14)));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.ethertype, 0x8035);
  EXPECT_FALSE(d.pkt.has_ip);
}

TEST(CiscoHdlcDecoder, TruncatedPrefixes) {
  expect_prefixes(LinkType::CiscoHdlc, concat(Frame{0x0F, 0x00, 0x08, 0x00}, tcp_ipv4()),
                  {{4, Anomaly::truncated_ppp}, {24, Anomaly::truncated_ipv4}, {44, Anomaly::truncated_tcp}});
}

}  // namespace
}  // namespace netmeter::test
