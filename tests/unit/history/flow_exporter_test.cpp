#include "history/flow_exporter.hpp"

#include <gtest/gtest.h>

#include "history/sqlite/sqlite_history_store.hpp"
#include "history_test_support.hpp"
#include "stats/observer_list.hpp"
#include "stats/shard_delta.hpp"
#include "temp_dir.hpp"

namespace netmeter::history::test {
namespace {

using T = ColumnType;

class FlowExporterTest : public ::testing::Test {
 protected:
  void deliver(stats::DeltaObserver& o, int64_t second, std::vector<stats::ConnectionUpdate> updates) {
    stats::ShardDelta d;
    d.second = second;
    d.connections = std::move(updates);
    o.on_delta(d);
  }
  /// Rows of flow `id`: FIRST_SEEN, LAST_SEEN, SRC2DST_BYTES, DST2SRC_BYTES, END_REASON, INTERFACE_ID.
  std::vector<std::vector<uint64_t>> rows(uint64_t id) {
    queue.flush();
    auto t = store->execute(query(
        "SELECT FIRST_SEEN, LAST_SEEN, SRC2DST_BYTES, DST2SRC_BYTES, END_REASON, INTERFACE_ID FROM flows "
        "WHERE FLOW_ID = ? ORDER BY INTERFACE_ID, LAST_SEEN",
        {id}, {"a", "b", "c", "d", "e", "f"},
        {T::DateTime, T::DateTime, T::UInt64, T::UInt64, T::UInt8, T::UInt16}));
    std::vector<std::vector<uint64_t>> out;
    for (const auto& r : t.rows) {
      std::vector<uint64_t> line;
      for (const auto& v : r)
        line.push_back(number(v));
      out.push_back(line);
    }
    return out;
  }

  netmeter::test::TempDir dir{"netmeter-history"};
  std::unique_ptr<SqliteHistoryStore> store = SqliteHistoryStore::open(dir.path() / "history.db");
  ExportQueue queue{*store, ExportQueueConfig{}};
};

stats::ConnectionUpdate ended(stats::ConnectionUpdate u, flow::EndReason why = flow::EndReason::IdleTimeout) {
  u.ended = true;
  u.end = why;
  return u;
}

using Rows = std::vector<std::vector<uint64_t>>;
constexpr uint64_t kIdle = static_cast<uint64_t>(flow::EndReason::IdleTimeout);
constexpr uint64_t kEnd = static_cast<uint64_t>(flow::EndReason::AnalysisEnd);

TEST_F(FlowExporterTest, AnEndedFlowGetsOneRow) {
  FlowExporter exporter(queue, FlowExporterConfig{3, 60, nullptr, {}});
  deliver(exporter, 1000, {update(1, "10.0.0.1", 5000, "10.0.0.2", 80, 1000, 1000, 100, 200)});
  EXPECT_EQ(exporter.active_flows(), 1u);
  EXPECT_TRUE(rows(1).empty());  // still active, younger than the period
  deliver(exporter, 1005, {ended(update(1, "10.0.0.1", 5000, "10.0.0.2", 80, 1000, 1005, 300, 400))});
  EXPECT_EQ(rows(1), (Rows{{1000, 1005, 300, 400, kIdle, 3}}));
  EXPECT_EQ(exporter.active_flows(), 0u);
  // Began and ended between two deltas: one row too.
  deliver(exporter, 1006, {ended(update(2, "10.0.0.9", 53, "10.0.0.1", 5353, 1006, 1006, 80, 0))});
  EXPECT_EQ(rows(2), (Rows{{1006, 1006, 80, 0, kIdle, 3}}));
}

TEST_F(FlowExporterTest, ALongFlowGetsARowPerPeriodThatSumToItsTotals) {
  FlowExporter exporter(queue, FlowExporterConfig{0, 60, nullptr, {}});
  // Ticks fall on multiples of the period in packet time; a flow gets a row at a tick when its last
  // row (or its start) is at least a period old and it had traffic since.
  auto at = [](int64_t t, uint64_t c2s, uint64_t s2c) {
    return update(1, "10.0.0.1", 5000, "10.0.0.2", 80, 1000, t, c2s, s2c);
  };
  deliver(exporter, 1000, {at(1000, 100, 10)});
  deliver(exporter, 1030, {at(1030, 400, 40)});  // tick 1020 passed: 30 s old, no row
  deliver(exporter, 1090, {at(1090, 600, 60)});  // tick 1080: row 1000..1090
  deliver(exporter, 1130, {at(1130, 700, 70)});
  deliver(exporter, 1145, {});  // tick 1140: last row 55 s ago, not yet
  deliver(exporter, 1200, {});  // tick 1200: row 1090..1130
  deliver(exporter, 1260, {});  // tick 1260: no traffic since, no row
  deliver(exporter, 1270, {ended(at(1270, 750, 75))});
  EXPECT_EQ(rows(1),
            (Rows{{1000, 1090, 600, 60, 0, 0}, {1090, 1130, 100, 10, 0, 0}, {1130, 1270, 50, 5, kIdle, 0}}));
}

TEST_F(FlowExporterTest, FinishWritesEveryFlowStillActive) {
  FlowExporter exporter(queue, FlowExporterConfig{1, 0, nullptr, {}});  // no periodic rows
  deliver(exporter, 1000,
          {update(1, "10.0.0.1", 5000, "10.0.0.2", 80, 1000, 1000, 100, 10),
           update(2, "10.0.0.1", 5001, "10.0.0.2", 80, 1000, 1000, 200, 20)});
  deliver(exporter, 5000, {update(1, "10.0.0.1", 5000, "10.0.0.2", 80, 1000, 5000, 900, 90)});
  EXPECT_TRUE(rows(1).empty());
  exporter.on_finish();
  EXPECT_EQ(rows(1), (Rows{{1000, 5000, 900, 90, kEnd, 1}}));
  EXPECT_EQ(rows(2), (Rows{{1000, 1000, 200, 20, kEnd, 1}}));
  exporter.on_finish();  // nothing left: no second row
  EXPECT_EQ(rows(1).size(), 1u);
}

TEST_F(FlowExporterTest, RecordsScoreFromTheRiskAndTheSlot) {
  auto score = [](uint64_t risk) { return static_cast<uint16_t>(std::popcount(risk) * 10); };
  FlowExporter exporter(queue, FlowExporterConfig{4, 60, nullptr, score});
  auto u = ended(update(1, "10.0.0.1", 5000, "10.0.0.2", 80, 1000, 1001, 100, 10));
  u.risk = 0b1011;
  deliver(exporter, 1001, {u});
  queue.flush();
  auto t = store->execute(query("SELECT SCORE, FLOW_RISK, INTERFACE_ID FROM flows", {}, {"s", "r", "i"},
                                {T::UInt16, T::UInt64, T::UInt16}));
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(number(t.rows[0][0]), 30u);
  EXPECT_EQ(number(t.rows[0][1]), 0b1011u);
  EXPECT_EQ(number(t.rows[0][2]), 4u);
}

TEST_F(FlowExporterTest, AnObserverListFeedsEveryObserver) {
  FlowExporter slot1(queue, FlowExporterConfig{1, 60, nullptr, {}});
  FlowExporter slot2(queue, FlowExporterConfig{2, 60, nullptr, {}});
  stats::ObserverList list;
  list.add(&slot1);
  list.add(nullptr);
  list.add(&slot2);
  EXPECT_EQ(list.size(), 2u);
  deliver(list, 1000, {update(1, "10.0.0.1", 5000, "10.0.0.2", 80, 1000, 1000, 100, 10)});
  list.on_finish();
  EXPECT_EQ(rows(1), (Rows{{1000, 1000, 100, 10, kEnd, 1}, {1000, 1000, 100, 10, kEnd, 2}}));
}

TEST_F(FlowExporterTest, AFullQueueDropsRowsWithoutStoppingTheExporter) {
  ExportQueue tiny(*store, ExportQueueConfig{1, 1, std::chrono::hours(1), {}, std::chrono::seconds(60)});
  tiny.stop();  // a stopped queue accepts nothing: every row is dropped and counted
  FlowExporter exporter(tiny, FlowExporterConfig{1, 60, nullptr, {}});
  deliver(exporter, 1000,
          {ended(update(1, "10.0.0.1", 5000, "10.0.0.2", 80, 1000, 1000, 100, 10)),
           ended(update(2, "10.0.0.1", 5001, "10.0.0.2", 80, 1000, 1000, 100, 10))});
  EXPECT_EQ(tiny.counters().dropped, 2u);
  EXPECT_EQ(exporter.active_flows(), 0u);
}

/// STATUS of flow `id`'s rows, in order.
std::vector<uint64_t> statuses(SqliteHistoryStore& store, ExportQueue& queue, uint64_t id) {
  queue.flush();
  auto t = store.execute(query("SELECT STATUS FROM flows WHERE FLOW_ID = ? ORDER BY LAST_SEEN", {id}, {"s"},
                               {ColumnType::UInt16}));
  std::vector<uint64_t> out;
  for (const auto& r : t.rows)
    out.push_back(number(r[0]));
  return out;
}

TEST_F(FlowExporterTest, RowsCarryThePredominantFlowAlert) {
  FlowExporter exporter(queue, FlowExporterConfig{0, 60, nullptr, {}});
  auto at = [](uint64_t id, int64_t t, uint64_t bytes) {
    return update(id, "10.0.0.1", 5000, "10.0.0.2", 21, 1000, t, bytes, bytes);
  };
  // The alert engine runs before the exporter on a delta: flow 1's first update raised two alerts.
  exporter.note_alert(1, 52, 10);   // unsafe protocol, score 10
  exporter.note_alert(1, 62, 100);  // clear-text credentials, score 100: the predominant one
  deliver(exporter, 1000, {at(1, 1000, 100)});
  deliver(exporter, 1070, {at(1, 1070, 200)});  // a periodic row at tick 1020+60
  exporter.note_alert(1, 30, 50);               // lower score: STATUS stays 62
  exporter.note_alert(1, 9, 100);               // equal score: the first raised stays
  deliver(exporter, 1080, {ended(at(1, 1080, 300))});
  EXPECT_EQ(statuses(*store, queue, 1), (std::vector<uint64_t>{62, 62}));
  // A flow without alerts stores 0; one whose only update ends it carries its alert too.
  deliver(exporter, 1081, {ended(at(2, 1081, 10))});
  exporter.note_alert(3, 47, 100);
  deliver(exporter, 1082, {ended(at(3, 1082, 10))});
  EXPECT_EQ(statuses(*store, queue, 2), (std::vector<uint64_t>{0}));
  EXPECT_EQ(statuses(*store, queue, 3), (std::vector<uint64_t>{47}));
  EXPECT_EQ(exporter.active_flows(), 0u);
}

}  // namespace
}  // namespace netmeter::history::test
