#include "history/clickhouse/flow_schema.hpp"

namespace netmeter::history::clickhouse {

std::string_view clickhouse_type(ColumnType type) {
  switch (type) {
    case ColumnType::UInt8:
      return "UInt8";
    case ColumnType::UInt16:
      return "UInt16";
    case ColumnType::UInt32:
    case ColumnType::Ipv4:
      return "UInt32";
    case ColumnType::UInt64:
      return "UInt64";
    case ColumnType::DateTime:
      return "DateTime('UTC')";
    case ColumnType::Ipv6:
      return "FixedString(16)";
    case ColumnType::String:
      return "String";
  }
  return "String";
}

std::string create_database_sql(std::string_view database) {
  return "CREATE DATABASE IF NOT EXISTS " + std::string(database);
}

std::string create_flow_table_sql() {
  std::string sql = "CREATE TABLE IF NOT EXISTS " + std::string(kFlowTable) + " (\n";
  bool first = true;
  for (const auto& column : flow_columns()) {
    if (!first) sql += ",\n";
    first = false;
    sql += "  ";
    sql += column.name;
    sql += ' ';
    sql += clickhouse_type(column.type);
  }
  sql +=
      "\n) ENGINE = MergeTree()\nPARTITION BY toYYYYMMDD(FIRST_SEEN)\nORDER BY (FIRST_SEEN, INTERFACE_ID)\n"
      "SETTINGS index_granularity = 8192";
  return sql;
}

std::string insert_flows_sql() {
  std::string sql = "INSERT INTO " + std::string(kFlowTable) + " (";
  bool first = true;
  for (const auto& column : flow_columns()) {
    if (!first) sql += ", ";
    first = false;
    sql += column.name;
  }
  sql += ") FORMAT Native";
  return sql;
}

}  // namespace netmeter::history::clickhouse
