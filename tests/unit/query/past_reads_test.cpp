// What memory answers and what the stored minutes add (query/past_reads.cpp), on a real StatsStore.
#include "query/past_reads.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "query/protocol_graph.hpp"
#include "store_fixture.hpp"

namespace netmeter::test {
namespace {

constexpr int64_t kM = 1'600'000'020;  // a multiple of 60, 20 s after kT0

class PastReadsTest : public ::testing::Test {
 protected:
  PastReadsTest() : store(stats::StatsConfig{}) {}
  void traffic(int64_t from, int64_t to, uint64_t bytes) {
    for (int64_t s = from; s < to; ++s) {
      auto d = delta(s);
      send(d, a, b, bytes, s * kNs);
      store.apply(d);
    }
  }
  const stats::HistoryConfig& config() const { return store.config().entity_history; }

  stats::HostKey a = host("192.168.1.10");
  stats::HostKey b = host("10.0.0.1");
  stats::StatsStore store;
};

TEST_F(PastReadsTest, BeforeAnyPacketEverythingIsPast) {
  EXPECT_EQ(query::memory_horizon(store, config()), std::numeric_limits<int64_t>::max());
}

TEST_F(PastReadsTest, TheHorizonIsTheFirstMinuteWhileTheCoarsestLevelHoldsEverything) {
  traffic(kM + 65, kM + 70, 100);
  EXPECT_EQ(query::memory_horizon(store, config()), kM + 60);
}

TEST_F(PastReadsTest, TheHorizonFollowsTheCoarsestLevelOnceItForgets) {
  traffic(kM, kM + 1, 100);
  const auto& coarsest = config().levels.back();
  const int64_t later = kM + 10 * coarsest.resolution * coarsest.depth;
  traffic(later, later + 1, 100);
  int64_t horizon = query::memory_horizon(store, config());
  EXPECT_GT(horizon, kM);
  EXPECT_LE(horizon, later);
  // From the horizon on, memory answers every second: the old second is gone, the new one is there.
  const stats::HostEntry* h = store.hosts().find(a);
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->traffic.history.sum(horizon, later + 1, config()).tx_bytes, 100u);
}

TEST_F(PastReadsTest, StoredMinutesSumWholeAndProRata) {
  std::vector<query::MinuteTraffic> minutes{{kM, {6, 600, 0, 0}}, {kM + 120, {60, 6000, 0, 0}}};
  EXPECT_EQ(query::past_sum(minutes, kM, kM + 180).rx_bytes, 6600u);
  EXPECT_EQ(query::past_sum(minutes, kM + 60, kM + 120).rx_bytes, 0u);
  EXPECT_EQ(query::past_sum(minutes, kM + 30, kM + 150).rx_bytes, 300u + 3000u);
  EXPECT_EQ(query::past_sum(minutes, kM + 150, kM + 150).rx_bytes, 0u);
}

TEST_F(PastReadsTest, AskedRangeIsTheOlderPartInWholeMinutes) {
  EXPECT_FALSE(query::past_range(kM + 10, kM + 100, kM + 10));
  auto r = query::past_range(kM + 10, kM + 1000, kM + 70);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->start, kM);
  EXPECT_EQ(r->end, kM + 120);
}

TEST_F(PastReadsTest, AGraphAcrossTheHorizonTakesEachSideFromItsSource) {
  traffic(kM + 120, kM + 180, 10);  // memory holds minute 2 only: horizon kM + 120
  const int64_t horizon = query::memory_horizon(store, config());
  ASSERT_EQ(horizon, kM + 120);
  query::GraphPlan plan{kM, kM + 180, 60};
  const stats::HostEntry* h = store.hosts().find(a);
  auto g = query::recent_graph(&h->traffic, plan, config(), horizon);
  ASSERT_EQ(g.points.size(), 3u);
  EXPECT_TRUE(g.points[0].value.empty());
  EXPECT_EQ(g.points[2].value.tx_bytes, 600u);
  // The store's minutes 0 and 1 (and a stored copy of minute 2, which memory answers instead).
  std::vector<query::MinuteTraffic> past{
      {kM, {0, 0, 1, 111}}, {kM + 60, {0, 0, 1, 222}}, {kM + 120, {0, 0, 9, 999}}};
  query::add_past(g, past, horizon);
  EXPECT_EQ(g.points[0].value.tx_bytes, 111u);
  EXPECT_EQ(g.points[1].value.tx_bytes, 222u);
  EXPECT_EQ(g.points[2].value.tx_bytes, 600u);
  // Without the entity in memory: zeros, then the store's part.
  auto only_past = query::recent_graph(nullptr, plan, config(), horizon);
  query::add_past(only_past, past, horizon);
  EXPECT_EQ(only_past.points[1].value.tx_bytes, 222u);
  EXPECT_TRUE(only_past.points[2].value.empty());
}

TEST_F(PastReadsTest, StoredApplicationsCountUnderTheirAppProtocolElseTheirMaster) {
  // Master TLS without an app protocol (counted under its master), TLS.YouTube (counted under YouTube),
  // DNS.Google, and app protocol TLS without a master.
  const std::vector<query::KeyedMinuteTraffic> stored{{stats::app_key(91, 0), kM, {1, 100, 0, 0}},
                                                      {stats::app_key(91, 0), kM + 60, {2, 200, 0, 0}},
                                                      {stats::app_key(91, 124), kM, {4, 400, 0, 0}},
                                                      {stats::app_key(5, 126), kM, {8, 800, 0, 0}},
                                                      {stats::app_key(0, 91), kM + 120, {16, 1600, 0, 0}}};
  auto tls = query::counted_protocol_minutes(stored, 91);
  ASSERT_EQ(tls.size(), 3u);
  EXPECT_EQ(tls[0].minute, kM);
  EXPECT_EQ(tls[0].traffic.rx_bytes, 100u);  // TLS.YouTube counts under YouTube, not TLS
  EXPECT_EQ(tls[1].traffic.rx_bytes, 200u);
  EXPECT_EQ(tls[2].minute, kM + 120);
  EXPECT_EQ(tls[2].traffic.rx_bytes, 1600u);
  auto youtube = query::counted_protocol_minutes(stored, 124);
  ASSERT_EQ(youtube.size(), 1u);
  EXPECT_EQ(youtube[0].traffic.rx_packets, 4u);
  EXPECT_TRUE(query::counted_protocol_minutes(stored, 7).empty());
}

}  // namespace
}  // namespace netmeter::test
