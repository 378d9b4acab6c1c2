#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

using decode::TunnelType;
using decode::ip_proto::kUdp;

constexpr uint8_t kV1Gtp = 0x30, kSeqFlag = 0x02, kExtFlag = 0x04, kGpdu = 0xFF, kEchoRequest = 0x01;

Frame outer_udp(uint16_t sport, uint16_t dport, const Frame& body) {
  return ethernet(0x0800, ipv4({.src = ip("198.18.0.1"), .dst = ip("198.18.0.2"), .proto = kUdp},
                               udp(sport, dport, body)));
}
Frame user_ipv4() {
  return ipv4({.src = ip("10.45.0.7"), .dst = ip("8.8.8.8"), .proto = kUdp}, udp(33333, 53, payload(20)));
}

void expect_gtpu_outer(const decode::DecodedPacket& p) {
  ASSERT_EQ(p.outer_count, 1);
  EXPECT_EQ(p.outer[0].src, ip("198.18.0.1"));
  EXPECT_EQ(p.outer[0].dst, ip("198.18.0.2"));
  EXPECT_EQ(p.outer[0].tunnel, TunnelType::GtpU);
}

TEST(GtpuDecoder, MinimalHeaderCarriesIpv4) {
  Decoded d = decode(LinkType::Ethernet, outer_udp(2152, 2152, gtpu(kV1Gtp, kGpdu, {}, user_ipv4())));
  EXPECT_EQ(d.anomaly_names(), "");
  expect_gtpu_outer(d.pkt);
  EXPECT_EQ(d.pkt.src_ip, ip("10.45.0.7"));
  EXPECT_EQ(d.pkt.dst_ip, ip("8.8.8.8"));
  EXPECT_EQ(d.pkt.src_port, 33333);
  EXPECT_EQ(d.pkt.dst_port, 53);
  EXPECT_EQ(d.pkt.payload_len, 20u);
  EXPECT_EQ(d.pkt.l3_offset, 14 + 20 + 8 + 8);
}

TEST(GtpuDecoder, SequenceNumberPresent) {
  Frame optional = {0x12, 0x34, 0x00, 0x00};  // sequence, N-PDU, no next extension
  Decoded d = decode(LinkType::Ethernet,
                     outer_udp(2152, 2152, gtpu(kV1Gtp | kSeqFlag, kGpdu, optional, user_ipv4())));
  EXPECT_EQ(d.anomaly_names(), "");
  expect_gtpu_outer(d.pkt);
  EXPECT_EQ(d.pkt.src_ip, ip("10.45.0.7"));
  EXPECT_EQ(d.pkt.l3_offset, 14 + 20 + 8 + 12);
}

Frame with_pdu_session_container(const Frame& body) {
  // next extension type 0x85, then the 4-byte PDU session container ending with "no more extensions".
  Frame optional = {0x00, 0x00, 0x00, 0x85, 0x01, 0x10, 0x09, 0x00};
  return gtpu(kV1Gtp | kExtFlag, kGpdu, optional, body);
}

TEST(GtpuDecoder, ExtensionHeaderCarriesIpv6) {
  Frame inner = ipv6({.src = ip("2001:db8:5::1"), .dst = ip("2001:db8:6::1")}, tcp({.dport = 443}));
  Decoded d = decode(LinkType::Ethernet, outer_udp(2152, 2152, with_pdu_session_container(inner)));
  EXPECT_EQ(d.anomaly_names(), "");
  expect_gtpu_outer(d.pkt);
  EXPECT_EQ(d.pkt.ip_version, 6);
  EXPECT_EQ(d.pkt.src_ip, ip("2001:db8:5::1"));
  EXPECT_EQ(d.pkt.dst_port, 443);
  EXPECT_EQ(d.pkt.l3_offset, 14 + 20 + 8 + 16);
}

TEST(GtpuDecoder, SourcePortAloneSelectsGtpu) {
  Decoded d = decode(LinkType::Ethernet, outer_udp(2152, 40000, gtpu(kV1Gtp, kGpdu, {}, user_ipv4())));
  EXPECT_EQ(d.anomaly_names(), "");
  expect_gtpu_outer(d.pkt);
}

TEST(GtpuDecoder, SignallingEndsAtTheOuterPacket) {
  Decoded d =
      decode(LinkType::Ethernet, outer_udp(2152, 2152, gtpu(kV1Gtp | kSeqFlag, kEchoRequest, Frame(4), {})));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.outer_count, 0);
  EXPECT_EQ(d.pkt.src_ip, ip("198.18.0.1"));
  EXPECT_EQ(d.pkt.dst_port, 2152);
}

TEST(GtpuDecoder, VersionTwoIsRejected) {
  Decoded d = decode(LinkType::Ethernet, outer_udp(2152, 2152, gtpu(0x50, kGpdu, {}, user_ipv4())));
  EXPECT_EQ(d.anomaly_names(), "bad_gtpu_version");
  EXPECT_EQ(d.pkt.outer_count, 0);
}

TEST(GtpuDecoder, GtpPrimeIsRejected) {
  Decoded d = decode(LinkType::Ethernet, outer_udp(2152, 2152, gtpu(0x20, kGpdu, {}, user_ipv4())));
  EXPECT_EQ(d.anomaly_names(), "bad_gtpu_version");
}

TEST(GtpuDecoder, ZeroLengthExtensionIsTruncated) {
  Frame optional = {0x00, 0x00, 0x00, 0x85, 0x00, 0x00, 0x00, 0x00};
  Decoded d = decode(LinkType::Ethernet,
                     outer_udp(2152, 2152, gtpu(kV1Gtp | kExtFlag, kGpdu, optional, user_ipv4())));
  EXPECT_EQ(d.anomaly_names(), "truncated_gtpu");
}

TEST(GtpuDecoder, TruncatedPrefixesMinimal) {
  expect_prefixes(LinkType::Ethernet, outer_udp(2152, 2152, gtpu(kV1Gtp, kGpdu, {}, user_ipv4())),
                  {{14, Anomaly::truncated_ethernet},
                   {34, Anomaly::truncated_ipv4},
                   {42, Anomaly::truncated_udp},
                   {50, Anomaly::truncated_gtpu},
                   {51, std::nullopt},  // a G-PDU with no payload just ends
                   {70, Anomaly::truncated_ipv4},
                   {78, Anomaly::truncated_udp}});
}

TEST(GtpuDecoder, TruncatedPrefixesWithExtension) {
  expect_prefixes(LinkType::Ethernet, outer_udp(2152, 2152, with_pdu_session_container(user_ipv4())),
                  {{14, Anomaly::truncated_ethernet},
                   {34, Anomaly::truncated_ipv4},
                   {42, Anomaly::truncated_udp},
                   {50, Anomaly::truncated_gtpu},
                   {54, Anomaly::truncated_gtpu},
                   {58, Anomaly::truncated_gtpu},
                   {59, std::nullopt},
                   {78, Anomaly::truncated_ipv4},
                   {86, Anomaly::truncated_udp}});
}

}  // namespace
}  // namespace netmeter::test
