#include "core/spsc_byte_ring.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <deque>
#include <random>
#include <thread>
#include <vector>

namespace netmeter::core {
namespace {

// Record i has a size (1..max) and content that both the writer and the checker derive from i: a
// window into a fixed pseudo-random pattern, so writing and checking are one memcpy/memcmp each.
size_t record_size(uint64_t i, size_t max = 300) {
  return 1 + (i * 7919) % max;
}

const std::array<std::byte, 1024>& pattern() {
  static const auto bytes = [] {
    std::array<std::byte, 1024> b{};
    std::mt19937 rng(99);
    for (auto& x : b)
      x = static_cast<std::byte>(rng());
    return b;
  }();
  return bytes;
}

void write_record(std::span<std::byte> slot, uint64_t i) {
  std::memcpy(slot.data(), pattern().data() + i % 512, slot.size());
}
bool record_matches(std::span<const std::byte> rec, uint64_t i, size_t max = 300) {
  return rec.size() == record_size(i, max) &&
         std::memcmp(rec.data(), pattern().data() + i % 512, rec.size()) == 0;
}

/// Sum of the record's 8-byte words (the tail zero-padded), added into `sum`.
void add_checksum(std::span<const std::byte> rec, uint64_t& sum) {
  for (size_t off = 0; off < rec.size(); off += 8) {
    uint64_t word = 0;
    std::memcpy(&word, rec.data() + off, std::min<size_t>(8, rec.size() - off));
    sum += word;
  }
}

/// Hands consumed space back to the producer, as a consumer does before it goes idle. Rings whose pop()
/// releases space in batches have release() for that; with the others pop() has released it already.
template <typename Ring>
void release_consumed(Ring& ring) {
  if constexpr (requires { ring.release(); }) ring.release();
}

/// Completes the reserved record and makes it visible at once (the ring publishes in batches otherwise).
void commit_and_publish(SpscByteRing& ring) {
  ring.commit();
  ring.publish();
}

TEST(SpscByteRing, CommittedRecordsBecomeVisibleInBatchesOrAtPublish) {
  SpscByteRing ring(1 << 16);
  for (unsigned i = 1; i < SpscByteRing::kPublishBatch; ++i) {
    ASSERT_FALSE(ring.try_reserve(10).empty());
    EXPECT_FALSE(ring.commit());
    EXPECT_TRUE(ring.front().empty()) << "record " << i << " visible before its batch was published";
  }
  EXPECT_TRUE(ring.has_unpublished());
  ring.publish();
  EXPECT_FALSE(ring.has_unpublished());
  EXPECT_EQ(ring.front().size(), 10u);
  // A full batch publishes by itself.
  for (unsigned i = 0; i < SpscByteRing::kPublishBatch - 1; ++i) {
    ASSERT_FALSE(ring.try_reserve(8).empty());
    EXPECT_FALSE(ring.commit());
  }
  ASSERT_FALSE(ring.try_reserve(8).empty());
  EXPECT_TRUE(ring.commit());
}

TEST(SpscByteRing, CapacityRoundsUpToAPowerOfTwoOfAtLeast4096) {
  EXPECT_EQ(SpscByteRing(1).capacity(), 4096u);
  EXPECT_EQ(SpscByteRing(4096).capacity(), 4096u);
  EXPECT_EQ(SpscByteRing(4097).capacity(), 8192u);
  EXPECT_EQ(SpscByteRing(100000).capacity(), 131072u);
  EXPECT_EQ(SpscByteRing(100000).max_record(), 32768u);
}

TEST(SpscByteRing, EmptyRingHasNoFront) {
  SpscByteRing ring(4096);
  EXPECT_TRUE(ring.front().empty());
}

TEST(SpscByteRing, RecordsComeOutInOrderWithTheirSizes) {
  SpscByteRing ring(4096);
  for (uint64_t i = 0; i < 3; ++i) {
    auto slot = ring.try_reserve(record_size(i));
    ASSERT_EQ(slot.size(), record_size(i));
    write_record(slot, i);
    commit_and_publish(ring);
  }
  for (uint64_t i = 0; i < 3; ++i) {
    auto rec = ring.front();
    EXPECT_TRUE(record_matches(rec, i)) << i;
    ring.pop();
  }
  EXPECT_TRUE(ring.front().empty());
}

TEST(SpscByteRing, UncommittedRecordIsInvisible) {
  SpscByteRing ring(4096);
  ASSERT_FALSE(ring.try_reserve(10).empty());
  EXPECT_TRUE(ring.front().empty());
  commit_and_publish(ring);
  EXPECT_EQ(ring.front().size(), 10u);
}

TEST(SpscByteRing, FullRingReturnsAnEmptySpan) {
  SpscByteRing ring(4096);
  for (int i = 0; i < 4; ++i) {  // 4 * (1000 + 8 header) = 4032 bytes
    ASSERT_FALSE(ring.try_reserve(1000).empty()) << i;
    commit_and_publish(ring);
  }
  EXPECT_TRUE(ring.try_reserve(1000).empty());
  EXPECT_TRUE(ring.try_reserve(100).empty());  // 64 bytes left at the end, too few for 108
  EXPECT_FALSE(ring.try_reserve(50).empty());  // 58 rounded to 64 still fits
  commit_and_publish(ring);
  EXPECT_TRUE(ring.try_reserve(0).empty());

  ASSERT_EQ(ring.front().size(), 1000u);
  ring.pop();
  release_consumed(ring);
  auto wrapped = ring.try_reserve(1000);  // starts again at offset 0, in the space just released
  ASSERT_EQ(wrapped.size(), 1000u);
  commit_and_publish(ring);
  for (size_t expected : {1000u, 1000u, 1000u, 50u, 1000u}) {
    ASSERT_EQ(ring.front().size(), expected);
    ring.pop();
  }
  EXPECT_TRUE(ring.front().empty());
}

TEST(SpscByteRing, OversizedRecordIsRefusedEvenWhenEmpty) {
  SpscByteRing ring(4096);
  EXPECT_TRUE(ring.try_reserve(4096).empty());
  EXPECT_TRUE(ring.try_reserve(2000).empty());
  EXPECT_EQ(ring.try_reserve(ring.max_record()).size(), ring.max_record());
}

TEST(SpscByteRing, WraparoundWithVariableSizesAgainstAQueue) {
  SpscByteRing ring(4096);
  std::deque<uint64_t> expected;
  // A step produces or consumes one record at random; the queue says what the ring must hold.
  std::mt19937 rng(12345);
  uint64_t next = 0, consumed = 0;
  for (int step = 0; step < 200000; ++step) {
    if (rng() % 2 == 0) {
      auto slot = ring.try_reserve(record_size(next));
      if (expected.empty()) {
        ASSERT_FALSE(slot.empty()) << "an empty ring refused a record at step " << step;
      }
      if (slot.empty()) continue;
      write_record(slot, next);
      commit_and_publish(ring);
      expected.push_back(next++);
    } else {
      auto rec = ring.front();
      if (expected.empty()) {
        ASSERT_TRUE(rec.empty()) << step;
        continue;
      }
      ASSERT_FALSE(rec.empty()) << step;
      ASSERT_TRUE(record_matches(rec, expected.front())) << "record " << expected.front();
      ring.pop();
      expected.pop_front();
      ++consumed;
      if (expected.empty()) release_consumed(ring);  // ran dry: about to go idle
    }
  }
  EXPECT_GT(consumed, 50000u);  // the ring wrapped many times
}

TEST(SpscByteRing, ProducerAndConsumerThreadsPassAMillionRecords) {
  constexpr uint64_t kRecords = 1'000'000;
  constexpr size_t kMax = 64;  // small records keep the test fast
  // Large enough that the threads rarely wait for each other (waiting costs a time slice on a busy
  // machine), small enough to wrap ~170 times.
  SpscByteRing ring(1 << 18);
  uint64_t produced_sum = 0;
  std::thread producer([&] {
    for (uint64_t i = 0; i < kRecords; ++i) {
      std::span<std::byte> slot;
      while ((slot = ring.try_reserve(record_size(i, kMax))).empty())
        std::this_thread::yield();
      write_record(slot, i);
      add_checksum(slot, produced_sum);
      commit_and_publish(ring);
    }
  });
  uint64_t consumed_sum = 0, bad = 0, first_bad = kRecords;
  for (uint64_t i = 0; i < kRecords; ++i) {
    std::span<const std::byte> rec;
    while ((rec = ring.front()).empty()) {
      release_consumed(ring);
      std::this_thread::yield();
    }
    if (!record_matches(rec, i, kMax) && bad++ == 0) first_bad = i;
    add_checksum(rec, consumed_sum);
    ring.pop();
  }
  producer.join();
  EXPECT_EQ(bad, 0u) << "first bad record " << first_bad;
  EXPECT_EQ(consumed_sum, produced_sum);
  EXPECT_TRUE(ring.front().empty());
}

TEST(SpscByteRing, BothSidesSeeTheSameFreeBytesOnceThePublishedRecordsAreReleased) {
  SpscByteRing ring(4096);
  EXPECT_EQ(ring.free_bytes(), 4096u);
  for (int i = 0; i < 10; ++i) {
    ASSERT_FALSE(ring.try_reserve(100).empty());
    ring.commit();
  }
  // 10 records of 100 bytes + an 8-byte header, aligned to 8: 1120 bytes written.
  EXPECT_EQ(ring.free_bytes(), 4096u - 1120u);
  EXPECT_EQ(ring.published_free_bytes(), 4096u) << "nothing published yet";
  ring.publish();
  EXPECT_EQ(ring.published_free_bytes(), 4096u - 1120u);
  for (int i = 0; i < 4; ++i) {
    ASSERT_FALSE(ring.front().empty());
    ring.pop();
  }
  EXPECT_EQ(ring.published_free_bytes(), 4096u - 672u) << "the consumer counts what it popped";
  EXPECT_EQ(ring.free_bytes(), 4096u - 1120u) << "the producer sees it once released";
  ring.release();
  EXPECT_EQ(ring.free_bytes(), 4096u - 672u);
}

}  // namespace
}  // namespace netmeter::core
