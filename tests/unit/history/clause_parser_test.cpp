#include <gtest/gtest.h>

#include <string>

#include "clause_test_util.hpp"
#include "history/query/topk_query.hpp"

namespace netmeter::history::query {
namespace {

using test::column_index;
using test::error_of;
using test::parsed;
using test::where;
using test::where_error;

uint64_t u(const Value& v) {
  return std::get<uint64_t>(v);
}

TEST(ClauseParser, DefaultsAreEveryColumnTenRowsNoWindow) {
  FlowQuery q = parsed({});
  ASSERT_EQ(q.select.size(), flow_columns().size());
  EXPECT_EQ(q.select[0].name, "FLOW_ID");
  EXPECT_FALSE(q.where);
  EXPECT_EQ(q.limit, kDefaultMaxHits);
  EXPECT_FALSE(q.begin_time);
  EXPECT_FALSE(q.aggregating());
  EXPECT_EQ(parsed({.select = "  *  "}), q);
}

TEST(ClauseParser, NtopngDocumentationExample) {
  // ntopng's REST examples: an unquoted dotted address compared with IPV4_SRC_ADDR.
  FlowQuery q = parsed({.select = "*",
                        .where = "IPV4_SRC_ADDR = 192.168.56.1",
                        .maxhits = "10",
                        .begin_time = "1590480290",
                        .end_time = "1590480590"});
  ASSERT_TRUE(q.where);
  EXPECT_EQ(q.where->kind, Predicate::Kind::Compare);
  EXPECT_EQ(q.where->column, column_index("IPV4_SRC_ADDR"));
  EXPECT_EQ(u(q.where->values[0]), 0xC0A83801u);
  EXPECT_EQ(q.begin_time, 1590480290u);
  EXPECT_EQ(q.end_time, 1590480590u);
}

TEST(ClauseParser, NtopngPythonClientClauses) {
  // historical.py's self test: values in parentheses and double quotes.
  FlowQuery q = where("(IP_PROTOCOL_VERSION=4) AND IPV4_SRC_ADDR=(\"10.1.2.3\") AND (PROTOCOL=6) ");
  ASSERT_EQ(q.where->kind, Predicate::Kind::And);
  ASSERT_EQ(q.where->operands.size(), 3u);
  EXPECT_EQ(u(q.where->operands[1].values[0]), 0x0A010203u);
  EXPECT_EQ(u(q.where->operands[2].values[0]), 6u);
  // historical_flows_query_example.py: an alias without AS, grouping by the _FORMATTED spelling.
  FlowQuery top = parsed({.select = "IPV4_DST_ADDR,SUM(TOTAL_BYTES) TOT,IP_DST_PORT",
                          .group_by = "IPV4_DST_ADDR_FORMATTED,IP_DST_PORT",
                          .order_by = "TOT DESC"});
  ASSERT_EQ(top.select.size(), 3u);
  EXPECT_EQ(top.select[1].name, "TOT");
  EXPECT_EQ(top.select[1].expr.aggregate, Aggregate::Sum);
  EXPECT_EQ(top.group_by, (std::vector<size_t>{column_index("IPV4_DST_ADDR"), column_index("IP_DST_PORT")}));
  ASSERT_EQ(top.order_by.size(), 1u);
  EXPECT_TRUE(top.order_by[0].descending);
  EXPECT_EQ(top.order_by[0].expr, top.select[1].expr);
  // Its where clause names a column netmeter does not store: refused by name.
  EXPECT_EQ(where_error("(SERVER_LOCATION=1)"), "where_clause, column 2: unknown column 'SERVER_LOCATION'");
}

TEST(ClauseParser, SelectItemsAndNames) {
  FlowQuery q = parsed({.select = "count(*), Sum(PACKETS) AS p, AVG(SCORE), MIN(FIRST_SEEN), "
                                  "max(IPV6_SRC_ADDR), COUNT(DISTINCT IP_DST_PORT)"});
  ASSERT_EQ(q.select.size(), 6u);
  EXPECT_EQ(q.select[0].name, "count(*)");
  EXPECT_FALSE(q.select[0].expr.column);
  EXPECT_EQ(q.select[1].name, "p");
  EXPECT_EQ(q.select[2].name, "AVG(SCORE)");
  EXPECT_EQ(q.select[4].name, "max(IPV6_SRC_ADDR)");
  EXPECT_EQ(q.select[5].name, "COUNT(DISTINCT IP_DST_PORT)");
  EXPECT_EQ(q.select[5].expr.aggregate, Aggregate::CountDistinct);
  EXPECT_EQ(answer_type(q.select[0].expr), ColumnType::UInt64);
  EXPECT_EQ(answer_type(q.select[2].expr), ColumnType::String);
  EXPECT_EQ(answer_type(q.select[3].expr), ColumnType::DateTime);
  EXPECT_EQ(answer_type(q.select[4].expr), ColumnType::Ipv6);
  EXPECT_TRUE(q.aggregating());
  FlowQuery ch = parsed({.select = "count()"});
  EXPECT_EQ(ch.select[0].name, "count()");
  EXPECT_EQ(ch.select[0].expr, q.select[0].expr);
  EXPECT_NE(error_of({.select = "sum()"}).find("expected a column name, found ')'"), std::string::npos);
  // Column names in any case; the answer keeps the client's spelling.
  FlowQuery lower = parsed({.select = "ipv4_src_addr, l7_proto"});
  EXPECT_EQ(lower.select[0].expr.column, column_index("IPV4_SRC_ADDR"));
  EXPECT_EQ(lower.select[0].name, "ipv4_src_addr");
}

TEST(ClauseParser, WhereOperatorsAndPrecedence) {
  FlowQuery q = where("PROTOCOL = 6 OR PROTOCOL = 17 AND NOT IP_DST_PORT <> 53");
  ASSERT_EQ(q.where->kind, Predicate::Kind::Or);
  ASSERT_EQ(q.where->operands[1].kind, Predicate::Kind::And);
  EXPECT_EQ(q.where->operands[1].operands[1].kind, Predicate::Kind::Not);
  EXPECT_EQ(q.where->operands[1].operands[1].operands[0].op, CompareOp::Ne);
  for (auto [text, op] : {std::pair{"SCORE == 1", CompareOp::Eq},
                          {"SCORE != 1", CompareOp::Ne},
                          {"SCORE < 1", CompareOp::Lt},
                          {"SCORE<=1", CompareOp::Le},
                          {"SCORE>1", CompareOp::Gt},
                          {"SCORE >= 1", CompareOp::Ge},
                          {"1 < SCORE", CompareOp::Gt}}) {
    FlowQuery c = where(text);
    EXPECT_EQ(c.where->op, op) << text;
  }
  FlowQuery cols = where("SRC2DST_BYTES > DST2SRC_BYTES");
  EXPECT_EQ(cols.where->kind, Predicate::Kind::CompareColumns);
  EXPECT_EQ(cols.where->other_column, column_index("DST2SRC_BYTES"));
}

TEST(ClauseParser, InBetweenLike) {
  FlowQuery in = where("L7_PROTO NOT IN (7, 91, '188')");
  EXPECT_EQ(in.where->kind, Predicate::Kind::In);
  EXPECT_TRUE(in.where->negated);
  ASSERT_EQ(in.where->values.size(), 3u);
  EXPECT_EQ(u(in.where->values[2]), 188u);
  FlowQuery between = where("FIRST_SEEN BETWEEN 100 AND 200 AND PROTOCOL = 6");
  ASSERT_EQ(between.where->kind, Predicate::Kind::And);
  EXPECT_EQ(between.where->operands[0].kind, Predicate::Kind::Between);
  EXPECT_EQ(u(between.where->operands[0].values[1]), 200u);
  FlowQuery like = where("INFO LIKE '%.example\\_1.com_'");
  ASSERT_EQ(like.where->kind, Predicate::Kind::Like);
  const auto& p = like.where->pattern;
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].kind, LikePiece::Kind::AnyRun);
  EXPECT_EQ(p[1].text, ".example_1.com");
  EXPECT_EQ(p[2].kind, LikePiece::Kind::AnyOne);
}

TEST(ClauseParser, AddressesTypedForTheirColumn) {
  FlowQuery v6 = where("IPV6_SRC_ADDR = '2001:db8::1' OR IPV6_DST_ADDR = fe80::1");
  const auto& a = std::get<std::array<uint8_t, 16>>(v6.where->operands[0].values[0]);
  EXPECT_EQ(a[0], 0x20);
  EXPECT_EQ(a[15], 0x01);
  const auto& b = std::get<std::array<uint8_t, 16>>(v6.where->operands[1].values[0]);
  EXPECT_EQ(b[0], 0xfe);
  EXPECT_EQ(u(where("IPV4_DST_ADDR = 16909060").where->values[0]), 16909060u);
  EXPECT_NE(
      where_error("IPV4_SRC_ADDR = '::1'").find("an IPv6 address '::1' cannot match column IPV4_SRC_ADDR"),
      std::string::npos);
  EXPECT_NE(where_error("IPV6_SRC_ADDR = 10.0.0.1").find("IPv4 address"), std::string::npos);
  EXPECT_NE(where_error("IPV4_SRC_ADDR = 1.2.3.256").find("invalid IPv4 address '1.2.3.256'"),
            std::string::npos);
}

TEST(ClauseParser, ValuesOutOfRangeOrOfTheWrongKind) {
  EXPECT_EQ(
      where_error("IP_DST_PORT = 65536"),
      "where_clause, column 15: value '65536' out of range: column IP_DST_PORT (UInt16) holds whole numbers "
      "from 0 to 65535");
  EXPECT_NE(where_error("TOTAL_BYTES > 99999999999999999999999").find("out of range"), std::string::npos);
  EXPECT_NE(where_error("TOTAL_BYTES > 18446744073709551616").find("out of range"), std::string::npos);
  EXPECT_TRUE(where("TOTAL_BYTES > 18446744073709551615").where);
  EXPECT_NE(where_error("SCORE > -1").find("out of range"), std::string::npos);
  EXPECT_NE(where_error("SCORE > 1.5").find("invalid number '1.5'"), std::string::npos);
  EXPECT_NE(where_error("INFO = 5").find("holds text: quote the value"), std::string::npos);
  EXPECT_NE(where_error("PROTOCOL LIKE '6%'").find("LIKE applies to text columns"), std::string::npos);
  EXPECT_NE(where_error("INFO > PACKETS").find("hold different kinds of values"), std::string::npos);
}

TEST(ClauseParser, SyntaxErrorsSayWhere) {
  EXPECT_EQ(where_error("PROTOCOL = "), "where_clause, column 12: expected a value, but the clause ended");
  EXPECT_EQ(where_error("(PROTOCOL = 6"),
            "where_clause, column 14: expected ')' to close the '(' at column 1, but the clause ended");
  EXPECT_EQ(where_error("PROTOCOL = 6)"), "where_clause, column 13: unbalanced ')'");
  EXPECT_EQ(where_error("PROTOCOL 6"),
            "where_clause, column 10: expected a comparison (=, !=, <>, <, <=, >, >=), IN, LIKE or BETWEEN, "
            "found '6'");
  EXPECT_NE(where_error("INFO = 'abc").find("missing closing '"), std::string::npos);
  EXPECT_NE(where_error("PROTOCOL BETWEEN 1 OR 2").find("expected AND between"), std::string::npos);
  EXPECT_NE(where_error("sum(PACKETS) > 1").find("aggregate 'sum' is not allowed in where_clause"),
            std::string::npos);
  EXPECT_NE(where_error("1 = 1").find("expected a column name"), std::string::npos);
}

TEST(ClauseParser, AggregatesNeedGroupedColumns) {
  EXPECT_EQ(
      error_of({.select = "IPV4_SRC_ADDR, SUM(TOTAL_BYTES)"}),
      "select_clause: column IPV4_SRC_ADDR must be in group_by_clause or inside an aggregate (sum, count, "
      "avg, min, max)");
  EXPECT_NE(
      error_of({.select = "L7_PROTO", .group_by = "L7_PROTO", .order_by = "PACKETS"}).find("order_by_clause"),
      std::string::npos);
  EXPECT_NE(error_of({.select = "*", .group_by = "L7_PROTO"}).find("must be in group_by_clause"),
            std::string::npos);
  EXPECT_EQ(error_of({.order_by = "COUNT(*)"}),
            "order_by_clause: an aggregate orders grouped rows only: add group_by_clause or an aggregate to "
            "select_clause");
  EXPECT_NE(error_of({.select = "SUM(INFO)"}).find("SUM needs a numeric column"), std::string::npos);
  EXPECT_NE(error_of({.select = "AVG(IPV4_SRC_ADDR)"}).find("AVG needs a numeric column"), std::string::npos);
  EXPECT_NE(error_of({.select = "SUM(DISTINCT PACKETS)"}).find("COUNT(DISTINCT column) only"),
            std::string::npos);
  EXPECT_NE(error_of({.select = "PACKETS, PACKETS"}).find("two answer columns named 'PACKETS'"),
            std::string::npos);
  EXPECT_NE(error_of({.select = "SUM(PACKETS) AS TOTAL_BYTES"}).find("is the name of a column"),
            std::string::npos);
  EXPECT_NE(error_of({.select = "L7_PROTO", .group_by = "L7_PROTO, l7_proto"}).find("twice"),
            std::string::npos);
  EXPECT_NE(error_of({.select = "lower(INFO)"}).find("unknown function 'lower'"), std::string::npos);
  EXPECT_NE(error_of({.select = "PACKETS, *"}).find("'*' must be the whole select clause"),
            std::string::npos);
  // Grouping by an alias of a plain column, ordering by an aggregate not in the select list.
  FlowQuery q = parsed(
      {.select = "L7_PROTO AS app, COUNT(*) AS n", .group_by = "app", .order_by = "SUM(PACKETS) DESC, app"});
  EXPECT_EQ(q.group_by, std::vector<size_t>{column_index("L7_PROTO")});
  EXPECT_EQ(q.order_by[0].expr.aggregate, Aggregate::Sum);
  EXPECT_FALSE(q.order_by[1].descending);
}

TEST(ClauseParser, MaxhitsAndTimeWindow) {
  EXPECT_EQ(parsed({.maxhits = "25"}).limit, 25u);
  EXPECT_EQ(parsed({.maxhits = "1000000000000000000000000"}).limit, kMaxHitsCap);
  EXPECT_EQ(error_of({.maxhits = "0"}), "maxhits_clause: must be at least 1");
  EXPECT_EQ(error_of({.maxhits = "10; DROP"}),
            "maxhits_clause: expected a whole number of rows, found '10; DROP'");
  EXPECT_EQ(error_of({.begin_time = "now-1h"}),
            "begin_time_clause: expected epoch seconds (0 to 4294967295), found 'now-1h'");
  EXPECT_NE(error_of({.end_time = "4294967296"}).find("expected epoch seconds"), std::string::npos);
  EXPECT_EQ(error_of({.begin_time = "200", .end_time = "100"}),
            "end_time_clause: the end of the time window is before its begin");
}

TEST(ClauseParser, LimitsOnLengthDepthAndLists) {
  EXPECT_NE(where_error(std::string(kMaxClauseLength + 1, ' ')).find("longer than 8192 bytes"),
            std::string::npos);
  std::string deep;
  for (int i = 0; i <= kMaxNestingDepth; ++i)
    deep += "(";
  deep += "PROTOCOL = 6";
  for (int i = 0; i <= kMaxNestingDepth; ++i)
    deep += ")";
  EXPECT_NE(where_error(deep).find("nesting deeper than 32 levels"), std::string::npos);
  std::string nots;
  for (int i = 0; i <= kMaxNestingDepth; ++i)
    nots += "NOT ";
  EXPECT_NE(where_error(nots + "PROTOCOL = 6").find("nesting deeper"), std::string::npos);
  std::string list = "PROTOCOL IN (1";
  for (size_t i = 0; i < kMaxInValues; ++i)
    list += ",1";
  EXPECT_NE(where_error(list + ")").find("more than 1024 values"), std::string::npos);
  std::string select = "PACKETS";
  for (size_t i = 0; i < kMaxListItems; ++i)
    select += ", PACKETS AS p" + std::to_string(i);
  EXPECT_NE(error_of({.select = select}).find("more than 64 items"), std::string::npos);
}

TEST(ClauseParser, TopkFlowsDefaultsAndChecks) {
  ParsedQuery d = parse_topk_query({});
  ASSERT_TRUE(d) << d.error.to_string();
  EXPECT_EQ(d.query->group_by,
            (std::vector<size_t>{column_index("IPV4_SRC_ADDR"), column_index("IPV4_DST_ADDR"),
                                 column_index("L7_PROTO")}));
  ASSERT_EQ(d.query->select.size(), 4u);
  EXPECT_EQ(d.query->select[3].name, "SUM(TOTAL_BYTES)");
  ASSERT_EQ(d.query->order_by.size(), 1u);
  EXPECT_TRUE(d.query->order_by[0].descending);
  EXPECT_EQ(d.query->order_by[0].expr, d.query->select[3].expr);
  ParsedQuery p =
      parse_topk_query({.keys = "IP_DST_PORT", .value = "PACKETS", .topk = "max", .maxhits = "3"});
  ASSERT_TRUE(p) << p.error.to_string();
  EXPECT_EQ(p.query->select[1].expr.aggregate, Aggregate::Max);
  EXPECT_EQ(p.query->limit, 3u);
  EXPECT_EQ(parse_topk_query({.value = "INFO"}).error.to_string(),
            "select_values_clause: expected BYTES, PACKETS or a numeric column, found 'INFO'");
  EXPECT_EQ(parse_topk_query({.topk = "SUM(1);"}).error.clause, "topk_clause");
  EXPECT_EQ(parse_topk_query({.keys = "FOO"}).error.to_string(), "select_keys_clause: unknown column 'FOO'");
}

}  // namespace
}  // namespace netmeter::history::query
