#include "alerts/store_sink.hpp"

#include <gtest/gtest.h>

#include "alerts/alert_engine.hpp"
#include "alerts/alert_service.hpp"
#include "alerts/alert_test_support.hpp"
#include "alerts/alert_types.hpp"
#include "gate.hpp"
#include "stats/shard_delta.hpp"
#include "store/alert_repository.hpp"
#include "store/database.hpp"
#include "store/sqlite_alert_store.hpp"
#include "store/temp_dir.hpp"

namespace netmeter::alerts {
namespace {

using store::AlertStore;

/// The real SQLite store with a gate in front of insert(): holds the sink's writer inside a write while
/// the test goes on (a slow or unreachable ClickHouse, say).
class GatedAlertStore final : public AlertStore {
 public:
  explicit GatedAlertStore(store::Database& db) : inner_(db) {}
  store::Status insert(std::span<store::AlertRecord> alerts) override {
    gate.pass();
    return inner_.insert(alerts);
  }
  netmeter::test::Gate gate;

  store::Result<int64_t> prune(int64_t days, int64_t count) override { return inner_.prune(days, count); }
  store::Result<std::vector<store::AlertRecord>> list(const store::AlertFilter& f,
                                                      const store::AlertPage& p) override {
    return inner_.list(f, p);
  }
  store::Result<int64_t> count(const store::AlertFilter& f) override { return inner_.count(f); }
  store::Result<std::vector<GroupCount>> count_by(GroupBy g, const store::AlertFilter& f) override {
    return inner_.count_by(g, f);
  }
  store::Result<int64_t> acknowledge(const store::AlertFilter& f) override { return inner_.acknowledge(f); }
  store::Result<int64_t> remove(const store::AlertFilter& f) override { return inner_.remove(f); }
  store::Result<std::vector<store::AlertRecord>> list_sorted(const store::AlertFilter& f, SortColumn c,
                                                             bool d, int64_t o, int64_t l) override {
    return inner_.list_sorted(f, c, d, o, l);
  }
  store::Result<SortedPage> list_page(const store::AlertFilter& f, SortColumn c, bool d, int64_t o,
                                      int64_t l) override {
    return inner_.list_page(f, c, d, o, l);
  }
  store::Result<std::vector<SlotCount>> count_by_time(const store::AlertFilter& f, int64_t w) override {
    return inner_.count_by_time(f, w);
  }
  store::Result<std::vector<AddressCount>> count_by_address(AddressColumn c,
                                                            const store::AlertFilter& f) override {
    return inner_.count_by_address(c, f);
  }
  store::Result<std::vector<TypeSeverityCount>> count_by_type_severity(const store::AlertFilter& f) override {
    return inner_.count_by_type_severity(f);
  }
  store::Result<int64_t> count_alerted_flows(const store::AlertFilter& f, const std::string& ip,
                                             bool as_client) override {
    return inner_.count_alerted_flows(f, ip, as_client);
  }

 private:
  store::SqliteAlertStore inner_;
};

class StoreSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Database::open(dir_.path());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    db_ = std::move(*opened);
  }
  std::vector<store::AlertRecord> stored() {
    auto conn = db_->lock();
    auto rows = store::AlertRepository(conn).list({}, {.offset = 0, .limit = 100, .newest_first = false});
    EXPECT_TRUE(rows.has_value());
    return rows ? *rows : std::vector<store::AlertRecord>{};
  }
  store::test::TempDir dir_;
  std::unique_ptr<store::Database> db_;
};

TEST_F(StoreSinkTest, ReleasedAlertsReachTheStoreWithTheirDuration) {
  AlertService service(*db_, {});
  auto engine = service.make_engine(2);
  ASSERT_TRUE(engine->configure("syn_flood", [](CheckConfig& c) { c.threshold = 5; }));
  ASSERT_TRUE(engine->configure("syn_scan", [](CheckConfig& c) { c.enabled = false; }));
  const int64_t t0 = 1'700'000'040;
  for (int64_t s = t0; s < t0 + 3; ++s) {
    stats::ShardDelta d;
    d.second = s;
    d.hosts[test::host("10.1.1.1")].tcp_flags[static_cast<size_t>(stats::TcpFlagCount::Syn)] = 100;
    d.hosts[test::host("10.1.1.2")].syn_rcvd = 100;
    engine->on_delta(d);
  }
  EXPECT_EQ(service.engaged().size(), 2u);
  std::vector<uint32_t> other{7};
  EXPECT_TRUE(service.engaged(&other).empty());
  stats::ShardDelta quiet;
  quiet.second = t0 + 10;
  engine->on_delta(quiet);
  quiet.second = t0 + 12;  // judges t0 + 10, and the quiet t0 + 3 before it
  engine->on_delta(quiet);
  EXPECT_TRUE(service.engaged().empty());
  service.sink().flush_and_wait();  // the writer thread may not have written them yet
  auto rows = stored();
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& r : rows) {
    EXPECT_EQ(r.ifid, 2);
    EXPECT_EQ(r.entity, static_cast<int64_t>(Entity::Host));
    EXPECT_EQ(r.alert_id, host_alert::kSynFlood);
    EXPECT_EQ(r.tstamp, t0);
    EXPECT_EQ(r.tstamp_end, t0 + 3);
    EXPECT_EQ(r.value, 100);
    EXPECT_EQ(r.threshold, 5);
  }
  Alert back = from_record(rows[0]);
  EXPECT_EQ(back.duration_s(), 3);
  EXPECT_EQ(back.type_id, host_alert::kSynFlood);
}

// The engines' flush() hands the batch to the sink's writer thread: while the store is stuck inside a
// write, flush() and store() go on (the aggregator is never held up), alerts beyond the bound are dropped
// and counted, and flush_and_wait() writes what is left once the store answers again.
TEST_F(StoreSinkTest, FlushNeverWaitsForAStuckStore) {
  GatedAlertStore past(*db_);
  StoreAlertSink sink(past, {.max_days = 0, .max_count = -1, .max_pending = 4});
  auto alert = [](int64_t t) {
    Alert a;
    a.begin_s = a.end_s = t;
    a.ip = test::ip("10.0.0.1");
    return a;
  };
  past.gate.close();
  sink.store(alert(100));
  sink.flush();
  past.gate.wait_entered(1);  // the writer thread holds alert 100 inside the store
  for (int64_t t = 101; t < 107; ++t) {
    sink.store(alert(t));
    sink.flush();  // returns: nothing here waits for the store
  }
  EXPECT_EQ(sink.dropped(), 2u);  // 4 queued behind the stuck write, 2 more dropped
  EXPECT_TRUE(stored().empty());
  past.gate.open();
  sink.flush_and_wait();
  auto rows = stored();
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows.front().tstamp, 100);
  EXPECT_EQ(rows.back().tstamp, 104);
  EXPECT_EQ(sink.write_errors(), 0u);
}

TEST_F(StoreSinkTest, BoundedQueueCountsDrops) {
  store::SqliteAlertStore past(*db_);
  StoreAlertSink sink(past, {.max_days = 0, .max_count = 2, .max_pending = 3});
  for (int i = 0; i < 5; ++i) {
    Alert a;
    a.begin_s = a.end_s = 100 + i;
    a.ip = test::ip("10.0.0.1");
    sink.store(a);
  }
  EXPECT_EQ(sink.dropped(), 2u);
  sink.flush_and_wait();
  auto rows = stored();
  ASSERT_EQ(rows.size(), 2u);  // bounded by count: the oldest went
  EXPECT_EQ(rows[0].tstamp, 101);
  EXPECT_EQ(rows[0].ip, "10.0.0.1");
}

// A full store is pruned every hundredth of its bound, not at every flush: it holds at most 1 % more
// in between, and the oldest go first.
TEST_F(StoreSinkTest, PrunesEveryHundredthOfTheBound) {
  store::SqliteAlertStore past(*db_);
  StoreAlertSink sink(past, {.max_days = 0, .max_count = 200, .max_pending = 10});
  auto count = [&] {
    auto conn = db_->lock();
    return *store::AlertRepository(conn).count({});
  };
  for (int i = 0; i < 211; ++i) {
    Alert a;
    a.begin_s = a.end_s = 1000 + i;
    a.ip = test::ip("10.0.0.1");
    sink.store(a);
    sink.flush_and_wait();
    int64_t n = count();
    if (i < 200) {
      EXPECT_EQ(n, i + 1);
    } else {
      EXPECT_GE(n, 200) << i;
      EXPECT_LE(n, 201) << i;  // pruned every 2 alerts
    }
  }
  EXPECT_EQ(count(), 201);  // 211 written: pruned at 210, one since
  auto rows = stored();
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.front().tstamp, 1010);  // the ten oldest went
  EXPECT_EQ(sink.write_errors(), 0u);
}

TEST(AlertRecord, FlowAlertRoundTrip) {
  Alert a;
  a.entity = Entity::Flow;
  a.type_id = 16;
  a.severity = Severity::Warning;
  a.client = {test::ip("2001:db8::1"), 5353};
  a.server = {test::ip("10.0.0.53"), 53};
  a.flow_risk = uint64_t{1} << 63 | 1 << 16;
  a.info = "abc.example";
  Alert b = from_record(to_record(a));
  EXPECT_EQ(b.client, a.client);
  EXPECT_EQ(b.server, a.server);
  EXPECT_EQ(b.flow_risk, a.flow_risk);
  EXPECT_EQ(b.severity, Severity::Warning);
  EXPECT_EQ(b.info, a.info);
}

}  // namespace
}  // namespace netmeter::alerts
