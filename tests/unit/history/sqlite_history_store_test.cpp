#include "history/sqlite/sqlite_history_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <thread>

#include "history/flow_columns.hpp"
#include "history_test_support.hpp"
#include "temp_dir.hpp"

namespace netmeter::history::test {
namespace {

using T = ColumnType;

class SqliteStoreTest : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return dir.path() / "history.db"; }
  std::vector<FlowRecord> rows(uint64_t first_id, size_t n, uint32_t last_seen) {
    std::vector<FlowRecord> out;
    for (size_t i = 0; i < n; ++i)
      out.push_back(record(first_id + i, 0x0a000001 + static_cast<uint32_t>(i % 7), last_seen, 1000 + i));
    return out;
  }
  uint64_t count(SqliteHistoryStore& s) {
    auto t = s.execute(query("SELECT count(*) FROM flows", {}, {"n"}, {T::UInt64}));
    return number(t.rows.at(0).at(0));
  }

  netmeter::test::TempDir dir{"netmeter-history"};
};

TEST_F(SqliteStoreTest, SchemaHasEveryFlowColumnInOrder) {
  auto store = SqliteHistoryStore::open(file());
  auto t = store->execute(query("SELECT name, type FROM pragma_table_info('flows') ORDER BY cid", {},
                                {"name", "type"}, {T::String, T::String}));
  auto columns = flow_columns();
  ASSERT_EQ(t.rows.size(), columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    EXPECT_EQ(std::get<std::string>(t.rows[i][0]), columns[i].name);
    std::string type = std::get<std::string>(t.rows[i][1]);
    EXPECT_EQ(type, columns[i].type == T::Ipv6 ? "BLOB" : columns[i].type == T::String ? "TEXT" : "INTEGER");
  }
  store->insert(rows(1, 1, 1000));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "history.db-wal"));  // WAL mode
}

TEST_F(SqliteStoreTest, InsertedFlowsComeBackTypedThroughBoundParameters) {
  auto store = SqliteHistoryStore::open(file());
  FlowRecord v6 = record(7, 0, 1000, 5000);
  v6.ip_version = 6;
  v6.ipv6_src = ip("2001:db8::1").bytes();
  v6.flow_risk = uint64_t{1} << 63;  // a UInt64 beyond int64 keeps its bits
  v6.info = "x'); DROP TABLE flows; --";
  std::vector<FlowRecord> batch = rows(1, 3, 1000);
  batch.push_back(v6);
  store->insert(batch);

  auto t =
      store->execute(query("SELECT FLOW_ID, IPV6_SRC_ADDR, FLOW_RISK, INFO, TOTAL_BYTES, PACKETS FROM flows "
                           "WHERE IPV6_SRC_ADDR = ?",
                           {v6.ipv6_src}, {"id", "src", "risk", "info", "bytes", "packets"},
                           {T::UInt64, T::Ipv6, T::UInt64, T::String, T::UInt64, T::UInt64}));
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(number(t.rows[0][0]), 7u);
  EXPECT_EQ((std::get<std::array<uint8_t, 16>>(t.rows[0][1])), v6.ipv6_src);
  EXPECT_EQ(number(t.rows[0][2]), uint64_t{1} << 63);
  EXPECT_EQ(std::get<std::string>(t.rows[0][3]), v6.info);
  EXPECT_EQ(number(t.rows[0][4]), v6.total_bytes());
  EXPECT_EQ(number(t.rows[0][5]), v6.packets());
  EXPECT_EQ(count(*store), 4u);  // the text was a value, not SQL

  auto avg = store->execute(query("SELECT avg(SRC2DST_BYTES) FROM flows WHERE IP_PROTOCOL_VERSION = ?",
                                  {uint64_t{4}}, {"avg"}, {T::UInt64}));
  EXPECT_DOUBLE_EQ(std::get<double>(avg.rows.at(0).at(0)), 1001.0);
}

TEST_F(SqliteStoreTest, QueriesThatWriteOrMismatchAreRefused) {
  auto store = SqliteHistoryStore::open(file());
  store->insert(rows(1, 2, 1000));
  EXPECT_THROW(store->execute(query("DELETE FROM flows", {}, {}, {})), HistoryError);
  EXPECT_THROW(store->execute(query("SELECT 1; DELETE FROM flows", {}, {"x"}, {T::UInt64})), HistoryError);
  EXPECT_THROW(store->execute(query("SELECT FLOW_ID FROM flows WHERE FLOW_ID = ?", {}, {"x"}, {T::UInt64})),
               HistoryError);
  EXPECT_THROW(store->execute(query("SELECT FLOW_ID, INFO FROM flows", {}, {"x"}, {T::UInt64})),
               HistoryError);
  EXPECT_THROW(store->execute(query("SELECT NO_SUCH_COLUMN FROM flows", {}, {"x"}, {T::UInt64})),
               HistoryError);
  EXPECT_EQ(count(*store), 2u);
}

TEST_F(SqliteStoreTest, ReopenedStoreKeepsItsFlows) {
  SqliteHistoryStore::open(file())->insert(rows(1, 5, 1000));
  auto again = SqliteHistoryStore::open(file());
  EXPECT_EQ(again->flow_count(), 5u);
  again->insert(rows(6, 1, 1001));
  EXPECT_EQ(count(*again), 6u);
}

/// The rows of a statement on a raw connection to `file`, columns joined by '|'.
std::vector<std::string> raw_rows(const std::filesystem::path& file, const char* sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  std::vector<std::string> out;
  auto collect = [](void* rows, int n, char** values, char**) {
    std::string row;
    for (int i = 0; i < n; ++i)
      row += std::string(i ? "|" : "") + (values[i] ? values[i] : "NULL");
    static_cast<std::vector<std::string>*>(rows)->push_back(row);
    return 0;
  };
  EXPECT_EQ(sqlite3_exec(db, sql, collect, &out, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
  return out;
}

// Schema version 1 had FIRST_SEEN and three LAST_SEEN-first indexes; opening such a file keeps its flows,
// replaces them by flows_window and flows_src_time, and says the current version.
TEST_F(SqliteStoreTest, VersionOneFileIsMigrated) {
  SqliteHistoryStore::open(file())->insert(rows(1, 50, 1000));
  raw_rows(file(),
           "DROP INDEX flows_src_time; DROP INDEX flows_window; "
           "CREATE INDEX flows_first_seen ON flows(FIRST_SEEN); "
           "CREATE INDEX flows_time_src ON flows(LAST_SEEN, IPV4_SRC_ADDR, TOTAL_BYTES); "
           "CREATE INDEX flows_time_dst ON flows(LAST_SEEN, IPV4_DST_ADDR, TOTAL_BYTES); "
           "CREATE INDEX flows_time_l7 ON flows(LAST_SEEN, L7_PROTO, TOTAL_BYTES); PRAGMA user_version=1");
  auto store = SqliteHistoryStore::open(file());
  EXPECT_EQ(count(*store), 50u);
  const auto indexes = raw_rows(
      file(), "SELECT name FROM sqlite_schema WHERE type='index' AND tbl_name='flows' ORDER BY name");
  EXPECT_EQ(indexes, (std::vector<std::string>{"flows_src_time", "flows_window"}));
  EXPECT_EQ(raw_rows(file(), "PRAGMA user_version"), std::vector<std::string>{"3"});
}

// A slot numbers its flows on from what the store holds of it: the highest number (the low 48 bits of
// the id, whichever worker's) plus one, per slot; 1 for a slot without flows; kept across a reopen.
TEST_F(SqliteStoreTest, NextFlowNumberFollowsEachSlotsStoredFlows) {
  auto store = SqliteHistoryStore::open(file());
  EXPECT_EQ(store->next_flow_number(0), 1u);
  auto batch = rows(1, 10, 1000);               // slot 0, numbers 1..10
  batch[3].flow_id = (uint64_t{1} << 48) + 40;  // worker 1's 40th flow
  batch[4].interface_id = 3;
  batch[4].flow_id = 7;
  store->insert(batch);
  EXPECT_EQ(store->next_flow_number(0), 41u);
  EXPECT_EQ(store->next_flow_number(3), 8u);
  EXPECT_EQ(store->next_flow_number(2), 1u);
  store->insert(rows(5, 2, 1001));  // lower numbers never lower it
  EXPECT_EQ(store->next_flow_number(0), 41u);
  store.reset();
  EXPECT_EQ(SqliteHistoryStore::open(file())->next_flow_number(0), 41u);
}

// A version 2 file has no flow_numbers: opening it fills them from its flows once.
TEST_F(SqliteStoreTest, VersionTwoFileGetsItsFlowNumbers) {
  auto batch = rows(1, 20, 1000);
  batch[0].interface_id = 5;
  batch[0].flow_id = 99;
  SqliteHistoryStore::open(file())->insert(batch);
  raw_rows(file(), "DROP TABLE flow_numbers; PRAGMA user_version=2");
  auto store = SqliteHistoryStore::open(file());
  EXPECT_EQ(store->next_flow_number(0), 21u);
  EXPECT_EQ(store->next_flow_number(5), 100u);
}

// A new file gets 32 KiB pages; a file an earlier version made with SQLite's 4 KiB keeps them (changing
// needs a VACUUM out of WAL mode) and goes on storing and answering.
TEST_F(SqliteStoreTest, NewFilesHave32KiBPagesAndOlderFilesKeepTheirs) {
  SqliteHistoryStore::open(file())->insert(rows(1, 10, 1000));
  EXPECT_EQ(raw_rows(file(), "PRAGMA page_size"), std::vector<std::string>{"32768"});

  const auto old_file = dir.path() / "old.db";
  raw_rows(old_file, "PRAGMA page_size=4096; PRAGMA journal_mode=WAL; CREATE TABLE t(x)");
  auto store = SqliteHistoryStore::open(old_file);
  store->insert(rows(1, 3000, 1000));
  store->insert(rows(3001, 10, 1001));
  EXPECT_EQ(count(*store), 3010u);
  store.reset();
  EXPECT_EQ(raw_rows(old_file, "PRAGMA page_size"), std::vector<std::string>{"4096"});
  EXPECT_EQ(raw_rows(old_file, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
}

// The WAL is checkpointed every 8000 pages (256 MiB), or every eighth of a size bound: a store bounded to
// 16 MiB keeps its WAL file to a few MiB where an unbounded one lets it grow.
TEST_F(SqliteStoreTest, ASizeBoundAlsoBoundsTheWal) {
  auto wal_after_inserts = [&](const std::filesystem::path& f, uint64_t max_bytes) {
    auto store = SqliteHistoryStore::open(f, max_bytes);
    for (uint64_t b = 0; b < 40; ++b)
      store->insert(rows(b * 2000, 2000, 1000 + static_cast<uint32_t>(b)));
    return std::filesystem::file_size(f.string() + "-wal");
  };
  const uint64_t unbounded = wal_after_inserts(dir.path() / "unbounded.db", 0);
  const uint64_t bounded = wal_after_inserts(dir.path() / "bounded.db", 16u << 20);
  EXPECT_GT(unbounded, 8u << 20) << unbounded;
  EXPECT_LT(bounded, 6u << 20) << bounded;
}

// Once the store has statistics (it analyses after its first 10 000 rows), the top talkers of a window,
// as the renderer writes them, read flows_src_time alone (groups in order, no table row, no sorter for
// the GROUP BY).
TEST_F(SqliteStoreTest, TopTalkersOfAWindowReadTheSourceIndexOnly) {
  auto store = SqliteHistoryStore::open(file());
  store->insert(rows(1, 12000, 1000));
  const auto plan =
      raw_rows(file(),
               "EXPLAIN QUERY PLAN SELECT IPV4_SRC_ADDR, SUM(TOTAL_BYTES) AS b FROM flows WHERE "
               "FIRST_SEEN >= 900 AND FIRST_SEEN <= 2000 AND LAST_SEEN <= 2000 AND "
               "INTERFACE_ID = 0 GROUP BY IPV4_SRC_ADDR ORDER BY b DESC LIMIT 10");
  std::string text;
  for (const auto& row : plan)
    text += row + "\n";
  EXPECT_NE(text.find("COVERING INDEX flows_src_time"), std::string::npos) << text;
  EXPECT_EQ(text.find("TEMP B-TREE FOR GROUP BY"), std::string::npos) << text;
}

TEST_F(SqliteStoreTest, RetentionByDaysDeletesOnlyOlderFlows) {
  auto store = SqliteHistoryStore::open(file());
  const uint32_t day = 86400, now = 100 * day;
  store->insert(rows(1, 30, now - 3 * day));  // too old for 2 days
  store->insert(rows(100, 20, now - day));
  store->insert(rows(200, 10, now));
  EXPECT_EQ(store->enforce_retention(Retention{5, 0}, now), 0u);
  EXPECT_EQ(store->enforce_retention(Retention{2, 0}, now), 30u);
  EXPECT_EQ(count(*store), 30u);
  auto oldest = store->execute(query("SELECT min(LAST_SEEN) FROM flows", {}, {"t"}, {T::DateTime}));
  EXPECT_EQ(number(oldest.rows.at(0).at(0)), now - day);
}

TEST_F(SqliteStoreTest, RetentionBySizeDeletesOldestFirstUntilItFits) {
  auto store = SqliteHistoryStore::open(file());
  for (uint32_t t = 0; t < 20; ++t)
    store->insert(rows(uint64_t{t} * 1000, 1000, 1000 + t));
  uint64_t before = store->used_bytes();
  uint64_t bound = before / 2;
  uint64_t deleted = store->enforce_retention(Retention{0, bound}, 2000);
  EXPECT_GT(deleted, 0u);
  EXPECT_LE(store->used_bytes(), bound);
  EXPECT_EQ(store->flow_count(), 20000u - deleted);
  // Oldest first: whatever remains is newer than anything deleted.
  auto t = store->execute(query("SELECT min(LAST_SEEN), count(*) FROM flows WHERE LAST_SEEN = 1019", {},
                                {"t", "n"}, {T::DateTime, T::UInt64}));
  EXPECT_EQ(number(t.rows.at(0).at(1)), 1000u);
  uint64_t kept_before_newest = number(
      store->execute(query("SELECT count(*) FROM flows WHERE LAST_SEEN < 1010", {}, {"n"}, {T::UInt64}))
          .rows.at(0)
          .at(0));
  EXPECT_LT(kept_before_newest, 10000u);
  // The file gave the freed pages back.
  EXPECT_LE(std::filesystem::file_size(file()), before);
}

TEST_F(SqliteStoreTest, ReadersSeeWholeBatchesWhileTheWriterWrites) {
  auto store = SqliteHistoryStore::open(file());
  constexpr size_t kBatch = 500, kBatches = 40;
  std::thread writer([&] {
    for (size_t b = 0; b < kBatches; ++b)
      store->insert(rows(b * kBatch, kBatch, 1000));
  });
  uint64_t last = 0;
  for (int i = 0; i < 200; ++i) {
    uint64_t n = count(*store);
    EXPECT_EQ(n % kBatch, 0u) << "a reader saw part of a batch";
    EXPECT_GE(n, last);
    last = n;
  }
  writer.join();
  EXPECT_EQ(count(*store), kBatch * kBatches);
}

}  // namespace
}  // namespace netmeter::history::test
