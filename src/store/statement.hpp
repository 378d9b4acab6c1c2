#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace netmeter::store {

/// One prepared SQLite statement, finalized on destruction. Bind indexes are 1-based, column indexes
/// 0-based (SQLite's convention). A failed bind is remembered and reported by the next `step()`, so
/// binds can be chained without checking each one. Only usable while its `Connection` is held.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::optional<int64_t> value);
  Statement& bind_blob(int index, std::span<const uint8_t> bytes);
  Statement& bind_null(int index);

  /// Advances: true when a row is available, false when the statement has finished.
  Result<bool> step();
  /// Steps a statement that returns no rows (INSERT/UPDATE/DELETE/DDL) to completion.
  Status run();
  /// Makes the statement runnable again; bindings are kept.
  void reset();

  int64_t column_int64(int column) const;
  std::optional<int64_t> column_optional_int64(int column) const;
  std::string column_text(int column) const;
  std::vector<uint8_t> column_blob(int column) const;
  bool column_is_null(int column) const;

 private:
  void note_bind(int rc);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  int bind_error_ = 0;
};

}  // namespace netmeter::store
