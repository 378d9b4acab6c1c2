#include "stats/aggregator.hpp"

#include <gtest/gtest.h>

#include "stats/module_recorders.hpp"
#include "stats_test_util.hpp"

namespace netmeter::stats {
namespace {

using namespace test;

constexpr int64_t kS = 1'700'000'000;

/// Publishes one delta of worker 0 with a packet from 192.168.1.10 of `len` bytes in second `s`.
void publish(Aggregator& agg, int64_t s, uint32_t len = 100) {
  auto d = agg.channel().acquire(0);
  d->second = s;
  const auto p = ip_packet({.len = len, .ts = s * kSecond});
  PacketView v{p, nullptr, 0, {}};
  record_interface(v, agg.config(), *d);
  record_hosts(v, *d);
  agg.channel().publish(std::move(d));
}

uint64_t interface_bytes(const Aggregator& agg) {
  return agg.read([](const StatsStore& s) { return s.iface().traffic.total.bytes(); });
}

size_t hosts(const Aggregator& agg) {
  return agg.read([](const StatsStore& s) { return s.hosts().size(); });
}

TEST(Aggregator, DrainAppliesWhatWasPublished) {
  Aggregator agg(StatsConfig{}, 1);
  publish(agg, kS, 100);
  publish(agg, kS + 1, 200);
  EXPECT_EQ(interface_bytes(agg), 0u);  // nothing applied before a drain (no thread runs)
  agg.drain();
  EXPECT_EQ(interface_bytes(agg), 300u);
  EXPECT_EQ(agg.deltas_applied(), 2u);
  EXPECT_EQ(agg.channel().pending(), 0u);
}

TEST(Aggregator, GenerationChangesOnApplyResetAndFinish) {
  Aggregator agg(StatsConfig{}, 1);
  const uint64_t g0 = agg.generation();
  agg.drain();  // nothing published: nothing changed
  EXPECT_EQ(agg.generation(), g0);
  publish(agg, kS);
  EXPECT_EQ(agg.generation(), g0);  // published is not yet applied
  agg.drain();
  const uint64_t g1 = agg.generation();
  EXPECT_NE(g1, g0);
  agg.reset();
  const uint64_t g2 = agg.generation();
  EXPECT_NE(g2, g1);
  agg.finish();
  const uint64_t g3 = agg.generation();
  EXPECT_NE(g3, g2);
  EXPECT_TRUE(agg.read([](const StatsStore& s) { return s.finished(); }));
  EXPECT_EQ(agg.generation(), g3);  // stays while nothing changes
  agg.drain();
  EXPECT_EQ(agg.generation(), g3);
}

TEST(Aggregator, ResetClearsTheStore) {
  Aggregator agg(StatsConfig{}, 1);
  publish(agg, kS);
  agg.drain();
  ASSERT_EQ(hosts(agg), 2u);
  agg.reset();
  EXPECT_EQ(hosts(agg), 0u);
  EXPECT_EQ(interface_bytes(agg), 0u);
  EXPECT_EQ(agg.read([](const StatsStore& s) { return s.oldest_second(); }), kS);
  publish(agg, kS + 1, 50);
  agg.drain();
  EXPECT_EQ(interface_bytes(agg), 50u);  // counted afresh
}

// Deltas published before the reset belong to the time before it: they are applied to the store and
// then forgotten, never counted after the reset.
TEST(Aggregator, ResetAppliesWhatWasPublishedFirst) {
  Aggregator agg(StatsConfig{}, 1);
  publish(agg, kS, 100);
  publish(agg, kS + 3, 100);
  agg.reset();
  EXPECT_EQ(agg.channel().pending(), 0u);
  EXPECT_EQ(hosts(agg), 0u);
  EXPECT_EQ(interface_bytes(agg), 0u);
  // The time after the reset starts at the newest second the published deltas had.
  EXPECT_EQ(agg.read([](const StatsStore& s) { return s.oldest_second(); }), kS + 3);
  agg.drain();
  EXPECT_EQ(interface_bytes(agg), 0u);
  EXPECT_EQ(hosts(agg), 0u);
}

TEST(Aggregator, ThreadAppliesAndStopDrains) {
  Aggregator agg(StatsConfig{}, 2);
  agg.start();
  publish(agg, kS, 100);
  agg.stop();  // joins the thread, then applies whatever it had not taken yet
  EXPECT_EQ(interface_bytes(agg), 100u);
  EXPECT_EQ(agg.deltas_applied(), 1u);
  agg.stop();  // again: nothing to do
  EXPECT_EQ(agg.deltas_applied(), 1u);
}

// The storage blocks a delta empties are taken from the store under the lock and freed after it.
TEST(Aggregator, FreesTheStorageOfConnectionsThatEnded) {
  Aggregator agg(StatsConfig{}, 1);
  const size_t n = 2 * StatsStore::ConnectionTable::kBlock;
  auto publish_flows = [&](int64_t s, bool ended) {
    auto d = agg.channel().acquire(0);
    d->second = s;
    for (size_t i = 0; i < n; ++i) {
      auto p = ip_packet({.sport = static_cast<uint16_t>(1024 + i), .ts = s * kSecond});
      flow::Flow f = flow_of(p, i + 1);
      count(f, 0, 100, s * kSecond);
      if (ended) f.end = flow::EndReason::AnalysisEnd;
      d->connections.push_back(ConnectionUpdate::from(f));
    }
    agg.channel().publish(std::move(d));
  };
  auto blocks = [&] {
    return agg.read([](const StatsStore& s) {
      const auto& t = s.active_connections();
      return std::pair{t.allocated_blocks(), t.blocks_to_release()};
    });
  };
  publish_flows(kS, false);
  agg.drain();
  EXPECT_EQ(blocks(), (std::pair<size_t, size_t>{2, 0}));
  publish_flows(kS + 1, true);
  agg.drain();
  EXPECT_EQ(blocks(), (std::pair<size_t, size_t>{1, 0}));  // released, and nothing left to free
  EXPECT_EQ(agg.read([](const StatsStore& s) { return s.finished_connections().size(); }), n);
}

TEST(Aggregator, FinishMarksTheEndAfterApplying) {
  Aggregator agg(StatsConfig{}, 1);
  publish(agg, kS, 100);
  publish(agg, kS + 1, 100);
  agg.finish();
  EXPECT_EQ(interface_bytes(agg), 200u);
  EXPECT_EQ(agg.read([](const StatsStore& s) { return s.last_second(); }), kS + 1);
  agg.release_buffers();
  EXPECT_EQ(interface_bytes(agg), 200u);  // the store stays readable
}

}  // namespace
}  // namespace netmeter::stats
