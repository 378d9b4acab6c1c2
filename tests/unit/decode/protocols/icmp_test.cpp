// ICMP and ICMPv6.
#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

using decode::ip_proto::kIcmp;
using decode::ip_proto::kIcmpv6;

// Echo: identifier and sequence number, then the data.
Frame echo_body(size_t data) {
  return concat(Frame{0x12, 0x34, 0x00, 0x01}, payload(data));
}

TEST(IcmpDecoder, EchoRequest) {
  Decoded d = decode(LinkType::Ethernet, ethernet(0x0800, ipv4({.proto = kIcmp}, icmp(8, 0, echo_body(32)))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_l4);
  EXPECT_EQ(d.pkt.l4_proto, kIcmp);
  EXPECT_EQ(d.pkt.icmp_type, 8);
  EXPECT_EQ(d.pkt.icmp_code, 0);
  EXPECT_EQ(d.pkt.src_port, 0);
  EXPECT_EQ(d.pkt.dst_port, 0);
  EXPECT_EQ(d.pkt.l4_offset, 34);
  EXPECT_EQ(d.pkt.payload_len, 32u);  // after the 8-byte ICMP header
}

TEST(IcmpDecoder, DestinationUnreachable) {
  Frame quoted = ipv4({.proto = decode::ip_proto::kUdp}, udp(1, 2, {}));
  Decoded d = decode(LinkType::Raw, ipv4({.proto = kIcmp}, icmp(3, 3, concat(Frame(4), quoted))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.icmp_type, 3);
  EXPECT_EQ(d.pkt.icmp_code, 3);
  EXPECT_EQ(d.pkt.src_ip, ip("10.0.0.1"));  // the quoted header is not decoded
}

TEST(IcmpDecoder, TruncatedPrefixes) {
  expect_prefixes(
      LinkType::Ethernet, ethernet(0x0800, ipv4({.proto = kIcmp}, icmp(8, 0, echo_body(4)))),
      {{14, Anomaly::truncated_ethernet}, {34, Anomaly::truncated_ipv4}, {38, Anomaly::truncated_icmp}});
}

TEST(Icmpv6Decoder, EchoRequest) {
  Decoded d =
      decode(LinkType::Ethernet, ethernet(0x86DD, ipv6({.next = kIcmpv6}, icmp(128, 0, echo_body(32)))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_l4);
  EXPECT_EQ(d.pkt.l4_proto, kIcmpv6);
  EXPECT_EQ(d.pkt.icmp_type, 128);
  EXPECT_EQ(d.pkt.icmp_code, 0);
  EXPECT_EQ(d.pkt.l4_offset, 54);
  // Like ICMP: type, code, checksum and the 4-byte identifier/sequence field are header, so echo
  // payloads compare between IPv4 and IPv6.
  EXPECT_EQ(d.pkt.payload_len, 32u);
}

TEST(Icmpv6Decoder, NeighborSolicitation) {
  Decoded d = decode(LinkType::Raw, ipv6({.next = kIcmpv6, .hop_limit = 255}, icmp(135, 0, payload(20))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.icmp_type, 135);
  EXPECT_EQ(d.pkt.ttl, 255);
}

TEST(Icmpv6Decoder, TruncatedPrefixes) {
  expect_prefixes(
      LinkType::Ethernet, ethernet(0x86DD, ipv6({.next = kIcmpv6}, icmp(128, 0, echo_body(4)))),
      {{14, Anomaly::truncated_ethernet}, {54, Anomaly::truncated_ipv6}, {58, Anomaly::truncated_icmpv6}});
}

}  // namespace
}  // namespace netmeter::test
