#include "engine/packet_decoder.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "packet_builder.hpp"

namespace netmeter::engine {
namespace {

using test::Frame;
using test::ip;

capture::RawPacket raw_of(const Frame& f, int64_t second) {
  auto len = static_cast<uint32_t>(f.size());
  return capture::RawPacket{core::Timestamp::from_seconds(second), len, len, f.data()};
}

Frame tcp_packet(const char* src, const char* dst) {
  test::Ipv4 h;
  h.src = ip(src);
  h.dst = ip(dst);
  return test::ethernet(0x0800, test::ipv4(h, test::tcp({})));
}

Frame arp_ipv4() {
  return test::ethernet(0x0806, test::arp(1, ip("192.168.1.1"), ip("192.168.1.2")));
}

Frame arp_other_protocol() {
  // Protocol 0x86DD with 16-byte addresses: not IPv4, so the decoder reads no address.
  return test::ethernet(0x0806, test::Writer().be16(1).be16(0x86DD).u8(6).u8(16).be16(1).zeros(44).take());
}

Frame gre_tunnelled() {
  test::Ipv4 outer;
  outer.src = ip("172.16.0.1");
  outer.dst = ip("172.16.0.2");
  outer.proto = decode::ip_proto::kGre;
  test::Ipv4 inner;
  inner.src = ip("10.9.9.1");
  inner.dst = ip("10.9.9.2");
  return test::ethernet(0x0800,
                        test::ipv4(outer, test::gre(0, 0x0800, {}, test::ipv4(inner, test::tcp({})))));
}

// The decoder resets only the common part of a reused record (PacketDecoder::decode): whatever came
// before, a packet decodes to what a fresh decoder makes of it, and the ARP and tunnel fields of an
// earlier packet never show through.
TEST(PacketDecoder, AReusedRecordDecodesAsAFreshOne) {
  const std::vector<Frame> frames = {gre_tunnelled(),
                                     tcp_packet("10.0.0.1", "10.0.0.2"),
                                     arp_ipv4(),
                                     arp_other_protocol(),
                                     gre_tunnelled(),
                                     arp_other_protocol(),
                                     tcp_packet("10.0.0.2", "10.0.0.1")};
  PacketDecoder reused(core::LinkType::Ethernet);
  PacketRecord rec;
  int64_t second = 100;
  for (const Frame& f : frames) {
    SCOPED_TRACE(second);
    capture::RawPacket raw = raw_of(f, second++);
    uint32_t l3 = reused.decode(raw, rec);
    PacketDecoder fresh(core::LinkType::Ethernet);
    PacketRecord want;
    EXPECT_EQ(l3, fresh.decode(raw, want));
    EXPECT_EQ(rec.flow_hash, want.flow_hash);
    EXPECT_EQ(std::memcmp(&rec.pkt, &want.pkt, decode::kDecodedPacketCommonBytes), 0);
    ASSERT_EQ(rec.pkt.has_rare_fields(), want.pkt.has_rare_fields());
    if (want.pkt.is_arp) {
      EXPECT_EQ(rec.pkt.arp_op, want.pkt.arp_op);
      EXPECT_EQ(rec.pkt.arp_sender_ip, want.pkt.arp_sender_ip);
      EXPECT_EQ(rec.pkt.arp_target_ip, want.pkt.arp_target_ip);
    }
    for (int i = 0; i < want.pkt.outer_count; ++i) {
      EXPECT_EQ(rec.pkt.outer[i].src, want.pkt.outer[i].src);
      EXPECT_EQ(rec.pkt.outer[i].dst, want.pkt.outer[i].dst);
      EXPECT_EQ(rec.pkt.outer[i].tunnel, want.pkt.outer[i].tunnel);
    }
  }
}

TEST(PacketDecoder, AnArpOfAnotherProtocolAfterAnIpv4OneHasNoAddresses) {
  PacketDecoder d(core::LinkType::Ethernet);
  PacketRecord rec;
  Frame first = arp_ipv4(), second = arp_other_protocol();
  d.decode(raw_of(first, 1), rec);
  ASSERT_EQ(rec.pkt.arp_sender_ip, ip("192.168.1.1"));
  d.decode(raw_of(second, 2), rec);
  EXPECT_TRUE(rec.pkt.is_arp);
  EXPECT_TRUE(rec.pkt.arp_sender_ip.empty());
  EXPECT_TRUE(rec.pkt.arp_target_ip.empty());
}

}  // namespace
}  // namespace netmeter::engine
