// The SQLite store's per-minute series (history/sqlite/sqlite_rollups.cpp) on a real database file.
#include <gtest/gtest.h>

#include <array>

#include "history/rollup_entity.hpp"
#include "history/sqlite/sqlite_history_store.hpp"
#include "history_test_support.hpp"
#include "stats/shard_delta.hpp"
#include "temp_dir.hpp"

namespace netmeter::history::test {
namespace {

constexpr uint32_t kT = 1'700'000'040;  // a multiple of 60

RollupEntity host(const std::string& address, uint16_t vlan = 0, uint16_t ifid = 1) {
  return host_entity(ifid, stats::HostKey{ip(address), vlan});
}

RollupRow row(const RollupEntity& e, uint32_t minute, uint64_t bytes) {
  return {e, minute, {bytes / 100, bytes, bytes / 200, bytes / 2}};
}

class RollupStoreTest : public ::testing::Test {
 protected:
  std::vector<RollupPoint> read(const RollupEntity& e, uint32_t start, uint32_t end) {
    return store->read_rollups({e, start, end});
  }
  netmeter::test::TempDir dir{"netmeter-rollups"};
  std::unique_ptr<SqliteHistoryStore> store = SqliteHistoryStore::open(dir.path() / "history.db");
};

TEST_F(RollupStoreTest, AnEntityReadsItsMinutesInARangeOldestFirst) {
  auto a = host("10.0.0.1");
  std::vector<RollupRow> rows{row(a, kT + 120, 300), row(a, kT, 100), row(a, kT + 60, 200),
                              row(host("10.0.0.2"), kT, 999)};
  store->insert_rollups(rows);
  auto got = read(a, kT, kT + 120);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].minute, kT);
  EXPECT_EQ(got[0].traffic, (stats::Traffic{1, 100, 0, 50}));
  EXPECT_EQ(got[1].minute, kT + 60);
  EXPECT_EQ(got[1].traffic.rx_bytes, 200u);
  EXPECT_EQ(read(a, kT + 120, kT + 180).size(), 1u);
  EXPECT_TRUE(read(a, kT + 180, kT + 600).empty());
}

TEST_F(RollupStoreTest, EntitiesAreKeptApartBySlotKindVlanAndId) {
  store->insert_rollups(
      std::vector<RollupRow>{row(host("10.0.0.1", 0, 1), kT, 100), row(host("10.0.0.1", 7, 1), kT, 200),
                             row(host("10.0.0.1", 0, 2), kT, 300),
                             row(module_entity(1, RollupKind::Port, stats::port_key(6, 80)), kT, 400),
                             row(module_entity(1, RollupKind::Port, stats::port_key(17, 80)), kT, 500),
                             row(module_entity(1, RollupKind::Interface, 0), kT, 600)});
  auto bytes = [&](const RollupEntity& e) {
    auto p = read(e, kT, kT + 60);
    return p.size() == 1 ? p[0].traffic.rx_bytes : 0;
  };
  EXPECT_EQ(bytes(host("10.0.0.1", 0, 1)), 100u);
  EXPECT_EQ(bytes(host("10.0.0.1", 7, 1)), 200u);
  EXPECT_EQ(bytes(host("10.0.0.1", 0, 2)), 300u);
  EXPECT_EQ(bytes(module_entity(1, RollupKind::Port, stats::port_key(6, 80))), 400u);
  EXPECT_EQ(bytes(module_entity(1, RollupKind::Port, stats::port_key(17, 80))), 500u);
  EXPECT_EQ(bytes(module_entity(1, RollupKind::Interface, 0)), 600u);
}

TEST_F(RollupStoreTest, AKindReadsEveryEntityOfItsSlotByIdThenMinute) {
  auto app = [](uint16_t ifid, uint64_t id) { return module_entity(ifid, RollupKind::Application, id); };
  store->insert_rollups(
      std::vector<RollupRow>{row(app(1, 9), kT + 60, 100), row(app(1, 5), kT + 60, 200),
                             row(app(1, 9), kT, 300), row(app(1, 5), kT + 600, 400),   // after the range
                             row(app(2, 5), kT, 500),                                  // another slot
                             row(module_entity(1, RollupKind::Category, 5), kT, 600),  // another kind
                             row(host("10.0.0.1"), kT, 700)});
  auto got = store->read_rollup_kind({1, RollupKind::Application, kT, kT + 120});
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ((std::array{got[0].id, uint64_t{got[0].minute}, got[0].traffic.rx_bytes}),
            (std::array<uint64_t, 3>{5, kT + 60, 200}));
  EXPECT_EQ((std::array{got[1].id, uint64_t{got[1].minute}, got[1].traffic.rx_bytes}),
            (std::array<uint64_t, 3>{9, kT, 300}));
  EXPECT_EQ((std::array{got[2].id, uint64_t{got[2].minute}, got[2].traffic.rx_bytes}),
            (std::array<uint64_t, 3>{9, kT + 60, 100}));
  EXPECT_EQ(store->read_rollup_kind({1, RollupKind::Category, kT, kT + 60}).size(), 1u);
  EXPECT_TRUE(store->read_rollup_kind({3, RollupKind::Application, kT, kT + 120}).empty());
}

TEST_F(RollupStoreTest, TotalsSumEveryEntityOfAKindOverTheRangeHostsIncluded) {
  auto a = host("10.0.0.1"), a7 = host("10.0.0.1", 7), b = host("2001:db8::1");
  store->insert_rollups(std::vector<RollupRow>{
      row(a, kT, 100), row(a, kT + 60, 200), row(a, kT + 120, 5000),   // the last minute after the range
      row(a7, kT + 60, 300), row(b, kT - 60, 7000),                    // b: only before the range
      row(b, kT + 60, 400), row(host("10.0.0.1", 0, 2), kT, 9000),     // another slot
      row(module_entity(1, RollupKind::Application, 5), kT, 8000)});   // another kind
  store->insert_rollups(std::vector<RollupRow>{row(a, kT + 60, 50)});  // a late row of a stored minute
  auto got = store->read_rollup_totals({1, RollupKind::Host, kT, kT + 120});
  ASSERT_EQ(got.size(), 3u);
  // By id (0 for hosts), vlan, address: ::ffff:10.0.0.1 sorts before 2001:db8::1, VLAN 7 last.
  EXPECT_EQ(got[0].address, a.address);
  EXPECT_EQ(got[0].vlan, 0);
  EXPECT_EQ(got[0].traffic, (stats::Traffic{1 + 2, 350, 0 + 1, 175}));
  EXPECT_EQ(got[1].address, b.address);
  EXPECT_EQ(got[1].traffic.rx_bytes, 400u);
  EXPECT_EQ(got[2].address, a7.address);
  EXPECT_EQ(got[2].vlan, 7);
  EXPECT_EQ(got[2].traffic.rx_bytes, 300u);
  // Other kinds by id, address zero.
  auto apps = store->read_rollup_totals({1, RollupKind::Application, kT, kT + 60});
  ASSERT_EQ(apps.size(), 1u);
  EXPECT_EQ(apps[0].id, 5u);
  EXPECT_EQ(apps[0].traffic.rx_bytes, 8000u);
  EXPECT_EQ(apps[0].address, (std::array<uint8_t, 16>{}));
  EXPECT_TRUE(store->read_rollup_totals({1, RollupKind::Host, kT + 180, kT + 600}).empty());
}

TEST(RollupEntity, AStoredHostAddressNamesItsHostAgain) {
  for (const char* text : {"10.0.0.1", "2001:db8::1", "::1"}) {
    const stats::HostKey key{ip(text), 7};
    const RollupEntity e = host_entity(1, key);
    EXPECT_EQ(host_key(e.address, e.vlan), key) << text;
  }
  EXPECT_TRUE(host_key(host_entity(1, stats::HostKey{ip("192.168.1.2"), 0}).address, 0).ip.is_v4());
}

TEST_F(RollupStoreTest, ALateRowOfAStoredMinuteAddsToIt) {
  auto a = host("2001:db8::1");
  store->insert_rollups(std::vector<RollupRow>{row(a, kT, 1000)});
  store->insert_rollups(std::vector<RollupRow>{row(a, kT, 400)});
  auto got = read(a, kT, kT + 60);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].traffic, (stats::Traffic{14, 1400, 7, 700}));
}

TEST_F(RollupStoreTest, RetentionDeletesMinutesOlderThanItsDays) {
  auto a = host("10.0.0.1");
  const uint32_t day = 86400;
  std::vector<RollupRow> rows;
  for (uint32_t d = 0; d < 5; ++d)
    rows.push_back(row(a, kT + d * day, 100 + d));
  store->insert_rollups(rows);
  EXPECT_EQ(store->enforce_rollup_retention(0, kT + 10 * day), 0u);  // 0 days: kept
  // Three days before kT + 4 days + 60 s: the minutes of days 0 and 1 go (day 1 is older by 60 s).
  EXPECT_EQ(store->enforce_rollup_retention(3, kT + 4 * day + 60), 2u);
  auto left = read(a, 0, kT + 10 * day);
  ASSERT_EQ(left.size(), 3u);
  EXPECT_EQ(left[0].minute, kT + 2 * day);
}

TEST_F(RollupStoreTest, TheSeriesSurviveReopeningTheFile) {
  auto a = host("10.0.0.1");
  store->insert_rollups(std::vector<RollupRow>{row(a, kT, 100)});
  store.reset();
  store = SqliteHistoryStore::open(dir.path() / "history.db");
  ASSERT_EQ(read(a, kT, kT + 60).size(), 1u);
}

}  // namespace
}  // namespace netmeter::history::test
