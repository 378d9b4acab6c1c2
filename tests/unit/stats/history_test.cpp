#include "stats/history.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>

namespace netmeter::stats {
namespace {

Traffic packets(uint64_t n, uint64_t bytes_each = 100) {
  return {n, n * bytes_each, 0, 0};
}

// 1 s for 10 s, then 10 s buckets for a minute: small enough to cross every edge in a test.
HistoryConfig two_levels() {
  return {{{1, 10}, {10, 6}}};
}

// Sums over an exact map of what was added, for comparisons.
uint64_t added_between(const std::map<int64_t, uint64_t>& added, int64_t from, int64_t to) {
  uint64_t n = 0;
  for (auto it = added.lower_bound(from); it != added.end() && it->first < to; ++it)
    n += it->second;
  return n;
}

TEST(HistoryConfig, DefaultsAreValidAndChecked) {
  EXPECT_EQ(HistoryConfig::entity_default().validate(), "");
  EXPECT_EQ(HistoryConfig::global_default().validate(), "");
  EXPECT_NE(HistoryConfig{}.validate(), "");
  EXPECT_NE((HistoryConfig{{{1, 10}, {15, 4}, {20, 3}}}).validate(), "");  // 20 is not a multiple of 15
  EXPECT_NE((HistoryConfig{{{1, 0}}}).validate(), "");
}

TEST(History, EmptyAnswersZero) {
  History h;
  EXPECT_TRUE(h.empty());
  EXPECT_EQ(h.newest(), History::kNever);
  EXPECT_EQ(h.sum(0, 100, two_levels()), Traffic{});
  EXPECT_EQ(h.memory_bytes(two_levels()), 0u);
}

TEST(History, AlignDownAndUpFloorNegativeTimes) {
  EXPECT_EQ(align_down(59, 10), 50);
  EXPECT_EQ(align_down(60, 10), 60);
  EXPECT_EQ(align_down(-1, 10), -10);
  EXPECT_EQ(align_down(-10, 10), -10);
  EXPECT_EQ(align_up(51, 10), 60);
  EXPECT_EQ(align_up(50, 10), 50);
  EXPECT_EQ(align_up(-11, 10), -10);
}

TEST(History, PerSecondSumsAndSeriesInTheFinestLevel) {
  History h;
  auto cfg = two_levels();
  for (int64_t s = 100; s < 108; ++s)
    h.add(s, packets(static_cast<uint64_t>(s - 99)), cfg);  // 1, 2, ... 8 packets
  EXPECT_EQ(h.newest(), 107);
  EXPECT_EQ(h.sum(100, 101, cfg).rx_packets, 1u);
  EXPECT_EQ(h.sum(107, 108, cfg).rx_packets, 8u);
  EXPECT_EQ(h.sum(108, 200, cfg).rx_packets, 0u);  // after the newest second
  EXPECT_EQ(h.sum(103, 103, cfg).rx_packets, 0u);  // empty interval
  EXPECT_EQ(h.sum(105, 103, cfg).rx_packets, 0u);  // reversed interval
  EXPECT_EQ(h.sum(100, 108, cfg).rx_packets, 36u);
  EXPECT_EQ(h.sum(100, 108, cfg).rx_bytes, 3600u);
  auto series = h.series(100, 108, 1, cfg);
  ASSERT_EQ(series.size(), 8u);
  for (size_t i = 0; i < series.size(); ++i)
    EXPECT_EQ(series[i].rx_packets, i + 1) << "second " << 100 + i;
  // A step that does not divide the interval: the last value covers the rest.
  auto coarse = h.series(100, 108, 3, cfg);
  ASSERT_EQ(coarse.size(), 3u);
  EXPECT_EQ(coarse[0].rx_packets, 1u + 2 + 3);
  EXPECT_EQ(coarse[1].rx_packets, 4u + 5 + 6);
  EXPECT_EQ(coarse[2].rx_packets, 7u + 8);
}

TEST(History, AddsToTheSameSecondAccumulate) {
  History h;
  auto cfg = two_levels();
  h.add(10, {1, 10, 2, 20}, cfg);
  h.add(10, {3, 30, 4, 40}, cfg);
  EXPECT_EQ(h.sum(10, 11, cfg), (Traffic{4, 40, 6, 60}));
  EXPECT_EQ(h.sum(0, 20, cfg), (Traffic{4, 40, 6, 60}));
}

TEST(History, OlderSecondsAreAnsweredFromTheRollUp) {
  History h;
  auto cfg = two_levels();
  for (int64_t s = 0; s < 60; ++s)
    h.add(s, packets(1), cfg);
  // The 1 s level keeps 50..59; 0..49 only exist as 10 s buckets. Every second is still counted once.
  EXPECT_EQ(h.sum(0, 60, cfg).rx_packets, 60u);
  EXPECT_EQ(h.sum(40, 50, cfg).rx_packets, 10u);  // one whole 10 s bucket
  EXPECT_EQ(h.sum(50, 60, cfg).rx_packets, 10u);  // ten 1 s buckets
  EXPECT_EQ(h.sum(45, 55, cfg).rx_packets, 10u);  // half a roll-up bucket (pro-rated) + five seconds
  EXPECT_EQ(h.sum(3, 57, cfg).rx_packets, 54u);   // unaligned at both ends
  // Per-second values of the rolled-up part are pro-rated shares of their 10 s bucket.
  auto series = h.series(40, 60, 1, cfg);
  ASSERT_EQ(series.size(), 20u);
  uint64_t total = 0;
  for (const auto& v : series)
    total += v.rx_packets;
  EXPECT_EQ(total, 20u);
}

TEST(History, ProRatingAssumesTrafficSpreadOverTheBucket) {
  History h;
  auto cfg = two_levels();
  h.add(40, packets(10), cfg);                    // all at the start of its 10 s bucket
  h.add(69, packets(1), cfg);                     // pushes second 40 out of the 1 s level
  EXPECT_EQ(h.sum(40, 50, cfg).rx_packets, 10u);  // the whole bucket: exact
  EXPECT_EQ(h.sum(40, 41, cfg).rx_packets, 1u);   // a tenth of it: 10 * 1/10
  EXPECT_EQ(h.sum(45, 50, cfg).rx_packets, 5u);   // half of it, although those seconds were idle
}

TEST(History, RollUpBoundaryFollowsTheNewestSecond) {
  auto cfg = two_levels();
  // Newest second 55: the 1 s level holds 46..55, but answers from 50 on (its cut aligned up to the
  // next level's 10 s), so the 10 s level answers [.., 50) with whole buckets.
  History h;
  for (int64_t s = 40; s <= 55; ++s)
    h.add(s, packets(static_cast<uint64_t>(s)), cfg);
  uint64_t total = 0;
  for (int64_t s = 40; s <= 55; ++s)
    total += static_cast<uint64_t>(s);
  EXPECT_EQ(h.sum(0, 100, cfg).rx_packets, total);
  for (int64_t s = 50; s <= 55; ++s)
    EXPECT_EQ(h.sum(s, s + 1, cfg).rx_packets, static_cast<uint64_t>(s)) << s;
  EXPECT_EQ(h.sum(40, 50, cfg).rx_packets, total - (50u + 51 + 52 + 53 + 54 + 55));
  // 46..49 are still in the 1 s level, but below the hand-over point: a tenth of their 10 s bucket.
  EXPECT_EQ(h.sum(46, 47, cfg).rx_packets, (40u + 41 + 42 + 43 + 44 + 45 + 46 + 47 + 48 + 49) / 10);
  // Newest second 60: the cut (51) passes 50, the hand-over moves to 60, and 50..55 come from their
  // 10 s bucket: exact as a whole, pro-rated per second.
  h.add(60, packets(1), cfg);
  EXPECT_EQ(h.sum(50, 60, cfg).rx_packets, 50u + 51 + 52 + 53 + 54 + 55);
  EXPECT_EQ(h.sum(51, 52, cfg).rx_packets, (50u + 51 + 52 + 53 + 54 + 55) / 10);
  EXPECT_EQ(h.sum(60, 61, cfg).rx_packets, 1u);
  EXPECT_EQ(h.sum(0, 100, cfg).rx_packets, total + 1);
}

TEST(History, RetentionDropsWhatEveryLevelHasLeft) {
  auto cfg = two_levels();  // the coarsest level keeps 6 buckets of 10 s: 60 s before the newest
  History h;
  h.add(0, packets(7), cfg);
  h.add(30, packets(1), cfg);
  EXPECT_EQ(h.sum(0, 100, cfg).rx_packets, 8u);
  h.add(65, packets(1), cfg);  // the 10 s level now keeps 10..69: second 0 is gone
  EXPECT_EQ(h.sum(0, 100, cfg).rx_packets, 2u);
  EXPECT_EQ(h.sum(0, 10, cfg).rx_packets, 0u);
  // An add older than every level keeps is dropped.
  h.add(5, packets(100), cfg);
  EXPECT_EQ(h.sum(0, 100, cfg).rx_packets, 2u);
  // A single level: what leaves it is gone.
  HistoryConfig one{{{1, 10}}};
  History g;
  for (int64_t s = 0; s < 30; ++s)
    g.add(s, packets(1), one);
  EXPECT_EQ(g.sum(0, 30, one).rx_packets, 10u);
  EXPECT_EQ(g.sum(20, 30, one).rx_packets, 10u);
  EXPECT_EQ(g.sum(0, 20, one).rx_packets, 0u);
}

TEST(History, OutOfOrderAddsLandInTheirBuckets) {
  auto cfg = two_levels();
  History h;
  h.add(57, packets(1), cfg);
  h.add(52, packets(2), cfg);  // late, but still in the 1 s level
  h.add(55, packets(4), cfg);
  h.add(44, packets(8), cfg);  // older than the 1 s level keeps: only the 10 s level takes it
  h.add(52, packets(16), cfg);
  EXPECT_EQ(h.newest(), 57);
  EXPECT_EQ(h.sum(52, 53, cfg).rx_packets, 18u);
  EXPECT_EQ(h.sum(55, 56, cfg).rx_packets, 4u);
  EXPECT_EQ(h.sum(57, 58, cfg).rx_packets, 1u);
  EXPECT_EQ(h.sum(40, 50, cfg).rx_packets, 8u);
  EXPECT_EQ(h.sum(0, 100, cfg).rx_packets, 31u);
  auto series = h.series(50, 58, 1, cfg);
  std::vector<uint64_t> got;
  for (const auto& v : series)
    got.push_back(v.rx_packets);
  EXPECT_EQ(got, (std::vector<uint64_t>{0, 0, 18, 0, 0, 4, 0, 1}));
}

TEST(History, SumOverEverythingEqualsWhatWasAddedAcrossLevels) {
  // Three levels, traffic with gaps and a few late seconds, all within the coarsest level's retention.
  HistoryConfig cfg{{{1, 20}, {5, 12}, {30, 40}}};
  ASSERT_EQ(cfg.validate(), "");
  std::mt19937 rng(7);
  History h;
  std::map<int64_t, uint64_t> added;
  uint64_t total = 0;
  int64_t t = 1'000'000;
  for (int i = 0; i < 400; ++i) {
    t += static_cast<int64_t>(rng() % 4);  // gaps of 0..3 s
    int64_t s = t;
    if (rng() % 10 == 0) s -= static_cast<int64_t>(rng() % 15);  // a late delta from another worker
    uint64_t n = 1 + rng() % 50;
    h.add(s, packets(n), cfg);
    added[s] += n;
    total += n;
  }
  int64_t first = added.begin()->first, last = added.rbegin()->first;
  ASSERT_EQ(last, h.newest());
  ASSERT_LT(last - first, 30 * 39) << "the test wants everything still in the coarsest level";
  // Bounds outside the traffic, or on the coarsest buckets' edges: nothing is pro-rated away.
  EXPECT_EQ(h.sum(first - 1000, last + 1000, cfg).rx_packets, total);
  EXPECT_EQ(h.sum(align_down(first, 30), align_up(last + 1, 30), cfg).rx_packets, total);
  // Steps made of whole coarsest buckets add up to the same total.
  for (int64_t step : {30, 60, 90}) {
    uint64_t sum = 0;
    for (const auto& v : h.series(align_down(first, 30), align_up(last + 1, 30), step, cfg))
      sum += v.rx_packets;
    EXPECT_EQ(sum, total) << "step " << step;
  }
  // Each level answers exactly, bucket by bucket, the part it holds whole: the finest from its cut
  // aligned up to 5 s, the 5 s level from its cut aligned up to 30 s, the 30 s level the rest.
  int64_t from0 = align_up(last - 19, 5);
  int64_t from1 = align_up(align_down(last, 5) - 11 * 5, 30);
  for (int64_t s = from0; s <= last; ++s)
    EXPECT_EQ(h.sum(s, s + 1, cfg).rx_packets, added_between(added, s, s + 1)) << s;
  for (int64_t b = from1; b + 5 <= from0; b += 5)
    EXPECT_EQ(h.sum(b, b + 5, cfg).rx_packets, added_between(added, b, b + 5)) << b;
  for (int64_t b = align_down(first, 30); b + 30 <= from1; b += 30)
    EXPECT_EQ(h.sum(b, b + 30, cfg).rx_packets, added_between(added, b, b + 30)) << b;
}

TEST(History, CopyKeepsTheLiveBuckets) {
  auto cfg = two_levels();
  History h;
  for (int64_t s = 0; s < 100; ++s)
    h.add(s, packets(1), cfg);
  History copy(h);
  EXPECT_EQ(copy.newest(), h.newest());
  EXPECT_EQ(copy.sum(0, 200, cfg), h.sum(0, 200, cfg));
  History assigned;
  assigned = h;
  EXPECT_EQ(assigned.sum(37, 99, cfg), h.sum(37, 99, cfg));
  h.add(100, packets(5), cfg);
  EXPECT_NE(copy.sum(0, 200, cfg), h.sum(0, 200, cfg));  // independent
}

TEST(History, MemoryStaysBoundedBySecondsWithTraffic) {
  auto cfg = HistoryConfig::entity_default();
  History sparse;
  sparse.add(1000, packets(1), cfg);
  size_t one = sparse.memory_bytes(cfg);
  EXPECT_GT(one, 0u);
  History busy;
  for (int64_t s = 0; s < 100'000; ++s)
    busy.add(s, packets(1), cfg);
  // Bounded by the levels' depths, whatever the number of seconds added.
  size_t bound = 0;
  for (const auto& l : cfg.levels)
    bound += 2 * (l.depth + 1) * (sizeof(int64_t) + sizeof(Traffic)) + 64;
  EXPECT_LT(busy.memory_bytes(cfg), bound * 2);
}

}  // namespace
}  // namespace netmeter::stats
