#include "history/sqlite/sqlite_schema.hpp"

#include "history/flow_columns.hpp"

namespace netmeter::history {
namespace {

std::string_view sqlite_type(ColumnType type) {
  switch (type) {
    case ColumnType::Ipv6:
      return "BLOB";
    case ColumnType::String:
      return "TEXT";
    default:
      return "INTEGER";
  }
}

}  // namespace

std::string sqlite_flows_table_sql() {
  std::string sql = "CREATE TABLE IF NOT EXISTS flows (";
  bool first = true;
  for (const auto& c : flow_columns()) {
    if (!first) sql += ", ";
    first = false;
    sql += c.name;
    sql += ' ';
    sql += sqlite_type(c.type);
    sql += " NOT NULL";
  }
  sql += ") STRICT";
  return sql;
}

std::vector<std::string> sqlite_flows_index_sql() {
  // Every index starts with a time column, so rows (arriving in time order) are appended at the index's
  // right edge: a batch touches a few pages per index, never one random page per flow, which is what
  // keeps the insert rate up once the indexes outgrow the cache. The historical queries always carry a
  // time window (ntopng's epoch_begin/epoch_end); the address or application is then checked inside
  // the index, and TOTAL_BYTES makes the top-talker and top-application sums index-only scans.
  return {
      "CREATE INDEX IF NOT EXISTS flows_first_seen ON flows(FIRST_SEEN)",
      "CREATE INDEX IF NOT EXISTS flows_time_src ON flows(LAST_SEEN, IPV4_SRC_ADDR, TOTAL_BYTES)",
      "CREATE INDEX IF NOT EXISTS flows_time_dst ON flows(LAST_SEEN, IPV4_DST_ADDR, TOTAL_BYTES)",
      "CREATE INDEX IF NOT EXISTS flows_time_l7 ON flows(LAST_SEEN, L7_PROTO, TOTAL_BYTES)",
  };
}

std::string sqlite_flows_insert_sql() {
  std::string names, marks;
  for (const auto& c : flow_columns()) {
    if (!names.empty()) {
      names += ", ";
      marks += ", ";
    }
    names += c.name;
    marks += '?';
  }
  return "INSERT INTO flows (" + names + ") VALUES (" + marks + ")";
}

}  // namespace netmeter::history
