#include "history/sqlite/sqlite_schema.hpp"

#include "core/flow_id.hpp"
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
  // Both hold every column of the window the renderer writes (FIRST_SEEN >= b AND FIRST_SEEN <= e AND
  // LAST_SEEN <= e AND INTERFACE_ID = ifid), so a windowed query never reads table rows for it.
  // flows_window starts with the time: rows arriving in time order are appended at its right edge, a few
  // pages per batch; the destination and application sums read it alone; retention uses it.
  // flows_src_time starts with the source address (the top talkers): GROUP BY IPV4_SRC_ADDR reads groups
  // in order, with no sorter (~0.5 us of CPU per flow of the window: 12 s for a window of 10 M flows), and
  // with statistics (ANALYZE, see the store) SQLite skip-scans it, one seek into the window per source,
  // so a narrow window stays cheap too. It costs the insert a page per active source per commit.
  return {
      "CREATE INDEX IF NOT EXISTS flows_window ON flows(FIRST_SEEN, LAST_SEEN, INTERFACE_ID, IPV4_DST_ADDR, "
      "L7_PROTO, TOTAL_BYTES)",
      "CREATE INDEX IF NOT EXISTS flows_src_time ON flows(IPV4_SRC_ADDR, FIRST_SEEN, LAST_SEEN, "
      "INTERFACE_ID, "
      "TOTAL_BYTES)",
  };
}

std::string sqlite_flow_numbers_table_sql() {
  return "CREATE TABLE IF NOT EXISTS flow_numbers (INTERFACE_ID INTEGER PRIMARY KEY, NEXT_NUMBER INTEGER NOT "
         "NULL) STRICT";
}

std::string sqlite_flow_numbers_fill_sql() {
  const uint64_t mask = core::flow_number(~uint64_t{0});
  return "INSERT OR IGNORE INTO flow_numbers SELECT INTERFACE_ID, max(FLOW_ID & " + std::to_string(mask) +
         ") + 1 FROM flows GROUP BY INTERFACE_ID";
}

std::string sqlite_flow_numbers_raise_sql() {
  return "INSERT INTO flow_numbers VALUES (?1, ?2) ON CONFLICT (INTERFACE_ID) DO UPDATE SET NEXT_NUMBER = "
         "max(NEXT_NUMBER, excluded.NEXT_NUMBER)";
}

std::vector<std::string> sqlite_flows_migration_sql() {
  // Version 1 had FIRST_SEEN alone and (LAST_SEEN, source / destination / application, TOTAL_BYTES),
  // which the rendered window could not use; version 2 replaces the four by flows_window and
  // flows_src_time (built once, at the first start).
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
