// Ethernet II and 802.3 with LLC/SNAP.
#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

using decode::tcp_flag::kSyn;

Frame tcp_syn_ipv4() {
  return ipv4({}, tcp({}));
}

TEST(EthernetDecoder, ReadsMacsAndEthertype) {
  Decoded d = decode(LinkType::Ethernet, ethernet(0x0800, tcp_syn_ipv4(), kMacB, kMacA));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_mac);
  EXPECT_EQ(d.pkt.dst_mac, kMacB);
  EXPECT_EQ(d.pkt.src_mac, kMacA);
  EXPECT_EQ(d.pkt.ethertype, 0x0800);
  EXPECT_TRUE(d.pkt.has_ip);
  EXPECT_EQ(d.pkt.l3_offset, 14);
  EXPECT_EQ(d.pkt.l4_offset, 34);
  EXPECT_EQ(d.pkt.tcp_flags, kSyn);
}

TEST(EthernetDecoder, UnknownEthertypeEndsWithoutAnomaly) {
  Decoded d = decode(LinkType::Ethernet, ethernet(0x88CC, payload(46)));  // LLDP
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_mac);
  EXPECT_EQ(d.pkt.ethertype, 0x88CC);
  EXPECT_FALSE(d.pkt.has_ip);
}

TEST(EthernetDecoder, TruncatedPrefixes) {
  expect_prefixes(
      LinkType::Ethernet, ethernet(0x0800, tcp_syn_ipv4()),
      {{14, Anomaly::truncated_ethernet}, {34, Anomaly::truncated_ipv4}, {54, Anomaly::truncated_tcp}});
}

TEST(LlcSnapDecoder, Ieee8023SnapCarriesIpv4) {
  Frame frame =
      ieee8023(llc_snap(0x0800, ipv4({.proto = decode::ip_proto::kUdp}, udp(5000, 6000, payload(4)))));
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.ethertype, 0x0800);
  EXPECT_TRUE(d.pkt.has_ip);
  EXPECT_EQ(d.pkt.l3_offset, 22);
  EXPECT_EQ(d.pkt.src_port, 5000);
  EXPECT_EQ(d.pkt.dst_port, 6000);
  EXPECT_EQ(d.pkt.payload_len, 4u);
}

TEST(LlcSnapDecoder, NonSnapLlcEndsWithoutAnomaly) {
  // Spanning tree: DSAP/SSAP 0x42, UI frame.
  Frame frame = ieee8023(Frame{0x42, 0x42, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00});
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_mac);
  EXPECT_EQ(d.pkt.ethertype, 0);
  EXPECT_FALSE(d.pkt.has_ip);
}

TEST(LlcSnapDecoder, LengthFieldBoundsTheLlcPayload) {
  // The 802.3 length says 5 bytes although a whole SNAP header follows: LLC must not read past it.
  Frame frame = ethernet(5, llc_snap(0x0800, ipv4({}, tcp({}))));
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "truncated_llc");
  EXPECT_FALSE(d.pkt.has_ip);
}

TEST(LlcSnapDecoder, TruncatedPrefixes) {
  Frame frame = ieee8023(llc_snap(0x0800, ipv4({.proto = decode::ip_proto::kUdp}, udp(1, 2, {}))));
  expect_prefixes(LinkType::Ethernet, frame,
                  {{14, Anomaly::truncated_ethernet},
                   {17, Anomaly::truncated_llc},
                   {22, Anomaly::truncated_llc},
                   {42, Anomaly::truncated_ipv4},
                   {50, Anomaly::truncated_udp}});
}

}  // namespace
}  // namespace netmeter::test
