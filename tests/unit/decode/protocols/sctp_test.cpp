#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

using decode::ip_proto::kSctp;

// An INIT chunk's fixed part (type 1, flags, length 20, then 16 bytes).
Frame init_chunk() {
  return concat(Frame{0x01, 0x00, 0x00, 0x14}, payload(16));
}

TEST(SctpDecoder, PortsAndPayload) {
  Decoded d =
      decode(LinkType::Ethernet, ethernet(0x0800, ipv4({.proto = kSctp}, sctp(2905, 3868, init_chunk()))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_l4);
  EXPECT_EQ(d.pkt.l4_proto, kSctp);
  EXPECT_EQ(d.pkt.src_port, 2905);
  EXPECT_EQ(d.pkt.dst_port, 3868);
  EXPECT_EQ(d.pkt.l4_offset, 34);
  EXPECT_EQ(d.pkt.payload_len, 20u);  // chunks after the 12-byte common header
}

TEST(SctpDecoder, OverIpv6) {
  Decoded d = decode(LinkType::Raw, ipv6({.next = kSctp}, sctp(1, 2, {})));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.src_port, 1);
  EXPECT_EQ(d.pkt.payload_len, 0u);
}

TEST(SctpDecoder, TruncatedPrefixes) {
  expect_prefixes(
      LinkType::Ethernet, ethernet(0x0800, ipv4({.proto = kSctp}, sctp(1, 2, init_chunk()))),
      {{14, Anomaly::truncated_ethernet}, {34, Anomaly::truncated_ipv4}, {46, Anomaly::truncated_sctp}});
}

}  // namespace
}  // namespace netmeter::test
