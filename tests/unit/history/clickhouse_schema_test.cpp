#include <gtest/gtest.h>

#include "history/clickhouse/flow_schema.hpp"

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

}  // namespace
}  // namespace netmeter::history::clickhouse
