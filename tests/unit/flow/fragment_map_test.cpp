#include "flow/fragment_map.hpp"

#include <gtest/gtest.h>

#include "decode/dissector.hpp"
#include "packet_builder.hpp"

namespace netmeter::test {
namespace {

using decode::ip_proto::kUdp;

constexpr core::Timestamp kT0 = core::Timestamp::from_seconds(1'700'000'000);

decode::DecodedPacket decoded(const Frame& ip_packet, core::Timestamp ts) {
  core::AnomalyCounters anomalies;
  auto pkt = decode::decode_frame(core::LinkType::Raw, ip_packet, anomalies);
  pkt.ts = ts;
  return pkt;
}

decode::DecodedPacket first_fragment(core::Timestamp ts = kT0, uint16_t id = 77) {
  Ipv4 h{.proto = kUdp, .id = id, .frag = ipv4_frag::kMoreFragments};
  return decoded(ipv4(h, udp(1111, 2222, payload(96), 400)), ts);
}
decode::DecodedPacket later_fragment(core::Timestamp ts = kT0, uint16_t id = 77, Ipv4 h = {}) {
  h.proto = kUdp;
  h.id = id;
  h.frag = 13;  // offset 104: the last piece of the datagram
  return decoded(ipv4(h, payload(296)), ts);
}

TEST(FragmentMap, LaterFragmentGetsThePortsOfTheFirst) {
  flow::FragmentMap map;
  auto first = first_fragment();
  ASSERT_TRUE(first.first_fragment);
  EXPECT_TRUE(map.resolve(first));
  EXPECT_EQ(first.src_port, 1111);  // the first fragment keeps its own ports

  auto later = later_fragment(kT0 + 1'000'000);
  ASSERT_TRUE(later.is_fragment);
  ASSERT_FALSE(later.first_fragment);
  ASSERT_EQ(later.src_port, 0);
  EXPECT_TRUE(map.resolve(later));
  EXPECT_EQ(later.src_port, 1111);
  EXPECT_EQ(later.dst_port, 2222);
}

TEST(FragmentMap, UnknownFirstFragment) {
  flow::FragmentMap map;
  auto later = later_fragment();
  EXPECT_FALSE(map.resolve(later));
  EXPECT_EQ(later.src_port, 0);
  EXPECT_EQ(later.dst_port, 0);
}

TEST(FragmentMap, LaterFragmentBeforeTheFirstIsNotResolved) {
  flow::FragmentMap map;
  auto early = later_fragment();
  EXPECT_FALSE(map.resolve(early));
  auto first = first_fragment();
  map.resolve(first);
  auto later = later_fragment();
  EXPECT_TRUE(map.resolve(later));
}

TEST(FragmentMap, OtherDatagramsDoNotMatch) {
  flow::FragmentMap map;
  auto first = first_fragment();
  map.resolve(first);

  auto other_id = later_fragment(kT0, 78);
  EXPECT_FALSE(map.resolve(other_id));
  auto other_src = later_fragment(kT0, 77, {.src = ip("10.0.0.99")});
  EXPECT_FALSE(map.resolve(other_src));
  auto other_dst = later_fragment(kT0, 77, {.dst = ip("10.0.0.99")});
  EXPECT_FALSE(map.resolve(other_dst));
  auto other_proto = later_fragment();
  other_proto.l4_proto = decode::ip_proto::kTcp;
  EXPECT_FALSE(map.resolve(other_proto));
  auto other_vlan = later_fragment();
  other_vlan.vlan_inner = 5;
  EXPECT_FALSE(map.resolve(other_vlan));
}

TEST(FragmentMap, EntryIsStaleAfterThirtySeconds) {
  flow::FragmentMap map;
  auto first = first_fragment();
  map.resolve(first);
  auto just_in_time = later_fragment(kT0 + (flow::FragmentMap::kMaxAgeNs - 1));
  EXPECT_TRUE(map.resolve(just_in_time));
  auto stale = later_fragment(kT0 + flow::FragmentMap::kMaxAgeNs);
  EXPECT_FALSE(map.resolve(stale));
  EXPECT_EQ(stale.src_port, 0);
}

TEST(FragmentMap, Ipv6FragmentsWithThirtyTwoBitIds) {
  flow::FragmentMap map;
  Frame first_bytes =
      ipv6({.next = 44}, ipv6_fragment(kUdp, 0, true, 0xA0000001, udp(5000, 6000, payload(16))));
  Frame later_bytes = ipv6({.next = 44}, ipv6_fragment(kUdp, 3, false, 0xA0000001, payload(16)));
  Frame other_bytes = ipv6({.next = 44}, ipv6_fragment(kUdp, 3, false, 0x00000001, payload(16)));
  auto first = decoded(first_bytes, kT0);
  auto later = decoded(later_bytes, kT0);
  auto other = decoded(other_bytes, kT0);
  ASSERT_TRUE(first.first_fragment);
  EXPECT_TRUE(map.resolve(first));
  EXPECT_FALSE(map.resolve(other));
  EXPECT_TRUE(map.resolve(later));
  EXPECT_EQ(later.src_port, 5000);
  EXPECT_EQ(later.dst_port, 6000);
}

}  // namespace
}  // namespace netmeter::test
