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
  // The time-first indexes take rows (arriving in time order) at their right edge: a batch touches a few
  // pages per index, never one random page per flow, which keeps the insert rate up once the indexes
  // outgrow the cache. The historical queries always carry a time window (ntopng's epoch_begin/epoch_end);
  // the address or application is then checked inside the index, and TOTAL_BYTES makes the sums
  // index-only scans.
  //
  // The top talkers are the exception (schema version 2): their index starts with the source address, and
  // then holds every column of the rendered window (FIRST_SEEN range, LAST_SEEN, INTERFACE_ID), so the
  // GROUP BY IPV4_SRC_ADDR reads groups in order, with no sorter (the sorter cost ~0.5 us of CPU per
  // flow in the window: 12 s for a window of 10 M flows), and with statistics (ANALYZE, see the store)
  // SQLite skip-scans it: one seek into the window per source, so a narrow window stays cheap too.
  return {
      "CREATE INDEX IF NOT EXISTS flows_window ON flows(FIRST_SEEN, LAST_SEEN, INTERFACE_ID, IPV4_DST_ADDR, "
      "L7_PROTO, TOTAL_BYTES)",
      "CREATE INDEX IF NOT EXISTS flows_src_time ON flows(IPV4_SRC_ADDR, FIRST_SEEN, LAST_SEEN, "
      "INTERFACE_ID, "
      "TOTAL_BYTES)",
  };
}

std::vector<std::string> sqlite_flows_migration_sql() {
  // Version 1 had (LAST_SEEN, IPV4_SRC_ADDR, TOTAL_BYTES), which the rendered window (FIRST_SEEN first)
  // could not use; version 2 replaces it by flows_src_time (built once, at the first start).
  return {"DROP INDEX IF EXISTS flows_time_src", "DROP INDEX IF EXISTS flows_time_dst",
          "DROP INDEX IF EXISTS flows_time_l7", "DROP INDEX IF EXISTS flows_first_seen"};
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
