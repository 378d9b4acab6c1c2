#include "stats/flat_map.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "stats/keys.hpp"

namespace netmeter::stats {
namespace {

using Map = FlatMap<uint64_t, uint64_t, IntHash>;

TEST(FlatMap, ValueInitialisesOnFirstUseAndFindsLater) {
  Map m;
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.find(7), nullptr);
  EXPECT_EQ(m[7], 0u);
  m[7] += 5;
  m[9] = 1;
  ASSERT_NE(m.find(7), nullptr);
  EXPECT_EQ(*m.find(7), 5u);
  EXPECT_EQ(m.size(), 2u);
  EXPECT_EQ(m.find(8), nullptr);
}

TEST(FlatMap, GrowsKeepingEveryEntryInInsertionOrder) {
  Map m(16);
  size_t initial = m.memory_bytes();
  std::vector<uint64_t> keys;
  for (uint64_t i = 0; i < 5000; ++i) {
    uint64_t k = i * 2654435761u;  // spread, including collisions after masking
    keys.push_back(k);
    m[k] = i;
  }
  EXPECT_GT(m.memory_bytes(), initial);
  ASSERT_EQ(m.size(), keys.size());
  for (uint64_t i = 0; i < keys.size(); ++i) {
    const uint64_t* v = m.find(keys[i]);
    ASSERT_NE(v, nullptr) << i;
    EXPECT_EQ(*v, i);
  }
  std::vector<uint64_t> order;
  m.for_each([&](uint64_t k, uint64_t) { order.push_back(k); });
  EXPECT_EQ(order, keys);
}

TEST(FlatMap, ClearKeepsTheCapacity) {
  Map m;
  for (uint64_t i = 0; i < 1000; ++i)
    m[i] = i;
  size_t grown = m.memory_bytes();
  m.clear();
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.find(5), nullptr);
  EXPECT_EQ(m.memory_bytes(), grown);
  // Refilled to the same size (other keys): no growth, and old values do not leak into new entries.
  for (uint64_t i = 1000; i < 2000; ++i)
    EXPECT_EQ(m[i], 0u);
  EXPECT_EQ(m.memory_bytes(), grown);
  EXPECT_EQ(m.size(), 1000u);
  size_t visited = 0;
  m.for_each([&](uint64_t k, uint64_t) {
    EXPECT_GE(k, 1000u);
    ++visited;
  });
  EXPECT_EQ(visited, 1000u);
}

TEST(FlatMap, StructKeys) {
  FlatMap<HostKey, uint64_t, HostKeyHash> m;
  HostKey a{core::IpAddress::parse("10.0.0.1").value(), 0};
  HostKey a10{core::IpAddress::parse("10.0.0.1").value(), 10};
  HostKey b{core::IpAddress::parse("2001:db8::1").value(), 0};
  m[a] = 1;
  m[a10] = 2;
  m[b] = 3;
  EXPECT_EQ(m.size(), 3u);
  EXPECT_EQ(*m.find(a10), 2u);
  EXPECT_EQ(*m.find(b), 3u);
}

TEST(FlatMap, AHintOnlySavesTheLookup) {
  Map m(16);
  uint32_t hint = 0;  // names slot 0, which holds no key yet
  m.at(7, hint) = 70;
  EXPECT_EQ(*m.find(7), 70u);
  const uint32_t slot_of_7 = hint;
  m.at(7, hint) += 1;  // through the hint
  EXPECT_EQ(hint, slot_of_7);
  EXPECT_EQ(*m.find(7), 71u);
  // A hint naming another key's slot finds the right entry, and then names it.
  uint32_t other = slot_of_7;
  m.at(9, other) = 90;
  EXPECT_NE(other, slot_of_7);
  EXPECT_EQ(*m.find(7), 71u);
  EXPECT_EQ(*m.find(9), 90u);
  // Hints out of range, or kept across growth and clear(), only cost the lookup.
  uint32_t far = 1u << 30;
  EXPECT_EQ(m.at(9, far), 90u);
  for (uint64_t k = 100; k < 1100; ++k)
    m[k] = k;
  EXPECT_EQ(m.at(7, hint), 71u);
  EXPECT_EQ(m.at(9, other), 90u);
  m.clear();
  EXPECT_EQ(m.at(7, hint), 0u);  // a new entry, not the old value
  EXPECT_EQ(m.size(), 1u);
  EXPECT_EQ(m.find(9), nullptr);
}

}  // namespace
}  // namespace netmeter::stats
