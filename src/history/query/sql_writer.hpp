#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "history/flow_columns.hpp"
#include "history/query_types.hpp"

namespace netmeter::history::query {

/// Accumulates the SQL of one query for a dialect. Identifiers come only from flow_columns() and fixed
/// names; values go in as `?` parameters (SQLite) or as literals formatted from their typed value
/// (ClickHouse 18.16 has no query parameters; SQLite gets an unsigned value above 2^63-1 as a double,
/// its integers being signed): numbers in decimal, times as toDateTime(n), IPv6
/// addresses as toFixedString(unhex('<32 hex digits>'), 16), text quoted with `\\` and `\'` escaped and
/// control bytes written as `\xHH`.
class SqlWriter {
 public:
  explicit SqlWriter(SqlDialect dialect) : dialect_(dialect) {}

  SqlDialect dialect() const { return dialect_; }
  SqlWriter& raw(std::string_view text) {
    sql_ += text;
    return *this;
  }
  /// `"NAME"` (SQLite) or `` `NAME` `` (ClickHouse).
  SqlWriter& identifier(std::string_view name);
  /// A value compared with a column of `type`.
  SqlWriter& value(const Value& v, ColumnType type);

  std::string take_sql() { return std::move(sql_); }
  std::vector<Value> take_params() { return std::move(params_); }

 private:
  void literal(const Value& v, ColumnType type);

  SqlDialect dialect_;
  std::string sql_;
  std::vector<Value> params_;
};

/// `text` as a ClickHouse string literal, quotes included.
std::string clickhouse_string(std::string_view text);

}  // namespace netmeter::history::query
