// BSD loopback: DLT_NULL (family in the writer's byte order) and DLT_LOOP (network order).
#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

constexpr bool kBig = true, kLittle = false;

Frame tcp_ipv4() {
  return ipv4({}, tcp({}));
}
Frame tcp_ipv6() {
  return ipv6({}, tcp({}));
}

TEST(NullDecoder, Ipv4InEitherByteOrder) {
  for (bool order : {kBig, kLittle}) {
    Decoded d = decode(LinkType::Null, null_header(2, order, tcp_ipv4()));
    EXPECT_EQ(d.anomaly_names(), "") << "big endian: " << order;
    EXPECT_EQ(d.pkt.ip_version, 4) << "big endian: " << order;
    EXPECT_EQ(d.pkt.l3_offset, 4);
    EXPECT_EQ(d.pkt.dst_port, 80);
  }
}

TEST(NullDecoder, Ipv6FamiliesOfEverySystem) {
  for (uint32_t family : {10u, 24u, 28u, 30u}) {
    for (bool order : {kBig, kLittle}) {
      Decoded d = decode(LinkType::Null, null_header(family, order, tcp_ipv6()));
      EXPECT_EQ(d.anomaly_names(), "") << "family " << family << " big endian " << order;
      EXPECT_EQ(d.pkt.ip_version, 6) << "family " << family << " big endian " << order;
    }
  }
}

TEST(NullDecoder, UnknownFamily) {
  Decoded d = decode(LinkType::Null, null_header(7, kLittle, tcp_ipv4()));
  EXPECT_EQ(d.anomaly_names(), "unknown_address_family");
  EXPECT_FALSE(d.pkt.has_ip);
}

TEST(LoopDecoder, NetworkByteOrderOnly) {
  Decoded ok = decode(LinkType::Loop, null_header(2, kBig, tcp_ipv4()));
  EXPECT_EQ(ok.anomaly_names(), "");
  EXPECT_TRUE(ok.pkt.has_ip);
  Decoded ok6 = decode(LinkType::Loop, null_header(24, kBig, tcp_ipv6()));
  EXPECT_EQ(ok6.pkt.ip_version, 6);
  Decoded swapped = decode(LinkType::Loop, null_header(2, kLittle, tcp_ipv4()));
  EXPECT_EQ(swapped.anomaly_names(), "unknown_address_family");
  EXPECT_FALSE(swapped.pkt.has_ip);
}

TEST(NullDecoder, TruncatedPrefixes) {
  expect_prefixes(
      LinkType::Null, null_header(2, kLittle, tcp_ipv4()),
      {{4, Anomaly::truncated_null}, {24, Anomaly::truncated_ipv4}, {44, Anomaly::truncated_tcp}});
}

TEST(LoopDecoder, TruncatedPrefixes) {
  expect_prefixes(
      LinkType::Loop, null_header(24, kBig, tcp_ipv6()),
      {{4, Anomaly::truncated_null}, {44, Anomaly::truncated_ipv6}, {64, Anomaly::truncated_tcp}});
}

}  // namespace
}  // namespace netmeter::test
