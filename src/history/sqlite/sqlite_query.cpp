#include "history/sqlite/sqlite_query.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include "history/history_store.hpp"
#include "history/sqlite/sqlite_handle.hpp"

namespace netmeter::history {
namespace {

[[noreturn]] void fail(sqlite3* db, const char* what) {
  throw HistoryError(std::string("history query: ") + what + ": " + sqlite3_errmsg(db));
}

int bind_value(sqlite3_stmt* s, int index, const Value& v) {
  struct Binder {
    sqlite3_stmt* s;
    int i;
    int operator()(std::monostate) const { return sqlite3_bind_null(s, i); }
    int operator()(int64_t x) const { return sqlite3_bind_int64(s, i, x); }
    // Stored as the same 64 bits: UInt64 columns hold their value bit for bit.
    int operator()(uint64_t x) const { return sqlite3_bind_int64(s, i, static_cast<int64_t>(x)); }
    int operator()(double x) const { return sqlite3_bind_double(s, i, x); }
    int operator()(const std::string& x) const {
      return sqlite3_bind_text64(s, i, x.data(), x.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    int operator()(const std::array<uint8_t, 16>& x) const {
      return sqlite3_bind_blob(s, i, x.data(), static_cast<int>(x.size()), SQLITE_TRANSIENT);
    }
  };
  return std::visit(Binder{s, index}, v);
}

Value read_cell(sqlite3_stmt* s, int column, ColumnType type) {
  int stored = sqlite3_column_type(s, column);
  if (stored == SQLITE_NULL) return std::monostate{};
  switch (type) {
    case ColumnType::Ipv6: {
      std::array<uint8_t, 16> out{};
      const void* data = sqlite3_column_blob(s, column);
      int n = sqlite3_column_bytes(s, column);
      if (data) std::memcpy(out.data(), data, static_cast<size_t>(std::min(n, 16)));
      return out;
    }
    case ColumnType::String: {
      if (stored == SQLITE_FLOAT) return std::to_string(sqlite3_column_double(s, column));
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
      return std::string(text ? text : "", static_cast<size_t>(sqlite3_column_bytes(s, column)));
    }
    default:
      if (stored == SQLITE_FLOAT) return sqlite3_column_double(s, column);  // avg() of integers
      return static_cast<uint64_t>(sqlite3_column_int64(s, column));
  }
}

}  // namespace

ResultTable run_sqlite_query(sqlite3* db, const RenderedQuery& query) {
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(db, query.sql.c_str(), static_cast<int>(query.sql.size()), &raw, &tail) != SQLITE_OK)
    fail(db, "prepare");
  SqliteStatement stmt(raw);
  if (!stmt) throw HistoryError("history query: empty statement");
  if (tail && *tail != '\0') throw HistoryError("history query: more than one statement");
  if (!sqlite3_stmt_readonly(raw)) throw HistoryError("history query: not a read-only statement");
  if (sqlite3_bind_parameter_count(raw) != static_cast<int>(query.params.size()))
    throw HistoryError("history query: parameter count does not match the statement");
  for (size_t i = 0; i < query.params.size(); ++i)
    if (bind_value(raw, static_cast<int>(i + 1), query.params[i]) != SQLITE_OK) fail(db, "bind");
  int columns = sqlite3_column_count(raw);
  if (static_cast<size_t>(columns) != query.column_types.size())
    throw HistoryError("history query: the answer's columns do not match the query's");

  ResultTable out{query.column_names, query.column_types, {}};
  for (;;) {
    int rc = sqlite3_step(raw);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) fail(db, "step");
    std::vector<Value> row;
    row.reserve(static_cast<size_t>(columns));
    for (int c = 0; c < columns; ++c)
      row.push_back(read_cell(raw, c, query.column_types[static_cast<size_t>(c)]));
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace netmeter::history
