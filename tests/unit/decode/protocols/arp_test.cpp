#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

TEST(ArpDecoder, Request) {
  Frame frame =
      ethernet(0x0806, arp(1, ip("192.168.1.1"), ip("192.168.1.2")), Mac{0xff, 0xff, 0xff, 0xff, 0xff, 0xff});
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.is_arp);
  EXPECT_EQ(d.pkt.arp_op, 1);
  EXPECT_EQ(d.pkt.arp_sender_ip, ip("192.168.1.1"));
  EXPECT_EQ(d.pkt.arp_target_ip, ip("192.168.1.2"));
  EXPECT_EQ(d.pkt.ethertype, 0x0806);
  EXPECT_FALSE(d.pkt.has_ip);
}

TEST(ArpDecoder, ReplyWithEthernetPadding) {
  Frame frame =
      ethernet(0x0806, concat(arp(2, ip("192.168.1.2"), ip("192.168.1.1"), kMacB, kMacA), Frame(18)));
  ASSERT_EQ(frame.size(), 60u);
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.arp_op, 2);
  EXPECT_EQ(d.pkt.arp_sender_ip, ip("192.168.1.2"));
  EXPECT_EQ(d.pkt.arp_target_ip, ip("192.168.1.1"));
}

TEST(ArpDecoder, NonIpv4ProtocolKeepsOpOnly) {
  // Hardware length 6, protocol 0x86DD with 16-byte addresses: not IPv4, so no addresses are read.
  Frame body = Writer().be16(1).be16(0x86DD).u8(6).u8(16).be16(1).zeros(2 * (6 + 16)).take();
  Decoded d = decode(LinkType::Ethernet, ethernet(0x0806, body));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.is_arp);
  EXPECT_TRUE(d.pkt.arp_sender_ip.empty());
}

TEST(ArpDecoder, TruncatedPrefixes) {
  expect_prefixes(LinkType::Ethernet, ethernet(0x0806, arp(1, ip("10.1.1.1"), ip("10.1.1.2"))),
                  {{14, Anomaly::truncated_ethernet}, {42, Anomaly::truncated_arp}});
}

}  // namespace
}  // namespace netmeter::test
