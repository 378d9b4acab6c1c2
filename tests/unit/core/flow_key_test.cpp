#include "core/flow_key.hpp"

#include <gtest/gtest.h>

#include <set>

namespace netmeter::core {
namespace {

Endpoint ep(const char* addr, uint16_t port) {
  return {*IpAddress::parse(addr), port};
}

TEST(FlowKey, BothDirectionsGiveTheSameKeyAndHash) {
  Endpoint client = ep("10.0.0.1", 40000), server = ep("10.0.0.2", 80);
  bool s1 = true, s2 = false;
  FlowKey forward = FlowKey::make(client, server, 7, 6, s1);
  FlowKey reverse = FlowKey::make(server, client, 7, 6, s2);
  EXPECT_EQ(forward, reverse);
  EXPECT_EQ(forward.hash(), reverse.hash());
  EXPECT_FALSE(s1);
  EXPECT_TRUE(s2);
  EXPECT_EQ(forward.lo, client);
  EXPECT_EQ(forward.hi, server);
  EXPECT_EQ(forward.vlan, 7);
  EXPECT_EQ(forward.l4, 6);
}

TEST(FlowKey, SwappedMeansTheSenderBecameHi) {
  bool swapped = false;
  FlowKey k = FlowKey::make(ep("10.0.0.9", 1), ep("10.0.0.3", 2), 0, 17, swapped);
  EXPECT_TRUE(swapped);
  EXPECT_EQ(k.hi, ep("10.0.0.9", 1));
  EXPECT_EQ(k.lo, ep("10.0.0.3", 2));
}

TEST(FlowKey, SameAddressOrdersByPort) {
  bool swapped = false;
  FlowKey k = FlowKey::make(ep("::1", 5000), ep("::1", 22), 0, 6, swapped);
  EXPECT_TRUE(swapped);
  EXPECT_EQ(k.lo.port, 22);
  FlowKey same = FlowKey::make(ep("::1", 22), ep("::1", 22), 0, 6, swapped);
  EXPECT_FALSE(swapped);
  EXPECT_EQ(same.lo, same.hi);
}

TEST(FlowKey, EveryFieldTakesPart) {
  bool s = false;
  FlowKey base = FlowKey::make(ep("10.0.0.1", 1000), ep("10.0.0.2", 80), 0, 6, s);
  std::vector<FlowKey> variants = {
      FlowKey::make(ep("10.0.0.1", 1000), ep("10.0.0.2", 80), 1, 6, s),   // VLAN
      FlowKey::make(ep("10.0.0.1", 1000), ep("10.0.0.2", 80), 0, 17, s),  // protocol
      FlowKey::make(ep("10.0.0.1", 1001), ep("10.0.0.2", 80), 0, 6, s),   // port
      FlowKey::make(ep("10.0.0.1", 1000), ep("10.0.0.3", 80), 0, 6, s),   // address
      FlowKey::make(ep("::a00:1", 1000), ep("::a00:2", 80), 0, 6, s),     // family
  };
  for (const auto& v : variants) {
    EXPECT_NE(v, base);
    EXPECT_NE(v.hash(), base.hash());
  }
}

TEST(FlowKey, HashesOfManyKeysAreDistinct) {
  std::set<uint64_t> hashes;
  bool s = false;
  for (int i = 0; i < 256; ++i) {
    for (uint16_t port = 1; port <= 64; ++port) {
      std::string a = "10.0.0." + std::to_string(i);
      hashes.insert(FlowKey::make(ep(a.c_str(), port), ep("192.0.2.1", 443), 0, 6, s).hash());
    }
  }
  EXPECT_EQ(hashes.size(), 256u * 64u);
}

}  // namespace
}  // namespace netmeter::core
