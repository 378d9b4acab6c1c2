// The per-minute series in ClickHouse (rollup_schema.cpp) against a real clickhouse-server started for
// this test, compared with the SQLite store given the same rows.
#include <gtest/gtest.h>

#include "history/clickhouse/clickhouse_history_store.hpp"
#include "history/rollup_entity.hpp"
#include "history/sqlite/sqlite_history_store.hpp"
#include "stats/entities.hpp"
#include "stats/shard_delta.hpp"
#include "support/clickhouse_server.hpp"
#include "temp_dir.hpp"

namespace netmeter::history::clickhouse {
namespace {

constexpr uint32_t kNov14 = 1'699'920'000;  // 2023-11-14 00:00:00 UTC

class ClickHouseRollupsTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string why;
    server_ = test::ClickHouseServer::start(why).release();
    if (!server_) skip_reason_ = new std::string(why);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (!server_) GTEST_SKIP() << *skip_reason_;
  }
  std::unique_ptr<HistoryStore> make_store() {
    const std::string name = testing::UnitTest::GetInstance()->current_test_info()->name();
    return make_clickhouse_store(server_->url("r_" + name), server_->password_file());
  }

  static inline test::ClickHouseServer* server_ = nullptr;
  static inline std::string* skip_reason_ = nullptr;
};

RollupEntity host(const char* text, uint16_t vlan = 0) {
  return host_entity(1, stats::HostKey{*core::IpAddress::parse(text), vlan});
}

/// Rows of several entities over three days, with one minute written twice (a late row).
std::vector<RollupRow> sample_rows() {
  std::vector<RollupEntity> entities{host("10.0.0.1"),
                                     host("10.0.0.1", 7),
                                     host("2001:db8::ff"),
                                     module_entity(1, RollupKind::Interface, 0),
                                     module_entity(1, RollupKind::Application, stats::app_key(91, 126)),
                                     module_entity(1, RollupKind::Application, stats::app_key(0, 7)),
                                     module_entity(1, RollupKind::Category, 5),
                                     module_entity(2, RollupKind::Port, stats::port_key(6, 443))};
  std::vector<RollupRow> rows;
  uint64_t n = 1;
  for (uint32_t day = 0; day < 3; ++day)
    for (uint32_t m = 0; m < 5; ++m)
      for (const auto& e : entities) {
        ++n;
        rows.push_back({e, kNov14 + day * 86400 + m * 60, {n, n * 1000 + 1, n * 2, (uint64_t{1} << 40) + n}});
      }
  rows.push_back({entities[0], kNov14 + 60, {1, 1, 1, 1}});
  return rows;
}

TEST_F(ClickHouseRollupsTest, AnswersEqualTheSqliteStoresForTheSameRows) {
  auto ch = make_store();
  netmeter::test::TempDir dir("netmeter-rollups-ch");
  auto lite = SqliteHistoryStore::open(dir.path() / "history.db");
  auto rows = sample_rows();
  ch->insert_rollups(rows);
  lite->insert_rollups(rows);
  size_t compared = 0;
  for (const auto& r : rows) {
    RollupRange range{r.entity, kNov14 + 30, kNov14 + 86400 + 180};
    auto a = ch->read_rollups(range);
    auto b = lite->read_rollups(range);
    ASSERT_EQ(a.size(), b.size());
    ASSERT_EQ(a.size(), 7u);  // minutes 1..4 of day 0 (minute 0 starts before the range), 0..2 of day 1
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].minute, b[i].minute);
      EXPECT_EQ(a[i].traffic, b[i].traffic);
      ++compared;
    }
  }
  EXPECT_GT(compared, 0u);
  // A whole kind of a slot: the same rows from both, by id then minute.
  RollupKindRange kind{1, RollupKind::Application, kNov14 + 30, kNov14 + 86400 + 180};
  auto a = ch->read_rollup_kind(kind);
  auto b = lite->read_rollup_kind(kind);
  ASSERT_EQ(a.size(), 14u);  // two applications, seven minutes each
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id) << i;
    EXPECT_EQ(a[i].minute, b[i].minute) << i;
    EXPECT_EQ(a[i].traffic, b[i].traffic) << i;
  }
  EXPECT_EQ(a.front().id, stats::app_key(0, 7));
  // Every entity's sum over the range, hosts (by address) and the other kinds (by id).
  for (RollupKind k : {RollupKind::Host, RollupKind::Application, RollupKind::Interface}) {
    RollupKindRange totals{1, k, kNov14 + 30, kNov14 + 86400 + 180};
    auto x = ch->read_rollup_totals(totals);
    auto y = lite->read_rollup_totals(totals);
    ASSERT_EQ(x.size(), y.size());
    ASSERT_EQ(x.size(), k == RollupKind::Host ? 3u : k == RollupKind::Application ? 2u : 1u);
    for (size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].id, y[i].id) << i;
      EXPECT_EQ(x[i].vlan, y[i].vlan) << i;
      EXPECT_EQ(x[i].address, y[i].address) << i;
      EXPECT_EQ(x[i].traffic, y[i].traffic) << i;
    }
  }
  auto hosts = ch->read_rollup_totals({1, RollupKind::Host, kNov14 + 60, kNov14 + 120});
  ASSERT_EQ(hosts.size(), 3u);
  EXPECT_EQ(hosts[0].address, host("10.0.0.1").address);
  EXPECT_EQ(hosts[0].traffic.rx_packets, 11u);  // the minute's two rows summed
  EXPECT_EQ(hosts[1].address, host("2001:db8::ff").address);
  EXPECT_EQ(hosts[2].vlan, 7);
  auto late = ch->read_rollups({host("10.0.0.1"), kNov14 + 60, kNov14 + 120});
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].traffic.rx_packets, 11u);  // 10 (its first row) + 1 (the late one)
}

TEST_F(ClickHouseRollupsTest, RetentionDropsWholeOldDays) {
  auto ch = make_store();
  ch->insert_rollups(sample_rows());
  EXPECT_EQ(ch->enforce_rollup_retention(0, kNov14 + 10 * 86400), 0u);
  // One day kept before the third day's noon: the first day goes, the second (partly younger) stays.
  EXPECT_EQ(ch->enforce_rollup_retention(1, kNov14 + 2 * 86400 + 43200), 41u);
  EXPECT_TRUE(ch->read_rollups({host("10.0.0.1"), 0, kNov14 + 86400}).empty());
  EXPECT_EQ(ch->read_rollups({host("10.0.0.1"), 0, kNov14 + 3 * 86400}).size(), 10u);
}

}  // namespace
}  // namespace netmeter::history::clickhouse
