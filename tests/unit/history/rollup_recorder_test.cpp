// RollupRecorder on a real aggregator and the real SQLite store: minutes close when packet time has
// passed them (plus the grace), hold the in-memory history's own sums, and the end of the slot closes
// the rest.
#include "history/rollup_recorder.hpp"

#include <gtest/gtest.h>

#include "history/rollup_entity.hpp"
#include "history/sqlite/sqlite_history_store.hpp"
#include "history_test_support.hpp"
#include "temp_dir.hpp"

namespace netmeter::history::test {
namespace {

constexpr int64_t kT = 1'700'000'040;  // a multiple of 60
const stats::HostKey kHost{*core::IpAddress::parse("192.168.1.10"), 0};

class RollupRecorderTest : public ::testing::Test {
 protected:
  RollupRecorderTest() { aggregator.set_observer(&recorder); }

  /// One delta of `bytes` sent by kHost in second `s`, to TCP port 443, DSCP 46, VLAN 7.
  void publish(int64_t s, uint64_t bytes) {
    auto d = aggregator.channel().acquire(0);
    d->second = s;
    d->iface.traffic.add_rx(bytes);
    stats::HostDelta& h = d->hosts[kHost];
    h.traffic.add_tx(bytes);
    h.seen(s * 1'000'000'000);
    d->ports[stats::port_key(6, 443)].add_rx(bytes);
    d->vlans[stats::vlan_key(0, 7)].add_rx(bytes);
    d->dscp[46].add_rx(bytes);
    aggregator.channel().publish(std::move(d));
    aggregator.drain();
  }
  std::vector<RollupPoint> stored(const RollupEntity& e) {
    queue.flush();
    return store->read_rollups({e, 0, 0xffffffffu});
  }
  uint64_t memory(int64_t start, int64_t end) {
    return aggregator.read([&](const stats::StatsStore& s) {
      return s.iface().traffic.interval(start, end, s.config().global_history).rx_bytes;
    });
  }

  netmeter::test::TempDir dir{"netmeter-rollups"};
  std::unique_ptr<SqliteHistoryStore> store = SqliteHistoryStore::open(dir.path() / "history.db");
  RollupQueue queue{*store, RollupQueueConfig{}};
  stats::Aggregator aggregator{stats::StatsConfig{}, 1};
  RollupRecorder recorder{aggregator, queue, RollupRecorderConfig{3, true, 5}};
  const RollupEntity iface = module_entity(3, RollupKind::Interface, 0);
};

TEST_F(RollupRecorderTest, AMinuteClosesOncePacketTimeHasPassedItAndTheGrace) {
  publish(kT + 10, 100);
  publish(kT + 59, 50);
  publish(kT + 64, 7);  // within the grace: the first minute stays open
  EXPECT_EQ(recorder.minutes_closed(), 0u);
  EXPECT_TRUE(stored(iface).empty());
  publish(kT + 65, 1);
  EXPECT_EQ(recorder.minutes_closed(), 1u);
  auto points = stored(iface);
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0].minute, kT);
  EXPECT_EQ(points[0].traffic.rx_bytes, 150u);
  EXPECT_EQ(points[0].traffic.rx_bytes, memory(kT, kT + 60));
}

TEST_F(RollupRecorderTest, EveryKindOfEntityIsStoredOnlyForMinutesWithTraffic) {
  publish(kT + 1, 100);
  publish(kT + 300, 40);  // three idle minutes in between
  recorder.on_finish();
  auto host = stored(host_entity(3, kHost));
  ASSERT_EQ(host.size(), 2u);
  EXPECT_EQ(host[0].minute, kT);
  EXPECT_EQ(host[0].traffic, (stats::Traffic{0, 0, 1, 100}));
  EXPECT_EQ(host[1].minute, kT + 300);
  EXPECT_EQ(host[1].traffic.tx_bytes, 40u);
  EXPECT_EQ(stored(module_entity(3, RollupKind::Port, stats::port_key(6, 443))).size(), 2u);
  EXPECT_EQ(stored(module_entity(3, RollupKind::Vlan, stats::vlan_key(0, 7))).size(), 2u);
  auto dscp = stored(module_entity(3, RollupKind::Dscp, 46));
  ASSERT_EQ(dscp.size(), 2u);
  EXPECT_EQ(dscp[1].traffic.rx_bytes, 40u);
  EXPECT_TRUE(stored(module_entity(3, RollupKind::Dscp, 0)).empty());
  EXPECT_TRUE(stored(host_entity(4, kHost)).empty());  // another slot's series
  EXPECT_EQ(recorder.minutes_closed(), 6u);
  EXPECT_EQ(recorder.rows_written(), 10u);  // five entities, two minutes each
}

TEST_F(RollupRecorderTest, TheEndOfTheSlotClosesTheLastPartialMinute) {
  publish(kT + 5, 10);
  publish(kT + 61, 20);
  recorder.on_finish();
  auto points = stored(iface);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[1].minute, kT + 60);
  EXPECT_EQ(points[1].traffic.rx_bytes, 20u);
  recorder.on_finish();  // nothing closes twice
  EXPECT_EQ(stored(iface).size(), 2u);
  EXPECT_EQ(stored(iface)[1].traffic.rx_bytes, 20u);
}

TEST(RollupQueue, AMinuteLargerThanTheQueueGoesInWholeAndAStoppedQueueDropsAndCounts) {
  netmeter::test::TempDir dir{"netmeter-rollups"};
  auto store = SqliteHistoryStore::open(dir.path() / "history.db");
  RollupQueueConfig config;
  config.capacity = 2;
  config.batch_size = 2;
  config.flush_interval = std::chrono::hours(1);  // the thread writes only when asked
  RollupQueue queue(*store, config);
  auto e = module_entity(1, RollupKind::Interface, 0);
  std::vector<RollupRow> three{{e, 60, {1, 1, 0, 0}}, {e, 120, {1, 1, 0, 0}}, {e, 180, {1, 1, 0, 0}}};
  // Larger than the queue: accepted only into an empty queue, so it goes in whole.
  EXPECT_TRUE(queue.push(three, false));
  queue.flush();
  EXPECT_EQ(queue.counters().stored, 3u);
  queue.stop();
  EXPECT_FALSE(queue.push(three, false));
  EXPECT_EQ(queue.counters().dropped, 3u);
}

}  // namespace
}  // namespace netmeter::history::test
