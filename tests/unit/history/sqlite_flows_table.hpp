#pragma once

// A real in-memory SQLite `flows` table made from flow_columns(), as the clause tests run it: INTEGER for
// numbers, addresses and times, BLOB for IPv6 addresses, TEXT for text.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "history/flow_columns.hpp"
#include "history/query_types.hpp"

namespace netmeter::history::query::test {

using Row = std::vector<Value>;

class FlowsTable {
 public:
  FlowsTable() {
    EXPECT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    std::string ddl = "CREATE TABLE flows (";
    for (const ColumnInfo& c : flow_columns()) {
      if (ddl.back() != '(') ddl += ", ";
      ddl += "\"" + std::string(c.name) + "\" " + sql_type(c.type) + " NOT NULL";
    }
    exec(ddl + ")");
  }
  ~FlowsTable() { sqlite3_close(db_); }
  FlowsTable(const FlowsTable&) = delete;
  FlowsTable& operator=(const FlowsTable&) = delete;

  void exec(const std::string& sql) {
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
    sqlite3_free(error);
  }

  /// One flow: every column zero or empty but those named.
  void insert(const std::map<std::string, Value>& fields) {
    std::string sql = "INSERT INTO flows VALUES (";
    std::vector<Value> values;
    for (const ColumnInfo& c : flow_columns()) {
      sql += values.empty() ? "?" : ", ?";
      auto it = fields.find(std::string(c.name));
      if (it != fields.end())
        values.push_back(it->second);
      else if (c.type == ColumnType::String)
        values.emplace_back(std::string());
      else if (c.type == ColumnType::Ipv6)
        values.emplace_back(std::array<uint8_t, 16>{});
      else
        values.emplace_back(uint64_t{0});
    }
    run(sql + ")", values);
  }

  std::vector<Row> query(const RenderedQuery& q) { return run(q.sql, q.params); }

  std::vector<Row> run(const std::string& sql, const std::vector<Value>& params) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_) << "\n"
        << sql;
    if (!stmt) return {};
    for (size_t i = 0; i < params.size(); ++i)
      bind(stmt, static_cast<int>(i + 1), params[i]);
    std::vector<Row> rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      Row row;
      for (int c = 0; c < sqlite3_column_count(stmt); ++c)
        row.push_back(cell(stmt, c));
      rows.push_back(std::move(row));
    }
    EXPECT_EQ(rc, SQLITE_DONE) << sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
    return rows;
  }

 private:
  static std::string sql_type(ColumnType t) {
    if (t == ColumnType::String) return "TEXT";
    if (t == ColumnType::Ipv6) return "BLOB";
    return "INTEGER";
  }

  static void bind(sqlite3_stmt* stmt, int i, const Value& v) {
    if (auto* n = std::get_if<uint64_t>(&v)) sqlite3_bind_int64(stmt, i, static_cast<sqlite3_int64>(*n));
    if (auto* n = std::get_if<int64_t>(&v)) sqlite3_bind_int64(stmt, i, *n);
    if (auto* d = std::get_if<double>(&v)) sqlite3_bind_double(stmt, i, *d);
    if (auto* s = std::get_if<std::string>(&v))
      sqlite3_bind_text(stmt, i, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
    if (auto* a = std::get_if<std::array<uint8_t, 16>>(&v))
      sqlite3_bind_blob(stmt, i, a->data(), 16, SQLITE_TRANSIENT);
  }

  static Value cell(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER:
        return static_cast<int64_t>(sqlite3_column_int64(stmt, c));
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, c);
      case SQLITE_TEXT:
        return std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)));
      case SQLITE_BLOB: {
        std::array<uint8_t, 16> a{};
        if (sqlite3_column_bytes(stmt, c) == 16) std::memcpy(a.data(), sqlite3_column_blob(stmt, c), 16);
        return a;
      }
      default:
        return std::monostate{};
    }
  }

  sqlite3* db_ = nullptr;
};

}  // namespace netmeter::history::query::test
