#include "query/graph.hpp"

#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace netmeter::test {
namespace {

using query::GraphRequest;

class GraphTest : public ::testing::Test {
 protected:
  GraphTest() : store(stats::StatsConfig{}) {
    uint64_t bytes = 1000;
    for (int64_t s = kT0; s < kT0 + 3; ++s, bytes *= 2) {
      auto d = delta(s);
      send(d, a, b, bytes, s * kNs);
      store.apply(d);
    }
    store.mark_finished();
  }
  query::GraphPlan plan(GraphRequest r) const { return query::plan_graph(r, store, config()); }
  const stats::HistoryConfig& config() const { return store.config().entity_history; }

  stats::HostKey a = host("192.168.1.10");
  stats::HostKey b = host("10.0.0.1");
  stats::StatsStore store;
};

TEST_F(GraphTest, OnePointPerSecond) {
  auto g = query::graph(store, query::host_ref(a), {{kT0, kT0 + 3}, 0, 1});
  ASSERT_TRUE(g);
  EXPECT_EQ(g->step, 1);
  ASSERT_EQ(g->points.size(), 3u);
  EXPECT_EQ(g->points[0].time_ms, kT0 * 1000);
  EXPECT_EQ(g->points[2].time_ms, (kT0 + 2) * 1000);
  EXPECT_EQ(g->points[0].value.tx_bytes, 1000u);
  EXPECT_EQ(g->points[1].value.tx_bytes, 2000u);
  EXPECT_EQ(g->points[2].value.tx_bytes, 4000u);
  EXPECT_EQ(g->points[1].value.rx_bytes, 0u);
}

TEST_F(GraphTest, ValuesRoundTheStepUpToAHistoryLevel) {
  // ceil(3 / 2) = 2 s is no level: 10 s is, and kT0 is a multiple of 10.
  auto g = query::graph(store, query::host_ref(a), {{kT0, kT0 + 3}, 2, 0});
  ASSERT_TRUE(g);
  EXPECT_EQ(g->step, 10);
  ASSERT_EQ(g->points.size(), 1u);
  EXPECT_EQ(g->points[0].value.tx_bytes, 7000u);
  EXPECT_EQ(g->points[0].time_ms, kT0 * 1000);
}

TEST_F(GraphTest, StepChoice) {
  const int64_t t = 1'599'998'400;  // a multiple of 3600, so no step adds a point by aligning the start
  EXPECT_EQ(plan({{t, t + 600}, 10, 0}).step, 60);
  EXPECT_EQ(plan({{t, t + 60}, 7, 0}).step, 10);     // ceil(60 / 7) = 9 -> 10
  EXPECT_EQ(plan({{t, t + 60}, 60, 0}).step, 1);     // one point per second fits
  EXPECT_EQ(plan({{t, t + 60}, 0, 5}).step, 5);      // timespan as asked
  EXPECT_EQ(plan({{t, t + 60}, 6, 5}).step, 10);     // values win over a too-fine timespan
  EXPECT_EQ(plan({{t, t + 60}, 100, 30}).step, 30);  // a coarse timespan stays
  // Beyond the coarsest level (1 h): a multiple of it.
  EXPECT_EQ(plan({{t, t + 10 * 86400}, 10, 0}).step % 3600, 0);
  // Unaligned: 600 s from kT0 (400 s past a multiple of 600) in 60 s steps would need 11 points.
  EXPECT_EQ(plan({{kT0, kT0 + 600}, 10, 0}).step, 600);
}

TEST_F(GraphTest, AligningTheStartNeverExceedsValues) {
  for (uint32_t values : {1u, 2u, 3u, 5u, 6u, 7u, 50u}) {
    for (int64_t start : {kT0 + 5, kT0 + 59, kT0 + 601}) {
      GraphRequest r{{start, start + 60}, values, 0};
      auto p = plan(r);
      auto g = query::graph(store, query::host_ref(a), r);
      ASSERT_TRUE(g);
      EXPECT_LE(g->points.size(), values) << values << " " << start;
      EXPECT_LE(p.start, start);
      EXPECT_EQ(p.start % p.step, 0);
    }
  }
}

TEST_F(GraphTest, PointsAddUpToTheInterval) {
  auto g = query::graph(store, query::host_ref(b), {{kT0 - 20, kT0 + 40}, 0, 7});
  ASSERT_TRUE(g);
  uint64_t sum = 0;
  for (const auto& p : g->points)
    sum += p.value.rx_bytes;
  EXPECT_EQ(sum, 7000u);
}

TEST_F(GraphTest, DefaultRangeEndsWithTheLastSecond) {
  auto p = plan({});
  EXPECT_EQ(p.end, kT0 + 3);  // finished: kT0 + 2 is complete
  EXPECT_LE(p.start, kT0 + 3 - query::kDefaultGraphSeconds);
  EXPECT_LE((p.end - p.start + p.step - 1) / p.step, int64_t{query::kDefaultGraphPoints});
}

TEST_F(GraphTest, InterfaceAndUnknownEntities) {
  auto g = query::graph(store, query::EntityRef{}, {{kT0, kT0 + 3}, 0, 1});
  ASSERT_TRUE(g);
  ASSERT_EQ(g->points.size(), 3u);
  EXPECT_EQ(g->points[2].value.rx_bytes, 4000u);
  EXPECT_FALSE(query::graph(store, query::host_ref(host("1.2.3.4")), {}));
  EXPECT_FALSE(query::graph(store, query::port_ref(6, 80), {}));
}

TEST_F(GraphTest, EmptyRange) {
  auto g = query::graph(store, query::host_ref(a), {{kT0 + 3, kT0}, 10, 0});
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->points.empty());
}

}  // namespace
}  // namespace netmeter::test
