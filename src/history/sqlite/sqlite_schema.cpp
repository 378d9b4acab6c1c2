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
  std::vector<std::string> out;
  for (std::string_view column : {"LAST_SEEN", "FIRST_SEEN", "IPV4_SRC_ADDR", "IPV4_DST_ADDR",
                                  "IPV6_SRC_ADDR", "IPV6_DST_ADDR", "L7_PROTO"}) {
    std::string name(column);
    for (char& ch : name)
      ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    out.push_back("CREATE INDEX IF NOT EXISTS flows_" + name + " ON flows(" + std::string(column) + ")");
  }
  return out;
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
