#include "stats/l7_tables.hpp"

#include <gtest/gtest.h>

#include <string>

#include "stats/keys.hpp"

namespace netmeter::test {
namespace {

// Space-saving keeps every name counted more than total / capacity times, with its exact count.
TEST(TopCounter, KeepsHeavyHittersWithinCapacity) {
  stats::TopCounter c;
  for (int i = 0; i < 600; ++i)
    c.add("heavy", 4);
  for (int i = 0; i < 1000; ++i)
    c.add("n" + std::to_string(i), 4);
  for (int i = 0; i < 400; ++i)
    c.add("late", 4);
  EXPECT_EQ(c.size(), 4u);
  const auto* heavy = c.find("heavy");
  ASSERT_NE(heavy, nullptr);
  EXPECT_EQ(heavy->count, 600u);
  EXPECT_EQ(heavy->error, 0u);
  // A late heavy name takes a rare one's place: its count is an upper bound, count - error a lower one.
  const auto* late = c.find("late");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->count - late->error, 400u);
  auto top = c.top(2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].first, "late");
  EXPECT_EQ(top[1].first, "heavy");
  EXPECT_EQ(c.evicted(), 998u);  // 1000 rare names and "late" into 3 free places
}

TEST(TopCounter, UnboundedWithZeroCapacity) {
  stats::TopCounter c;
  for (int i = 0; i < 100; ++i)
    c.add(std::to_string(i), 0);
  EXPECT_EQ(c.size(), 100u);
  EXPECT_EQ(c.evicted(), 0u);
}

TEST(FifoMap, ForgetsTheOldestAndStaysCompact) {
  stats::FifoMap<int, int> m;
  for (int i = 0; i < 10; ++i)
    m.put(i, i * 10, 3);
  EXPECT_EQ(m.size(), 3u);
  EXPECT_EQ(m.dropped(), 7u);
  EXPECT_EQ(m.find(6), nullptr);
  ASSERT_NE(m.find(9), nullptr);
  EXPECT_EQ(*m.find(9), 90);
  // Many insert/erase pairs: the insertion order does not grow without bound, nothing is dropped.
  stats::FifoMap<int, int> n;
  for (int i = 0; i < 100000; ++i) {
    n.put(i, i, 8);
    n.erase(i);
  }
  EXPECT_EQ(n.size(), 0u);
  EXPECT_EQ(n.dropped(), 0u);
}

// Values that own memory survive the index growing and entries shifting back on erase.
TEST(FifoMap, KeepsStringValuesThroughGrowthAndErase) {
  stats::FifoMap<uint64_t, std::string, stats::IntHash> m;
  for (uint64_t i = 0; i < 1000; ++i)
    m.put(i, "name-" + std::to_string(i), 300);
  EXPECT_EQ(m.size(), 300u);
  EXPECT_EQ(m.dropped(), 700u);
  for (uint64_t i = 700; i < 1000; i += 2)
    EXPECT_TRUE(m.erase(i));
  EXPECT_EQ(m.find(699), nullptr);
  for (uint64_t i = 701; i < 1000; i += 2) {
    const std::string* v = m.find(i);
    ASSERT_NE(v, nullptr) << i;
    EXPECT_EQ(*v, "name-" + std::to_string(i));
  }
  EXPECT_EQ(m.size(), 150u);
  size_t seen = 0;
  m.for_each([&](uint64_t k, const std::string& v) {
    EXPECT_EQ(v, "name-" + std::to_string(k));
    ++seen;
  });
  EXPECT_EQ(seen, 150u);
}

}  // namespace
}  // namespace netmeter::test
