#include "stats/flat_index.hpp"

#include <gtest/gtest.h>

#include <random>
#include <unordered_map>
#include <unordered_set>

#include "stats/keys.hpp"

namespace netmeter::stats {
namespace {

using Index = FlatIndex<uint64_t, uint32_t, IntHash>;

// Every key of the oracle is found with its value, the sizes agree, and iteration sees each entry once.
void expect_same(const Index& index, const std::unordered_map<uint64_t, uint32_t>& oracle) {
  ASSERT_EQ(index.size(), oracle.size());
  for (const auto& [k, v] : oracle) {
    const uint32_t* found = index.find(k);
    ASSERT_NE(found, nullptr) << k;
    EXPECT_EQ(*found, v);
  }
  std::unordered_set<uint64_t> seen;
  index.for_each([&](uint64_t k, uint32_t v) {
    EXPECT_TRUE(seen.insert(k).second) << "seen twice: " << k;
    auto it = oracle.find(k);
    ASSERT_NE(it, oracle.end()) << "not in the oracle: " << k;
    EXPECT_EQ(it->second, v);
  });
  EXPECT_EQ(seen.size(), oracle.size());
}

TEST(FlatIndex, EmptyFindsNothingAndErasesNothing) {
  Index index;
  EXPECT_TRUE(index.empty());
  EXPECT_EQ(index.find(1), nullptr);
  EXPECT_FALSE(index.erase(1));
  EXPECT_EQ(index.erase_if([](uint64_t, uint32_t) { return true; }), 0u);
}

TEST(FlatIndex, EmplaceKeepsTheFirstValue) {
  Index index;
  EXPECT_TRUE(index.emplace(5, 50));
  EXPECT_FALSE(index.emplace(5, 51));
  ASSERT_NE(index.find(5), nullptr);
  EXPECT_EQ(*index.find(5), 50u);
  EXPECT_EQ(index.size(), 1u);
}

TEST(FlatIndex, RandomOperationsAgreeWithUnorderedMap) {
  // A small key range makes collisions, re-inserts of erased keys and long probe runs common.
  for (uint64_t range : {64u, 1000u, 100000u}) {
    std::mt19937_64 rng(range);
    Index index;
    std::unordered_map<uint64_t, uint32_t> oracle;
    for (uint32_t step = 0; step < 60000; ++step) {
      uint64_t key = rng() % range;
      switch (rng() % 3) {
        case 0:
          EXPECT_EQ(index.emplace(key, step), oracle.emplace(key, step).second);
          break;
        case 1:
          EXPECT_EQ(index.erase(key), oracle.erase(key) == 1);
          break;
        default:
          EXPECT_EQ(index.find(key) != nullptr, oracle.contains(key));
      }
      ASSERT_LE(index.size() * 10, index.capacity() * 7);
    }
    expect_same(index, oracle);
  }
}

TEST(FlatIndex, EraseHeavyPatternsKeepProbeRunsIntact) {
  // Keys sharing a home slot in a 16-slot index: erasing from the middle of their run must leave the
  // later ones findable (backward shift), including runs that wrap past the end of the array.
  Index index;
  std::unordered_map<uint64_t, uint32_t> oracle;
  std::vector<uint64_t> same_home;
  for (uint64_t k = 0; same_home.size() < 8; ++k)
    if ((IntHash{}(k)&15) == 14) same_home.push_back(k);
  for (uint64_t k : same_home) {
    index.emplace(k, static_cast<uint32_t>(k));
    oracle.emplace(k, static_cast<uint32_t>(k));
  }
  ASSERT_EQ(index.capacity(), 16u);
  for (size_t i : {1u, 4u, 0u, 7u}) {
    EXPECT_TRUE(index.erase(same_home[i]));
    oracle.erase(same_home[i]);
    expect_same(index, oracle);
  }
  // Fill, empty, refill: nothing left behind.
  std::mt19937_64 rng(7);
  std::vector<uint64_t> keys;
  for (int i = 0; i < 5000; ++i) {
    keys.push_back(rng());
    index.emplace(keys.back(), i);
    oracle.emplace(keys.back(), i);
  }
  for (size_t i = 0; i < keys.size(); i += 2) {
    index.erase(keys[i]);
    oracle.erase(keys[i]);
  }
  expect_same(index, oracle);
}

TEST(FlatIndex, EraseIfLooksAtEachEntryOnce) {
  std::mt19937_64 rng(3);
  Index index;
  std::unordered_map<uint64_t, uint32_t> oracle;
  for (uint32_t i = 0; i < 20000; ++i) {
    uint64_t k = rng() % 50000;
    index.emplace(k, i);
    oracle.emplace(k, i);
  }
  std::unordered_map<uint64_t, int> looked;
  size_t dropped = index.erase_if([&](uint64_t k, uint32_t v) {
    ++looked[k];
    return v % 3 != 0;
  });
  EXPECT_EQ(looked.size(), oracle.size());
  for (const auto& [k, n] : looked)
    EXPECT_EQ(n, 1) << k;
  size_t expected = std::erase_if(oracle, [](const auto& kv) { return kv.second % 3 != 0; });
  EXPECT_EQ(dropped, expected);
  expect_same(index, oracle);
}

TEST(FlatIndex, GrownHasRoomAndTheSameEntries) {
  Index index;
  std::unordered_map<uint64_t, uint32_t> oracle;
  for (uint32_t i = 0; i < 1000; ++i) {
    index.emplace(i * 7919ull, i);
    oracle.emplace(i * 7919ull, i);
  }
  EXPECT_FALSE(index.grown(0).has_value());
  size_t room = index.capacity() * 7 / 10 - index.size();  // what fits before the load passes 0.7
  EXPECT_TRUE(index.has_room(room));
  EXPECT_FALSE(index.grown(room).has_value());
  EXPECT_TRUE(index.grown(room + 1).has_value());
  std::optional<Index> bigger = index.grown(5000);
  ASSERT_TRUE(bigger.has_value());
  EXPECT_TRUE(bigger->has_room(5000));
  expect_same(*bigger, oracle);
  // Adopted, it takes the new keys without growing; the old one is left for the caller to free.
  size_t capacity = bigger->capacity();
  index.swap(*bigger);
  for (uint32_t i = 0; i < 5000; ++i) {
    index.emplace(1'000'000 + i, i);
    oracle.emplace(1'000'000 + i, i);
  }
  EXPECT_EQ(index.capacity(), capacity);
  EXPECT_EQ(bigger->size(), 1000u);
  expect_same(index, oracle);
  EXPECT_FALSE(index.grown(0).has_value());
}

TEST(FlatSet, InsertReportsWhetherNew) {
  FlatSet<uint64_t, IntHash> set;
  EXPECT_TRUE(set.insert(3));
  EXPECT_FALSE(set.insert(3));
  EXPECT_TRUE(set.contains(3));
  EXPECT_FALSE(set.contains(4));
  EXPECT_EQ(set.size(), 1u);
}

}  // namespace
}  // namespace netmeter::stats
