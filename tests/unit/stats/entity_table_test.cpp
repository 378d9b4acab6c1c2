#include "stats/entity_table.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "stats/keys.hpp"

namespace netmeter::stats {
namespace {

struct Item {
  uint64_t key = 0;
  std::vector<uint64_t> extra;  ///< something the entry owns on the heap
};
using Table = EntityTable<uint64_t, Item, IntHash>;
constexpr size_t kBlock = Table::kBlock;

Item* add(Table& t, uint64_t key) {
  return t.get_or_create(key, SIZE_MAX, [](uint64_t k) { return Item{k, {k, k}}; });
}

std::set<uint64_t> keys_of(const Table& t) {
  std::set<uint64_t> keys;
  t.for_each([&](const Item& i) { keys.insert(i.key); });
  return keys;
}

// Three blocks' worth of entities, keys 0 .. 3 * kBlock - 1, filled in order (slot = key).
Table three_blocks() {
  Table t;
  for (uint64_t k = 0; k < 3 * kBlock; ++k)
    add(t, k);
  return t;
}

TEST(EntityTable, ABlockWhoseEntitiesAreAllErasedIsReleased) {
  Table t = three_blocks();
  ASSERT_EQ(t.allocated_blocks(), 3u);
  for (uint64_t k = 0; k + 1 < kBlock; ++k)
    t.erase(k);
  EXPECT_EQ(t.allocated_blocks(), 3u) << "one entity still lives in the first block";
  EXPECT_TRUE(t.take_released().empty());
  t.erase(kBlock - 1);
  EXPECT_EQ(t.allocated_blocks(), 2u);
  EXPECT_EQ(t.take_released().size(), 1u);
  EXPECT_TRUE(t.take_released().empty()) << "handed out once";
  // The other blocks' entities are untouched and every slot of the first is dead.
  EXPECT_EQ(t.size(), 2 * kBlock);
  for (uint64_t k = kBlock; k < 3 * kBlock; ++k) {
    const Item* i = t.find(k);
    ASSERT_NE(i, nullptr) << k;
    EXPECT_EQ(i->key, k);
    EXPECT_EQ(i->extra, (std::vector<uint64_t>{k, k}));
  }
  for (size_t s = 0; s < kBlock; ++s)
    EXPECT_FALSE(t.live(s));
  EXPECT_EQ(keys_of(t).size(), 2 * kBlock);
  EXPECT_EQ(*keys_of(t).begin(), kBlock);
}

TEST(EntityTable, TheBlockBeingFilledIsKeptWhenItEmpties) {
  Table t = three_blocks();
  for (uint64_t k = 2 * kBlock; k < 3 * kBlock; ++k)
    t.erase(k);
  EXPECT_EQ(t.allocated_blocks(), 3u);
  EXPECT_TRUE(t.take_released().empty());
  // Emptying a middle block releases it though.
  for (uint64_t k = kBlock; k < 2 * kBlock; ++k)
    t.erase(k);
  EXPECT_EQ(t.allocated_blocks(), 2u);
  EXPECT_EQ(t.take_released().size(), 1u);
}

TEST(EntityTable, ANewEntityInAReleasedBlockAllocatesItAgain) {
  Table t = three_blocks();
  for (uint64_t k = 0; k < kBlock; ++k)
    t.erase(k);
  ASSERT_EQ(t.allocated_blocks(), 2u);
  t.take_released();
  // The holes are reused before the table grows: the new entities go back into the first block.
  for (uint64_t k = 0; k < 5; ++k)
    add(t, 1'000'000 + k);
  EXPECT_EQ(t.allocated_blocks(), 3u);
  EXPECT_EQ(t.slots(), 3 * kBlock);
  for (uint64_t k = 0; k < 5; ++k) {
    const Item* i = t.find(1'000'000 + k);
    ASSERT_NE(i, nullptr);
    EXPECT_EQ(i->key, 1'000'000 + k);
    EXPECT_EQ(i->extra.size(), 2u);
  }
  size_t live_in_first = 0;
  for (size_t s = 0; s < kBlock; ++s)
    live_in_first += t.live(s);
  EXPECT_EQ(live_in_first, 5u);
  EXPECT_EQ(keys_of(t).size(), 2 * kBlock + 5);
  // Erasing them releases the block once more.
  for (uint64_t k = 0; k < 5; ++k)
    t.erase(1'000'000 + k);
  EXPECT_EQ(t.allocated_blocks(), 2u);
  EXPECT_EQ(t.take_released().size(), 1u);
}

TEST(EntityTable, EraseIfReleasesTheBlocksItEmpties) {
  Table t = three_blocks();
  // Drop the first two blocks' entities and every other one of the third.
  size_t dropped = t.erase_if([](const Item& i) { return i.key < 2 * kBlock || i.key % 2 == 0; });
  EXPECT_EQ(dropped, 2 * kBlock + kBlock / 2 + kBlock % 2);
  EXPECT_EQ(t.allocated_blocks(), 1u);
  EXPECT_EQ(t.take_released().size(), 2u);
  std::set<uint64_t> keys = keys_of(t);
  EXPECT_EQ(keys.size(), t.size());
  for (uint64_t k : keys)
    EXPECT_TRUE(k >= 2 * kBlock && k % 2 == 1) << k;
}

TEST(EntityTable, EntitiesLeftInAPartlyEmptiedBlockKeepTheirPlace) {
  Table t = three_blocks();
  const Item* kept = t.find(kBlock + 7);
  for (uint64_t k = kBlock; k < 2 * kBlock; ++k)
    if (k != kBlock + 7) t.erase(k);
  EXPECT_EQ(t.allocated_blocks(), 3u);
  EXPECT_EQ(t.find(kBlock + 7), kept) << "entities never move";
  EXPECT_EQ(kept->key, kBlock + 7);
}

auto key_of = [](const Item& i) { return i.key; };

TEST(EntityTable, CompactingErasureKeepsTheStorageDenseInAnyOrder) {
  Table t = three_blocks();
  // Every third key, then the rest from the middle outwards: the order a capture's end gives.
  std::vector<uint64_t> order;
  for (uint64_t k = 0; k < 3 * kBlock; k += 3)
    order.push_back(k);
  for (uint64_t k = 0; k < 3 * kBlock; ++k)
    if (k % 3 != 0) order.push_back(k);
  std::vector<size_t> released_after;
  for (size_t n = 0; n < order.size(); ++n) {
    t.erase_compacting(order[n], key_of);
    released_after.push_back(t.take_released().size());
    ASSERT_EQ(t.size(), 3 * kBlock - n - 1);
    ASSERT_EQ(t.slots(), t.size()) << "no hole";
    if (n % 97 == 0) {
      // Every key not yet erased is found with its own entry, and every slot lives.
      std::set<uint64_t> keys = keys_of(t);
      ASSERT_EQ(keys.size(), t.size());
      for (size_t m = n + 1; m < order.size(); ++m) {
        const Item* i = t.find(order[m]);
        ASSERT_NE(i, nullptr) << order[m];
        ASSERT_EQ(i->key, order[m]);
        ASSERT_EQ(i->extra, (std::vector<uint64_t>{order[m], order[m]}));
      }
    }
  }
  // A block is released once the entries left need two blocks fewer than there are (one spare stays).
  size_t released = 0;
  for (size_t n = 0; n < released_after.size(); ++n) {
    released += released_after[n];
    size_t left = 3 * kBlock - n - 1;
    size_t needed = (left + kBlock - 1) / kBlock;
    EXPECT_EQ(3 - released, std::min<size_t>(3, needed + 1)) << "after " << n + 1 << " erasures";
  }
  EXPECT_EQ(t.allocated_blocks(), 1u);
  EXPECT_TRUE(keys_of(t).empty());
}

TEST(EntityTable, ACompactedTableGrowsAgainIntoItsSpareBlock) {
  Table t = three_blocks();
  for (uint64_t k = 0; k < 2 * kBlock; ++k)
    t.erase_compacting(k, key_of);
  EXPECT_EQ(t.allocated_blocks(), 2u);  // the third block's entries moved into the first; one spare
  EXPECT_EQ(t.take_released().size(), 1u);
  for (uint64_t k = 0; k < kBlock + 1; ++k)
    add(t, 5'000'000 + k);
  EXPECT_EQ(t.allocated_blocks(), 3u);
  EXPECT_EQ(t.size(), 2 * kBlock + 1);
  EXPECT_EQ(t.find(2 * kBlock)->key, 2 * kBlock);
  EXPECT_EQ(t.find(5'000'000 + kBlock)->key, 5'000'000 + kBlock);
  EXPECT_EQ(keys_of(t).size(), t.size());
}

TEST(EntityTable, CompactingErasureOfAnAbsentKeyChangesNothing) {
  Table t = three_blocks();
  t.erase_compacting(99'999'999, key_of);
  EXPECT_EQ(t.size(), 3 * kBlock);
  EXPECT_EQ(t.find(0)->key, 0u);
  EXPECT_EQ(t.find(3 * kBlock - 1)->key, 3 * kBlock - 1);
}

}  // namespace
}  // namespace netmeter::stats
