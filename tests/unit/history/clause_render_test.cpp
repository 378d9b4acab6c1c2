#include <gtest/gtest.h>

#include <string>

#include "clause_test_util.hpp"

namespace netmeter::history::query {
namespace {

using test::parsed;

TEST(ClauseRender, TopTalkersOnSqlite) {
  FlowQuery q = parsed({.select = "IPV4_SRC_ADDR, SUM(TOTAL_BYTES) AS bytes",
                        .where = "PROTOCOL IN (6, 17)",
                        .group_by = "IPV4_SRC_ADDR",
                        .order_by = "bytes DESC",
                        .maxhits = "5",
                        .begin_time = "1000",
                        .end_time = "2000"});
  q.interface_id = 3;
  RenderedQuery r = render(q, SqlDialect::Sqlite);
  EXPECT_EQ(
      r.sql,
      "SELECT \"IPV4_SRC_ADDR\", COALESCE(SUM(\"TOTAL_BYTES\"), 0) FROM \"flows\" WHERE \"FIRST_SEEN\" >= ? "
      "AND "
      "\"FIRST_SEEN\" <= ? AND \"LAST_SEEN\" <= ? AND \"INTERFACE_ID\" = ? AND (\"PROTOCOL\" IN (?, ?)) "
      "GROUP BY \"IPV4_SRC_ADDR\" ORDER BY COALESCE(SUM(\"TOTAL_BYTES\"), 0) DESC LIMIT ?");
  const std::vector<Value> params{uint64_t{1000}, uint64_t{2000}, uint64_t{2000}, uint64_t{3},
                                  uint64_t{6},    uint64_t{17},   uint64_t{5}};
  EXPECT_EQ(r.params, params);
  EXPECT_EQ(r.column_names, (std::vector<std::string>{"IPV4_SRC_ADDR", "bytes"}));
  EXPECT_EQ(r.column_types, (std::vector<ColumnType>{ColumnType::Ipv4, ColumnType::UInt64}));
}

TEST(ClauseRender, TopTalkersOnClickHouse) {
  FlowQuery q = parsed({.select = "IPV4_SRC_ADDR, SUM(TOTAL_BYTES) AS bytes",
                        .where = "PROTOCOL IN (6, 17)",
                        .group_by = "IPV4_SRC_ADDR",
                        .order_by = "bytes DESC",
                        .maxhits = "5",
                        .begin_time = "1000",
                        .end_time = "2000"});
  RenderedQuery r = render(q, SqlDialect::ClickHouse);
  EXPECT_EQ(
      r.sql,
      "SELECT `IPV4_SRC_ADDR`, SUM(`TOTAL_BYTES`) FROM `flows` WHERE `FIRST_SEEN` >= toDateTime(1000) AND "
      "`FIRST_SEEN` <= toDateTime(2000) AND `LAST_SEEN` <= toDateTime(2000) AND (`PROTOCOL` IN (6, 17)) "
      "GROUP BY `IPV4_SRC_ADDR` ORDER BY SUM(`TOTAL_BYTES`) DESC LIMIT 5");
  EXPECT_TRUE(r.params.empty());
}

TEST(ClauseRender, ClickHouseLiteralsAreTyped) {
  FlowQuery q = parsed({.select = "FIRST_SEEN, IPV6_SRC_ADDR, MAX(LAST_SEEN), AVG(SCORE)",
                        .where = "IPV6_SRC_ADDR = '2001:db8::1' AND INFO = 'it''s \\\\ here' AND "
                                 "LAST_SEEN BETWEEN 5 AND 6 AND NOT SRC2DST_BYTES < DST2SRC_BYTES",
                        .group_by = "FIRST_SEEN, IPV6_SRC_ADDR"});
  RenderedQuery r = render(q, SqlDialect::ClickHouse);
  EXPECT_EQ(
      r.sql,
      "SELECT toUInt32(`FIRST_SEEN`), hex(`IPV6_SRC_ADDR`), toUInt32(MAX(`LAST_SEEN`)), AVG(`SCORE`) FROM "
      "`flows` WHERE ((`IPV6_SRC_ADDR` = toFixedString(unhex('20010db8000000000000000000000001'), 16)) AND "
      "(`INFO` = 'it\\'s \\\\ here') AND (`LAST_SEEN` BETWEEN toDateTime(5) AND toDateTime(6)) AND (NOT "
      "(`SRC2DST_BYTES` < `DST2SRC_BYTES`))) GROUP BY `FIRST_SEEN`, `IPV6_SRC_ADDR` LIMIT 10");
  EXPECT_EQ(r.column_types, (std::vector<ColumnType>{ColumnType::DateTime, ColumnType::Ipv6,
                                                     ColumnType::DateTime, ColumnType::String}));
}

TEST(ClauseRender, LikeIsCaseSensitiveOnBoth) {
  FlowQuery q = parsed({.where = "INFO LIKE 'a*b?[c%\\_d_' OR INFO NOT LIKE '%\\\\\\\\%'"});
  RenderedQuery sqlite = render(q, SqlDialect::Sqlite);
  EXPECT_NE(sqlite.sql.find("((\"INFO\" GLOB ?) OR (\"INFO\" NOT GLOB ?))"), std::string::npos);
  ASSERT_EQ(sqlite.params.size(), 3u);
  EXPECT_EQ(std::get<std::string>(sqlite.params[0]), "a[*]b[?][[]c*_d?");
  EXPECT_EQ(std::get<std::string>(sqlite.params[1]), "*\\*");
  RenderedQuery ch = render(q, SqlDialect::ClickHouse);
  EXPECT_NE(ch.sql.find("((`INFO` LIKE 'a*b?[c%\\\\_d_') OR (`INFO` NOT LIKE '%\\\\\\\\%'))"),
            std::string::npos)
      << ch.sql;
}

TEST(ClauseRender, CountsAndEveryColumn) {
  RenderedQuery all = render(parsed({}), SqlDialect::Sqlite);
  EXPECT_EQ(all.column_names.size(), flow_columns().size());
  EXPECT_EQ(all.sql.rfind("SELECT \"FLOW_ID\", \"IP_PROTOCOL_VERSION\", ", 0), 0u);
  RenderedQuery n =
      render(parsed({.select = "COUNT(*), COUNT(DISTINCT IPV4_DST_ADDR)"}), SqlDialect::ClickHouse);
  EXPECT_EQ(n.sql, "SELECT COUNT(*), COUNT(DISTINCT `IPV4_DST_ADDR`) FROM `flows` LIMIT 10");
}

}  // namespace
}  // namespace netmeter::history::query
