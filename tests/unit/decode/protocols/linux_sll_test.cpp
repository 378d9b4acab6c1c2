// Linux cooked captures, versions 1 and 2.
#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

Frame tcp_ipv4() {
  return ipv4({.src = ip("10.0.0.5")}, tcp({}));
}
Frame udp_ipv6() {
  return ipv6({.next = decode::ip_proto::kUdp}, udp(1, 2, payload(3)));
}

TEST(LinuxSllDecoder, EthernetSenderAndIpv4) {
  Decoded d = decode(LinkType::LinuxSll, linux_sll(0x0800, tcp_ipv4(), 1, kMacC));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_mac);
  EXPECT_EQ(d.pkt.src_mac, kMacC);
  EXPECT_EQ(d.pkt.ethertype, 0x0800);
  EXPECT_EQ(d.pkt.src_ip, ip("10.0.0.5"));
  EXPECT_EQ(d.pkt.l3_offset, 16);
}

TEST(LinuxSllDecoder, NonEthernetDeviceHasNoMac) {
  Decoded d = decode(LinkType::LinuxSll, linux_sll(0x86DD, udp_ipv6(), 772));  // ARPHRD_LOOPBACK
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_FALSE(d.pkt.has_mac);
  EXPECT_EQ(d.pkt.ip_version, 6);
}

TEST(LinuxSllDecoder, LlcProtocol) {
  Decoded d = decode(LinkType::LinuxSll, linux_sll(0x0004, llc_snap(0x0800, tcp_ipv4())));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.ethertype, 0x0800);
  EXPECT_EQ(d.pkt.l3_offset, 24);
}

TEST(LinuxSllDecoder, TruncatedPrefixes) {
  expect_prefixes(
      LinkType::LinuxSll, linux_sll(0x0800, tcp_ipv4()),
      {{16, Anomaly::truncated_linux_sll}, {36, Anomaly::truncated_ipv4}, {56, Anomaly::truncated_tcp}});
}

TEST(LinuxSll2Decoder, EthernetSenderAndIpv6) {
  Decoded d = decode(LinkType::LinuxSll2, linux_sll2(0x86DD, udp_ipv6(), 1, kMacD));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_mac);
  EXPECT_EQ(d.pkt.src_mac, kMacD);
  EXPECT_EQ(d.pkt.ethertype, 0x86DD);
  EXPECT_EQ(d.pkt.ip_version, 6);
  EXPECT_EQ(d.pkt.l3_offset, 20);
  EXPECT_EQ(d.pkt.payload_len, 3u);
}

TEST(LinuxSll2Decoder, NonEthernetDeviceHasNoMac) {
  Decoded d = decode(LinkType::LinuxSll2, linux_sll2(0x0800, tcp_ipv4(), 65534));  // ARPHRD_NONE (tun)
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_FALSE(d.pkt.has_mac);
  EXPECT_TRUE(d.pkt.has_ip);
}

TEST(LinuxSll2Decoder, TruncatedPrefixes) {
  expect_prefixes(
      LinkType::LinuxSll2, linux_sll2(0x0800, tcp_ipv4()),
      {{20, Anomaly::truncated_linux_sll}, {40, Anomaly::truncated_ipv4}, {60, Anomaly::truncated_tcp}});
}

}  // namespace
}  // namespace netmeter::test
