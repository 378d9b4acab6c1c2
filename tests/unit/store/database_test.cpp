#include "store/database.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <thread>
#include <vector>

#include "store/migrations.hpp"
#include "temp_dir.hpp"

namespace netmeter::store {
namespace {

std::string pragma_text(Database& db, const char* sql) {
  auto conn = db.lock();
  auto stmt = conn.prepare(sql);
  EXPECT_TRUE(stmt.has_value());
  auto row = stmt->step();
  EXPECT_TRUE(row.has_value() && *row);
  return stmt->column_text(0);
}

TEST(Database, CreatesFileWithOwnerOnlyMode) {
  test::TempDir dir;
  auto db = Database::open(dir.path() / "data");
  ASSERT_TRUE(db.has_value()) << db.error().message;
  struct stat st {};
  ASSERT_EQ(::stat((dir.path() / "data" / "netmeter.db").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(Database, NarrowsModeOfExistingFile) {
  test::TempDir dir;
  { ASSERT_TRUE(Database::open(dir.path()).has_value()); }
  ::chmod((dir.path() / "netmeter.db").c_str(), 0644);
  ASSERT_TRUE(Database::open(dir.path()).has_value());
  struct stat st {};
  ASSERT_EQ(::stat((dir.path() / "netmeter.db").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(Database, WalSynchronousFullAndForeignKeys) {
  test::TempDir dir;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db.has_value()) << db.error().message;
  EXPECT_EQ(pragma_text(**db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(pragma_text(**db, "PRAGMA synchronous"), "2");  // FULL
  EXPECT_EQ(pragma_text(**db, "PRAGMA foreign_keys"), "1");
  EXPECT_EQ(pragma_text(**db, "PRAGMA busy_timeout"), "5000");
}

TEST(Database, RecordsSchemaVersionAndKeepsItOnReopen) {
  test::TempDir dir;
  for (int i = 0; i < 2; ++i) {
    auto db = Database::open(dir.path());
    ASSERT_TRUE(db.has_value()) << db.error().message;
    auto conn = (*db)->lock();
    auto version = schema_version(conn);
    ASSERT_TRUE(version.has_value());
    EXPECT_EQ(*version, latest_schema_version());
    auto count = conn.prepare("SELECT count(*) FROM schema_version");
    ASSERT_TRUE(count.has_value());
    ASSERT_TRUE(*count->step());
    EXPECT_EQ(count->column_int64(0), 1);
  }
}

TEST(Database, RefusesNewerSchema) {
  test::TempDir dir;
  {
    auto db = Database::open(dir.path());
    ASSERT_TRUE(db.has_value());
    auto conn = (*db)->lock();
    ASSERT_TRUE(conn.exec("UPDATE schema_version SET version = 999").has_value());
  }
  auto db = Database::open(dir.path());
  ASSERT_FALSE(db.has_value());
  EXPECT_NE(db.error().message.find("newer"), std::string::npos);
}

TEST(Database, StatementBindsAndReadsEveryType) {
  test::TempDir dir;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db.has_value());
  auto conn = (*db)->lock();
  ASSERT_TRUE(conn.exec("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n INTEGER)").has_value());
  const std::vector<uint8_t> blob{0, 1, 2, 255};
  {
    auto insert = conn.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
    ASSERT_TRUE(insert.has_value());
    const std::string text("a\0b", 3);  // embedded NUL survives
    ASSERT_TRUE(
        insert->bind(1, int64_t{-42}).bind(2, text).bind_blob(3, blob).bind_null(4).run().has_value());
  }
  auto select = conn.prepare("SELECT i, s, b, n FROM t");
  ASSERT_TRUE(select.has_value());
  auto row = select->step();
  ASSERT_TRUE(row.has_value() && *row);
  EXPECT_EQ(select->column_int64(0), -42);
  EXPECT_EQ(select->column_text(1), std::string("a\0b", 3));
  EXPECT_EQ(select->column_blob(2), blob);
  EXPECT_TRUE(select->column_is_null(3));
  EXPECT_EQ(select->column_optional_int64(3), std::nullopt);
  EXPECT_FALSE(*select->step());
}

TEST(Database, PrepareErrorIsReturned) {
  test::TempDir dir;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db.has_value());
  auto conn = (*db)->lock();
  auto stmt = conn.prepare("SELECT * FROM no_such_table");
  ASSERT_FALSE(stmt.has_value());
  EXPECT_NE(stmt.error().message.find("no_such_table"), std::string::npos);
}

TEST(Database, BindErrorIsReportedByStep) {
  test::TempDir dir;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db.has_value());
  auto conn = (*db)->lock();
  auto stmt = conn.prepare("SELECT ?");
  ASSERT_TRUE(stmt.has_value());
  stmt->bind(7, int64_t{1});  // out of range
  EXPECT_FALSE(stmt->step().has_value());
}

TEST(Database, TransactionRollsBackUnlessCommitted) {
  test::TempDir dir;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db.has_value());
  auto conn = (*db)->lock();
  ASSERT_TRUE(conn.exec("CREATE TABLE t (v INTEGER)").has_value());
  {
    auto tx = conn.begin();
    ASSERT_TRUE(tx.has_value());
    ASSERT_TRUE(conn.exec("INSERT INTO t VALUES (1)").has_value());
  }  // dropped: rolled back
  {
    auto tx = conn.begin();
    ASSERT_TRUE(tx.has_value());
    ASSERT_TRUE(conn.exec("INSERT INTO t VALUES (2)").has_value());
    ASSERT_TRUE(tx->commit().has_value());
  }
  auto stmt = conn.prepare("SELECT group_concat(v) FROM t");
  ASSERT_TRUE(stmt.has_value());
  ASSERT_TRUE(*stmt->step());
  EXPECT_EQ(stmt->column_text(0), "2");
}

TEST(Database, ConcurrentWritersAreSerialized) {
  test::TempDir dir;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db.has_value());
  { ASSERT_TRUE((*db)->lock().exec("CREATE TABLE t (v INTEGER)").has_value()); }
  constexpr int kThreads = 4;
  constexpr int kRows = 20;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&db] {
      for (int i = 0; i < kRows; ++i) {
        auto conn = (*db)->lock();
        auto stmt = conn.prepare("INSERT INTO t VALUES (?)");
        ASSERT_TRUE(stmt.has_value());
        ASSERT_TRUE(stmt->bind(1, int64_t{i}).run().has_value());
      }
    });
  }
  for (auto& t : threads)
    t.join();
  auto conn = (*db)->lock();
  auto stmt = conn.prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(stmt.has_value());
  ASSERT_TRUE(*stmt->step());
  EXPECT_EQ(stmt->column_int64(0), kThreads * kRows);
}

}  // namespace
}  // namespace netmeter::store
