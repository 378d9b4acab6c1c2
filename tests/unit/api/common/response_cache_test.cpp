#include "api/common/response_cache.hpp"

#include <gtest/gtest.h>

#include <string>

namespace netmeter::api {
namespace {

/// What an entry costs against the bound: key, body and a fixed 64 bytes of bookkeeping.
size_t cost(const std::string& key, const std::string& body) {
  return key.size() + body.size() + 64;
}

/// A body that makes an entry of key length 1 cost exactly `total` bytes.
std::string body_costing(size_t total) {
  return std::string(total - 1 - 64, 'x');
}

TEST(ResponseCache, GetWhatWasPut) {
  ResponseCache cache(1 << 20);
  EXPECT_EQ(cache.get("a"), std::nullopt);
  cache.put("a", "{\"x\":1}");
  cache.put("b", "");
  EXPECT_EQ(cache.get("a"), "{\"x\":1}");
  EXPECT_EQ(cache.get("b"), "");  // an empty answer is an answer
  EXPECT_EQ(cache.get("A"), std::nullopt);
  auto c = cache.counters();
  EXPECT_EQ(c.hits, 2u);
  EXPECT_EQ(c.misses, 2u);
  EXPECT_EQ(c.entries, 2u);
  EXPECT_EQ(c.bytes, cost("a", "{\"x\":1}") + cost("b", ""));
}

TEST(ResponseCache, ReplaceKeepsOneEntry) {
  ResponseCache cache(1 << 20);
  cache.put("k", "old answer");
  cache.put("k", "new");
  EXPECT_EQ(cache.get("k"), "new");
  auto c = cache.counters();
  EXPECT_EQ(c.entries, 1u);
  EXPECT_EQ(c.bytes, cost("k", "new"));
}

// Entries of 100 bytes in a cache of 800: eight fit; the least recently used (put or read) goes first.
TEST(ResponseCache, EvictsTheLeastRecentlyUsed) {
  ResponseCache cache(800);
  const std::string body = body_costing(100);
  for (char k = 'a'; k <= 'h'; ++k)
    cache.put(std::string(1, k), body);
  EXPECT_EQ(cache.counters().entries, 8u);
  EXPECT_EQ(cache.counters().bytes, 800u);
  ASSERT_TRUE(cache.get("a"));  // now the most recent; b is the oldest
  cache.put("i", body);
  EXPECT_EQ(cache.counters().entries, 8u);
  EXPECT_EQ(cache.counters().bytes, 800u);
  EXPECT_FALSE(cache.get("b"));
  EXPECT_TRUE(cache.get("a"));
  EXPECT_TRUE(cache.get("i"));
  // Replacing c makes it the most recent too: the next two to go are d and e.
  cache.put("c", body);
  cache.put("j", body);
  cache.put("k", body);
  EXPECT_FALSE(cache.get("d"));
  EXPECT_FALSE(cache.get("e"));
  EXPECT_TRUE(cache.get("c"));
  EXPECT_TRUE(cache.get("f"));
  EXPECT_EQ(cache.counters().entries, 8u);
}

// A larger entry pushes out as many of the oldest as it needs.
TEST(ResponseCache, EvictsAsManyAsNeeded) {
  ResponseCache cache(8000);
  for (char k = 'a'; k <= 'p'; ++k)
    cache.put(std::string(1, k), body_costing(500));  // sixteen: full
  EXPECT_EQ(cache.counters().bytes, 8000u);
  cache.put("z", body_costing(1000));
  EXPECT_EQ(cache.counters().bytes, 8000u);
  EXPECT_EQ(cache.counters().entries, 15u);
  EXPECT_FALSE(cache.get("a"));
  EXPECT_FALSE(cache.get("b"));
  EXPECT_TRUE(cache.get("c"));
  EXPECT_TRUE(cache.get("z"));
}

// An answer costing more than an eighth of the bound is not kept, and nothing is evicted for it.
TEST(ResponseCache, TooLargeAnswersAreNotKept) {
  ResponseCache cache(8000);
  cache.put("small", "x");
  cache.put("e", body_costing(1000));  // exactly an eighth: kept
  EXPECT_TRUE(cache.get("e"));
  cache.put("f", body_costing(1001));
  EXPECT_FALSE(cache.get("f"));
  EXPECT_TRUE(cache.get("small"));
  EXPECT_EQ(cache.counters().entries, 2u);
  EXPECT_EQ(cache.counters().bytes, cost("small", "x") + 1000);
  // The key counts too.
  cache.put(std::string(1000, 'k'), "");
  EXPECT_EQ(cache.counters().entries, 2u);
}

TEST(ResponseCache, CountersStartAtZero) {
  ResponseCache cache;
  auto c = cache.counters();
  EXPECT_EQ(c.hits, 0u);
  EXPECT_EQ(c.misses, 0u);
  EXPECT_EQ(c.entries, 0u);
  EXPECT_EQ(c.bytes, 0u);
}

}  // namespace
}  // namespace netmeter::api
