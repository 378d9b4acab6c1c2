#include "query/interval.hpp"

#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace netmeter::test {
namespace {

using query::Interval;
using query::resolve;
using query::traffic_values;

/// Host A sends 1000, 2000 and 4000 bytes to B in three consecutive seconds from kT0.
class IntervalTest : public ::testing::Test {
 protected:
  IntervalTest() : store(stats::StatsConfig{}) {
    uint64_t bytes = 1000;
    for (int64_t s = kT0; s < kT0 + 3; ++s, bytes *= 2) {
      auto d = delta(s);
      send(d, a, b, bytes, s * kNs + 500'000'000);
      store.apply(d);
    }
  }
  query::TrafficValues values(const Interval& i) const {
    const auto& h = *store.hosts().find(a);
    return traffic_values(h.traffic, resolve(i, store), store.config().entity_history);
  }

  stats::HostKey a = host("192.168.1.10");
  stats::HostKey b = host("10.0.0.1");
  stats::StatsStore store;
};

TEST_F(IntervalTest, WithoutIntervalTheIntervalIsTheLastCompleteSecond) {
  auto w = resolve({}, store);
  EXPECT_FALSE(w.requested);
  EXPECT_EQ(w.last_second, kT0 + 1);  // kT0 + 2 is still running
  EXPECT_EQ(w.start, kT0 + 1);
  EXPECT_EQ(w.end, kT0 + 2);
  auto v = values({});
  EXPECT_EQ(v.all_time.tx_bytes, 7000u);
  EXPECT_EQ(v.all_time.tx_packets, 3u);
  EXPECT_EQ(v.last_second.tx_bytes, 2000u);
  EXPECT_EQ(v.interval, v.last_second);
  EXPECT_EQ(v.interval_per_second, v.last_second);
}

TEST_F(IntervalTest, FinishedSourceMakesTheNewestSecondComplete) {
  store.mark_finished();
  auto v = values({});
  EXPECT_EQ(v.last_second.tx_bytes, 4000u);
  EXPECT_EQ(v.interval.tx_bytes, 4000u);
}

TEST_F(IntervalTest, IntervalIsHalfOpenAtSecondEdges) {
  EXPECT_EQ(values({kT0, kT0 + 2}).interval.tx_bytes, 3000u);
  EXPECT_EQ(values({kT0, kT0 + 3}).interval.tx_bytes, 7000u);
  EXPECT_EQ(values({kT0 + 2, kT0 + 3}).interval.tx_bytes, 4000u);  // start inclusive
  EXPECT_EQ(values({kT0 - 1, kT0}).interval.tx_bytes, 0u);         // end exclusive
  EXPECT_EQ(values({kT0 + 3, kT0 + 10}).interval.tx_bytes, 0u);
  EXPECT_EQ(values({kT0 + 1, kT0 + 2}).interval.rx_bytes, 0u);  // A only sent
}

TEST_F(IntervalTest, PerSecondIsTheIntervalOverItsLength) {
  auto v = values({kT0, kT0 + 2});
  EXPECT_EQ(v.interval_per_second.tx_bytes, 1500u);
  EXPECT_EQ(v.interval_per_second.tx_packets, 1u);
  EXPECT_EQ(values({kT0, kT0 + 3}).interval_per_second.tx_bytes, 2333u);  // rounded down
  // Seconds without traffic count in the length.
  EXPECT_EQ(values({kT0 - 7, kT0 + 3}).interval_per_second.tx_bytes, 700u);
  // The last-second value does not depend on the interval.
  EXPECT_EQ(v.last_second.tx_bytes, 2000u);
}

TEST_F(IntervalTest, OpenEndedIntervals) {
  auto w = resolve({kT0, std::nullopt}, store);
  EXPECT_TRUE(w.requested);
  EXPECT_EQ(w.start, kT0);
  EXPECT_EQ(w.end, kT0 + 2);  // up to and including the last complete second
  w = resolve({std::nullopt, kT0 + 1}, store);
  EXPECT_EQ(w.start, kT0);
  EXPECT_EQ(w.end, kT0 + 1);
  EXPECT_EQ(values({std::nullopt, kT0 + 3}).interval.tx_bytes, 4000u);
}

TEST_F(IntervalTest, EmptyOrReversedIntervalHasNoTraffic) {
  for (Interval i : {Interval{kT0, kT0}, Interval{kT0 + 2, kT0}}) {
    auto v = values(i);
    EXPECT_TRUE(v.interval.empty());
    EXPECT_TRUE(v.interval_per_second.empty());
    EXPECT_EQ(v.all_time.tx_bytes, 7000u);
  }
}

TEST_F(IntervalTest, WithoutIntervalValuesOnlyAllTime) {
  const auto& h = *store.hosts().find(a);
  auto v = traffic_values(h.traffic, resolve({}, store), store.config().entity_history, false);
  EXPECT_EQ(v.all_time.tx_bytes, 7000u);
  EXPECT_TRUE(v.last_second.empty());
  EXPECT_TRUE(v.interval.empty());
}

TEST(IntervalEmptyStore, ResolvesWithoutPackets) {
  stats::StatsStore store{stats::StatsConfig{}};
  auto w = resolve({}, store);
  EXPECT_EQ(w.last_second, 0);
  EXPECT_EQ(w.seconds(), 1);
  auto far = resolve({INT64_MIN, INT64_MAX}, store);  // clamped: no overflow
  EXPECT_GT(far.seconds(), 0);
}

}  // namespace
}  // namespace netmeter::test
