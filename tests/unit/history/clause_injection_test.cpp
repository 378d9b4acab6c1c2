#include <gtest/gtest.h>

#include <string>

#include "clause_test_util.hpp"

namespace netmeter::history::query {
namespace {

using test::error_of;
using test::parsed;
using test::where_error;

TEST(ClauseInjection, StatementBreakoutsAreRefused) {
  EXPECT_EQ(where_error("PROTOCOL = 6; DROP TABLE flows"),
            "where_clause, column 13: ';' is not allowed: a clause is part of one query");
  EXPECT_EQ(where_error("PROTOCOL = 6 -- the rest"), "where_clause, column 14: comments are not allowed");
  EXPECT_EQ(where_error("PROTOCOL = 6 /* x */"), "where_clause, column 14: comments are not allowed");
  EXPECT_NE(where_error("PROTOCOL = 6 UNION SELECT * FROM users")
                .find("expected AND, OR or the end, found 'UNION'"),
            std::string::npos);
  EXPECT_NE(where_error("PROTOCOL IN (SELECT PROTOCOL FROM flows)").find("subqueries are not supported"),
            std::string::npos);
  EXPECT_NE(where_error("PROTOCOL = (SELECT 6)").find("subqueries are not supported"), std::string::npos);
  EXPECT_NE(where_error("`PROTOCOL` = 6").find("quoted identifiers are not supported"), std::string::npos);
  EXPECT_NE(where_error("sleep(5) = 0").find("unknown function 'sleep'"), std::string::npos);
  EXPECT_NE(where_error("PROTOCOL = 6 OR 1=1").find("expected a column name"), std::string::npos);
  EXPECT_NE(where_error("PROTOCOL = 6\x01").find("unexpected byte 0x01"), std::string::npos);
  EXPECT_NE(where_error("INFO = 'a\nb'").find("control byte 0x0a inside a quoted value"), std::string::npos);
  EXPECT_NE(where_error(std::string("INFO = 'a") + '\0' + "b'").find("control byte 0x00"), std::string::npos);
  EXPECT_EQ(where_error("INFO = \xc3\xa9"),
            "where_clause, column 8: unexpected byte 0xc3 (outside quotes only printable ASCII is allowed)");
  EXPECT_NE(where_error("FOO = 'caf\xc3\xa9'").find("unknown column 'FOO'"), std::string::npos);
  EXPECT_EQ(quote_for_error("caf\xc3\xa9\n"), std::string("'caf") + "???" + "'");
  EXPECT_NE(where_error("PROTOCOL = 0x06").find("invalid number '0x06'"), std::string::npos);
}

TEST(ClauseInjection, OtherClausesRefuseSqlToo) {
  EXPECT_NE(
      error_of({.select = "* FROM flows; DROP TABLE flows"}).find("'*' must be the whole select clause"),
      std::string::npos);
  EXPECT_NE(error_of({.select = "PACKETS FROM users"}).find("expected ',' or the end, found 'FROM'"),
            std::string::npos);
  EXPECT_NE(error_of({.select = "(SELECT 1)"}).find("expected a column name"), std::string::npos);
  EXPECT_NE(
      error_of({.select = "PACKETS", .group_by = "PACKETS; DELETE FROM flows"}).find("';' is not allowed"),
      std::string::npos);
  EXPECT_NE(error_of({.order_by = "PACKETS DESC, (SELECT 1)"}).find("expected a column name"),
            std::string::npos);
  EXPECT_NE(error_of({.order_by = "1"}).find("expected a column name"), std::string::npos);
  EXPECT_NE(error_of({.select = "PACKETS AS \"x; DROP\""}).find("expected an alias"), std::string::npos);
  EXPECT_NE(error_of({.maxhits = "10 UNION SELECT 1"}).find("maxhits_clause"), std::string::npos);
  EXPECT_NE(error_of({.begin_time = "0 OR 1=1"}).find("begin_time_clause"), std::string::npos);
}

TEST(ClauseInjection, QuotesInValuesStayValues) {
  const std::string hostile = "'; DROP TABLE flows; --";
  FlowQuery q = parsed({.where = "INFO = '''; DROP TABLE flows; --' OR INFO = \"\\\"; DROP\""});
  ASSERT_TRUE(q.where);
  EXPECT_EQ(std::get<std::string>(q.where->operands[0].values[0]), hostile);
  EXPECT_EQ(std::get<std::string>(q.where->operands[1].values[0]), "\"; DROP");

  RenderedQuery sqlite = render(q, SqlDialect::Sqlite);
  EXPECT_EQ(sqlite.sql.find("DROP"), std::string::npos) << sqlite.sql;
  EXPECT_EQ(std::get<std::string>(sqlite.params[0]), hostile);

  RenderedQuery ch = render(q, SqlDialect::ClickHouse);
  EXPECT_NE(ch.sql.find("(`INFO` = '\\'; DROP TABLE flows; --')"), std::string::npos) << ch.sql;
  EXPECT_EQ(clickhouse_string("a\\'b\x01"), "'a\\\\\\'b\\x01'");
  // Aliases name the answer only: they never reach the SQL.
  RenderedQuery aliased = render(parsed({.select = "PACKETS AS dropme"}), SqlDialect::ClickHouse);
  EXPECT_EQ(aliased.sql.find("dropme"), std::string::npos);
  EXPECT_EQ(aliased.column_names[0], "dropme");
}

}  // namespace
}  // namespace netmeter::history::query
