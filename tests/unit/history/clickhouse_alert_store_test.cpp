// The past-alert store's suite (tests/unit/store/alert_store_suite.hpp, the one SQLite passes) against
// ClickHouse: a server of its own on loopback (tests/support/), a database per test; skipped when
// clickhouse-server is not installed. Then what only ClickHouse has: row ids across restarts, the day
// granularity of the age bound.
#include "history/clickhouse/clickhouse_alert_store.hpp"

#include <gtest/gtest.h>

#include "support/clickhouse_server.hpp"
#include "unit/store/alert_store_suite.hpp"

namespace netmeter::history::clickhouse {
namespace {

/// The server, started at the first test that needs it and stopped at exit.
test::ClickHouseServer* shared_server(std::string& why) {
  static std::string reason;
  static std::unique_ptr<test::ClickHouseServer> server = test::ClickHouseServer::start(reason);
  why = reason;
  return server.get();
}

std::string next_database() {
  static int n = 0;
  return "alerts_" + std::to_string(++n);
}

std::unique_ptr<store::AlertStore> open_store(test::ClickHouseServer& server, const std::string& database) {
  return make_clickhouse_alert_store(server.url(database), server.password_file());
}

class ClickHouseBackend {
 public:
  ClickHouseBackend() {
    auto* server = shared_server(why_);
    if (server) store_ = open_store(*server, next_database());
  }
  store::AlertStore* store() { return store_.get(); }
  const std::string& skip_reason() const { return why_; }

 private:
  std::string why_;
  std::unique_ptr<store::AlertStore> store_;
};

store::AlertRecord alert_at(int64_t tstamp, int64_t ifid = 0) {
  store::AlertRecord r;
  r.ifid = ifid;
  r.entity = 1;
  r.alert_id = 6;
  r.severity = 5;
  r.tstamp = r.tstamp_end = tstamp;
  r.ip = "10.0.0.1";
  return r;
}

class ClickHouseAlertStoreTest : public testing::Test {
 protected:
  void SetUp() override {
    server_ = shared_server(why_);
    if (!server_) GTEST_SKIP() << why_;
  }
  test::ClickHouseServer* server_ = nullptr;
  std::string why_;
};

TEST_F(ClickHouseAlertStoreTest, RowIdsGoOnAfterARestartAndAlertsStay) {
  const std::string db = next_database();
  std::vector<store::AlertRecord> first{alert_at(100), alert_at(200)};
  {
    auto s = open_store(*server_, db);
    ASSERT_TRUE(s->insert(first).has_value());
  }
  auto s = open_store(*server_, db);  // another process's store, the same table
  std::vector<store::AlertRecord> second{alert_at(300)};
  ASSERT_TRUE(s->insert(second).has_value());
  EXPECT_EQ(second[0].row_id, first[1].row_id + 1);
  EXPECT_EQ(*s->count({}), 3);
  EXPECT_EQ(*s->remove({.row_id = first[0].row_id}), 1);  // a mutation, waited for: the next read sees it
  EXPECT_EQ(*s->count({}), 2);
}

TEST_F(ClickHouseAlertStoreTest, TheAgeBoundDropsWholeDaysOnly) {
  constexpr int64_t day = 86400;
  auto s = open_store(*server_, next_database());
  // Interface 0: day 10 (two alerts, one of them within 3 days of the newest), day 9 (old), day 13.
  std::vector<store::AlertRecord> rows{alert_at(9 * day + 5), alert_at(10 * day + 1),
                                       alert_at(10 * day + 86350), alert_at(13 * day + 86300)};
  ASSERT_TRUE(s->insert(rows).has_value());
  // Newest 13d+86300, bound 3 days: 10d+86350 is kept, so its whole day stays (10d+1 too, though older).
  EXPECT_EQ(*s->prune(3, -1), 1);
  EXPECT_EQ(*s->count({}), 3);
  EXPECT_EQ(*s->count({.epoch_end = 10 * day}), 0);
}

TEST_F(ClickHouseAlertStoreTest, TextReachesTheServerAsALiteralOnly) {
  auto s = open_store(*server_, next_database());
  store::AlertRecord r = alert_at(100);
  r.ip = "10.0.0.1' OR 1 = 1 --";
  r.info = "quote ' backslash \\ tab \t newline \n ünïcödé";
  std::vector<store::AlertRecord> rows{r, alert_at(200)};
  ASSERT_TRUE(s->insert(rows).has_value());
  EXPECT_EQ(*s->count({.ip = r.ip}), 1);
  EXPECT_EQ(*s->count({.ip = "x' OR '1' = '1"}), 0);
  auto back = s->list({.ip = r.ip}, {});
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].info, r.info);
  EXPECT_EQ(*s->count_alerted_flows({}, "' OR 1 = 1 OR '", true), 0);
}

}  // namespace
}  // namespace netmeter::history::clickhouse

namespace netmeter::store::suite {
INSTANTIATE_TYPED_TEST_SUITE_P(ClickHouse, AlertStoreSuite,
                               ::testing::Types<history::clickhouse::ClickHouseBackend>);
}  // namespace netmeter::store::suite
