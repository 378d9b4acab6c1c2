#include <gtest/gtest.h>

#include "history/clickhouse/flow_schema.hpp"
#include "history/clickhouse/schema_check.hpp"

namespace netmeter::history::clickhouse {
namespace {

TEST(ClickHouseSchema, EveryColumnWithItsType) {
  const std::string sql = create_flow_table_sql();
  for (const auto& column : flow_columns()) {
    const std::string declaration =
        std::string(column.name) + " " + std::string(clickhouse_type(column.type));
    EXPECT_NE(sql.find(declaration), std::string::npos) << declaration;
  }
}

TEST(ClickHouseSchema, TypesThat1816Knows) {
  EXPECT_EQ(clickhouse_type(ColumnType::Ipv4), "UInt32");
  EXPECT_EQ(clickhouse_type(ColumnType::Ipv6), "FixedString(16)");
  EXPECT_EQ(clickhouse_type(ColumnType::DateTime), "DateTime('UTC')");
  const std::string sql = create_flow_table_sql();
  EXPECT_EQ(sql.find("IPv6 "), std::string::npos);
  EXPECT_EQ(sql.find("TTL"), std::string::npos);
  EXPECT_EQ(sql.find("LowCardinality"), std::string::npos);
  EXPECT_NE(sql.find("PARTITION BY toYYYYMMDD(FIRST_SEEN)"), std::string::npos);
  EXPECT_TRUE(sql.starts_with("CREATE TABLE IF NOT EXISTS flows ("));
}

TEST(ClickHouseSchema, InsertNamesEveryColumn) {
  const std::string sql = insert_flows_sql();
  EXPECT_TRUE(sql.starts_with("INSERT INTO flows (FLOW_ID, IP_PROTOCOL_VERSION, "));
  EXPECT_TRUE(sql.ends_with(", END_REASON) FORMAT Native"));
  for (const auto& column : flow_columns())
    EXPECT_NE(sql.find(std::string(column.name)), std::string::npos) << column.name;
}

ResultTable system_columns() {
  ResultTable table;
  for (const auto& column : flow_columns())
    table.rows.push_back({std::string(column.name), std::string(clickhouse_type(column.type))});
  return table;
}

TEST(ClickHouseSchema, TableCheck) {
  ResultTable table = system_columns();
  EXPECT_EQ(flow_table_mismatch(table), std::nullopt);
  table.rows.push_back({std::string("EXTRA"), std::string("String")});
  EXPECT_EQ(flow_table_mismatch(table), std::nullopt);
  table.rows.erase(table.rows.begin() + 12);  // IPV4_SRC_ADDR
  EXPECT_EQ(flow_table_mismatch(table), "the table flows has no column IPV4_SRC_ADDR");
  table = system_columns();
  table.rows[2][1] = std::string("DateTime");
  EXPECT_EQ(flow_table_mismatch(table),
            "column FIRST_SEEN of flows is DateTime, netmeter writes DateTime('UTC')");
  EXPECT_EQ(flow_table_mismatch({}), "there is no table flows");
}

}  // namespace
}  // namespace netmeter::history::clickhouse
