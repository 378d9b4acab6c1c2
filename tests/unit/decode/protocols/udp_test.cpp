#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

using decode::ip_proto::kUdp;

Frame udp_frame(const Frame& datagram) {
  return ethernet(0x0800, ipv4({.proto = kUdp}, datagram));
}

TEST(UdpDecoder, PortsAndPayload) {
  Decoded d = decode(LinkType::Ethernet, udp_frame(udp(5353, 53, payload(33))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_l4);
  EXPECT_EQ(d.pkt.l4_proto, kUdp);
  EXPECT_EQ(d.pkt.src_port, 5353);
  EXPECT_EQ(d.pkt.dst_port, 53);
  EXPECT_EQ(d.pkt.l4_offset, 34);
  EXPECT_EQ(d.pkt.payload_len, 33u);
  EXPECT_EQ(d.pkt.tcp_flags, 0);
}

TEST(UdpDecoder, ShorterUdpLengthWins) {
  // 10 bytes of trailer inside the IP datagram are not UDP payload.
  Decoded d = decode(LinkType::Ethernet, udp_frame(udp(1, 2, payload(20), 8 + 10)));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.payload_len, 10u);
}

TEST(UdpDecoder, LengthBelowHeaderSize) {
  Decoded d = decode(LinkType::Ethernet, udp_frame(udp(1, 2, payload(20), 4)));
  EXPECT_EQ(d.anomaly_names(), "bad_udp_length");
  EXPECT_TRUE(d.pkt.has_l4);
  EXPECT_EQ(d.pkt.payload_len, 20u);  // the IP length bounds it instead
}

TEST(UdpDecoder, LengthBeyondTheIpPayload) {
  Decoded d = decode(LinkType::Ethernet, udp_frame(udp(1, 2, payload(20), 500)));
  EXPECT_EQ(d.anomaly_names(), "bad_udp_length");
  EXPECT_EQ(d.pkt.payload_len, 20u);
}

TEST(UdpDecoder, PayloadLengthComesFromTheHeaderNotTheCapture) {
  Decoded d = decode_captured(LinkType::Ethernet, udp_frame(udp(1, 2, payload(900))), 50);
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.payload_len, 900u);
}

TEST(UdpDecoder, FirstFragmentOfALargeDatagramIsNotMalformed) {
  // A 3000-byte datagram: the first fragment carries the UDP header and 1472 bytes of it.
  Frame datagram = udp(4500, 4500, payload(1472), 3008);
  Ipv4 h{.proto = kUdp, .frag = ipv4_frag::kMoreFragments};
  Decoded d = decode(LinkType::Ethernet, ethernet(0x0800, ipv4(h, datagram)));
  EXPECT_TRUE(d.pkt.first_fragment);
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.payload_len, 1472u);
}

TEST(UdpDecoder, TruncatedPrefixes) {
  expect_prefixes(
      LinkType::Ethernet, udp_frame(udp(1, 2, payload(3))),
      {{14, Anomaly::truncated_ethernet}, {34, Anomaly::truncated_ipv4}, {42, Anomaly::truncated_udp}});
}

}  // namespace
}  // namespace netmeter::test
