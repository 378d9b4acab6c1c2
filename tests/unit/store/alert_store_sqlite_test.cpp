// The past-alert store's suite (alert_store_suite.hpp) against SQLite: SqliteAlertStore on a database
// of its own per test.
#include <random>
#include <span>
#include <vector>

#include "alert_store_suite.hpp"
#include "store/database.hpp"
#include "store/sqlite_alert_store.hpp"
#include "temp_dir.hpp"

namespace netmeter::store {
namespace {

class SqliteBackend {
 public:
  SqliteBackend() {
    auto opened = Database::open(dir_.path());
    if (!opened) {
      why_ = opened.error().message;
      return;
    }
    db_ = std::move(*opened);
    store_ = std::make_unique<SqliteAlertStore>(*db_);
  }
  AlertStore* store() { return store_.get(); }
  const std::string& skip_reason() const { return why_; }

 private:
  test::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqliteAlertStore> store_;
  std::string why_;
};

// Migration 10 replaced alert_counts' insert trigger by counting in AlertRepository::insert. A store that
// version 9 wrote (its counts right, the trigger in place) keeps its counts, and alerts written after the
// upgrade are counted once: with the trigger left, they would count twice.
TEST(SqliteAlertCounts, AStoreOfVersion9KeepsItsCountsAndCountsNewAlertsOnce) {
  test::TempDir dir;
  std::mt19937 rng(5);
  std::vector<AlertRecord> rows;
  for (int i = 0; i < 200; ++i)
    rows.push_back(suite::random_alert(rng));
  std::span<AlertRecord> before(rows.data(), 100), after(rows.data() + 100, 100);
  {
    auto db = Database::open(dir.path());
    ASSERT_TRUE(db.has_value()) << db.error().message;
    SqliteAlertStore store(**db);
    ASSERT_TRUE(store.insert(before).has_value());
    auto conn = (*db)->lock();
    ASSERT_TRUE(conn.exec(R"sql(
CREATE TRIGGER alerts_count_insert AFTER INSERT ON alerts BEGIN
  INSERT INTO alert_counts VALUES (new.ifid, new.entity, (new.tstamp - (new.tstamp % 3600 + 3600) % 3600) / 3600,
    new.alert_id, new.severity, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
UPDATE schema_version SET version = 9;
)sql")
                    .has_value());
  }
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db.has_value()) << db.error().message;
  SqliteAlertStore store(**db);
  ASSERT_TRUE(store.insert(after).has_value());
  for (const AlertFilter& f : suite::filters())
    EXPECT_EQ(*store.count(f),
              static_cast<int64_t>(suite::expected_ids(rows, f, suite::C::Time, true).size()));
}

}  // namespace

namespace suite {
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, AlertStoreSuite, ::testing::Types<SqliteBackend>);
}  // namespace suite

}  // namespace netmeter::store
