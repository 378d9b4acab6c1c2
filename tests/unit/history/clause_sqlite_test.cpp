// The SQLite rendering run on a real in-memory SQLite `flows` table made from flow_columns(): the answers
// are checked against what the rows hold.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "clause_test_util.hpp"
#include "sqlite_flows_table.hpp"

namespace netmeter::history::query {
namespace {

using test::column_index;
using test::FlowsTable;
using test::parsed;
using test::Row;

Value n(int64_t v) {
  return Value{v};
}

std::array<uint8_t, 16> v6(uint8_t last) {
  std::array<uint8_t, 16> a{0x20, 0x01, 0x0d, 0xb8};
  a[15] = last;
  return a;
}

class ClauseSqlite : public ::testing::Test {
 protected:
  void SetUp() override {
    add(1, 0x0A000001, 0x0A000002, 6, 443, 1000, 100, 110, "www.example.com");
    add(2, 0x0A000001, 0x0A000003, 17, 53, 200, 105, 106, "Example.org");
    add(3, 0x0A000002, 0x0A000003, 6, 80, 5000, 150, 300, "a_b%c.net");
    add(4, 0x0A000003, 0x0A000001, 1, 0, 50, 290, 310, "");
    table.insert({{"FLOW_ID", uint64_t{5}},
                  {"IP_PROTOCOL_VERSION", uint64_t{6}},
                  {"IPV6_SRC_ADDR", Value{v6(1)}},
                  {"IPV6_DST_ADDR", Value{v6(2)}},
                  {"TOTAL_BYTES", uint64_t{70}},
                  {"PROTOCOL", uint64_t{6}},
                  {"FIRST_SEEN", uint64_t{120}},
                  {"LAST_SEEN", uint64_t{130}},
                  {"INFO", std::string("v6.example.com")}});
  }

  void add(uint64_t id, uint64_t src, uint64_t dst, uint64_t proto, uint64_t port, uint64_t bytes,
           uint64_t first, uint64_t last, std::string info) {
    table.insert({{"FLOW_ID", id},
                  {"IP_PROTOCOL_VERSION", uint64_t{4}},
                  {"IPV4_SRC_ADDR", src},
                  {"IPV4_DST_ADDR", dst},
                  {"PROTOCOL", proto},
                  {"IP_DST_PORT", port},
                  {"TOTAL_BYTES", bytes},
                  {"FIRST_SEEN", first},
                  {"LAST_SEEN", last},
                  {"INFO", std::move(info)},
                  {"INTERFACE_ID", id % 2}});
  }

  // The FLOW_IDs the where clause (and window) selects, in id order.
  std::vector<Value> ids(FlowClauses c) {
    c.select = "FLOW_ID";
    c.order_by = "FLOW_ID";
    std::vector<Value> out;
    for (const Row& r : table.query(render(parsed(c), SqlDialect::Sqlite)))
      out.push_back(r.at(0));
    return out;
  }

  FlowsTable table;
};

TEST_F(ClauseSqlite, WhereSelectsTheRightFlows) {
  EXPECT_EQ(ids({.where = "IPV4_SRC_ADDR = 10.0.0.1"}), (std::vector<Value>{n(1), n(2)}));
  EXPECT_EQ(ids({.where = "IPV4_SRC_ADDR = '10.0.0.1' AND NOT PROTOCOL = 17"}), (std::vector<Value>{n(1)}));
  EXPECT_EQ(ids({.where = "PROTOCOL IN (1, 17) OR IP_DST_PORT BETWEEN 80 AND 100"}),
            (std::vector<Value>{n(2), n(3), n(4)}));
  EXPECT_EQ(ids({.where = "PROTOCOL NOT IN (6)"}), (std::vector<Value>{n(2), n(4)}));
  EXPECT_EQ(ids({.where = "IPV6_SRC_ADDR = '2001:db8::1'"}), (std::vector<Value>{n(5)}));
  EXPECT_EQ(ids({.where = "TOTAL_BYTES > 18446744073709551615"}), (std::vector<Value>{}));
  EXPECT_EQ(ids({.where = "1000 <= TOTAL_BYTES"}), (std::vector<Value>{n(1), n(3)}));
  EXPECT_EQ(ids({.where = "LAST_SEEN > FIRST_SEEN AND TOTAL_BYTES < 1000"}),
            (std::vector<Value>{n(2), n(4), n(5)}));
}

TEST_F(ClauseSqlite, LikeMatchesCaseAndWildcardsAsClickHouse) {
  EXPECT_EQ(ids({.where = "INFO LIKE '%example%'"}), (std::vector<Value>{n(1), n(5)}));
  EXPECT_EQ(ids({.where = "INFO LIKE 'Example._rg'"}), (std::vector<Value>{n(2)}));
  EXPECT_EQ(ids({.where = "INFO LIKE '%\\_b\\%%'"}), (std::vector<Value>{n(3)}));
  EXPECT_EQ(ids({.where = "INFO LIKE 'a*%'"}), (std::vector<Value>{}));
  EXPECT_EQ(ids({.where = "INFO NOT LIKE '%.com'"}), (std::vector<Value>{n(2), n(3), n(4)}));
}

TEST_F(ClauseSqlite, TimeWindowIsNtopngs) {
  // Flows that began at or after begin and ended by end.
  EXPECT_EQ(ids({.begin_time = "100", .end_time = "300"}), (std::vector<Value>{n(1), n(2), n(3), n(5)}));
  EXPECT_EQ(ids({.begin_time = "101"}), (std::vector<Value>{n(2), n(3), n(4), n(5)}));
  EXPECT_EQ(ids({.end_time = "130"}), (std::vector<Value>{n(1), n(2), n(5)}));
  FlowQuery q = parsed({.select = "FLOW_ID"});
  q.interface_id = 1;
  EXPECT_EQ(table.query(render(q, SqlDialect::Sqlite)).size(), 2u);
}

TEST_F(ClauseSqlite, AggregatesGroupsOrderAndLimit) {
  auto rows = table.query(render(parsed({.select = "IPV4_SRC_ADDR, SUM(TOTAL_BYTES) AS bytes, COUNT(*) n",
                                         .where = "IP_PROTOCOL_VERSION = 4",
                                         .group_by = "IPV4_SRC_ADDR",
                                         .order_by = "bytes DESC",
                                         .maxhits = "2"}),
                                 SqlDialect::Sqlite));
  EXPECT_EQ(rows, (std::vector<Row>{{n(0x0A000002), n(5000), n(1)}, {n(0x0A000001), n(1200), n(2)}}));
  auto stats = table.query(render(parsed({.select = "COUNT(DISTINCT IPV4_DST_ADDR), MIN(FIRST_SEEN), "
                                                    "MAX(LAST_SEEN), AVG(IP_DST_PORT), MAX(IPV6_SRC_ADDR)"}),
                                  SqlDialect::Sqlite));
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0][0], n(4));  // three IPv4 servers and the IPv6 flow's 0
  EXPECT_EQ(stats[0][1], n(100));
  EXPECT_EQ(stats[0][2], n(310));
  EXPECT_EQ(stats[0][3], Value{(443.0 + 53 + 80 + 0 + 0) / 5});
  EXPECT_EQ(stats[0][4], Value{v6(1)});
  auto none = table.query(
      render(parsed({.select = "SUM(TOTAL_BYTES), COUNT(*)", .where = "PROTOCOL = 99"}), SqlDialect::Sqlite));
  EXPECT_EQ(none, (std::vector<Row>{{n(0), n(0)}}));
}

TEST_F(ClauseSqlite, InjectionValuesMatchNothingAndHarmNothing) {
  EXPECT_EQ(ids({.where = "INFO = '''; DROP TABLE flows; --'"}), (std::vector<Value>{}));
  EXPECT_EQ(ids({.where = "INFO = '\" OR 1=1 --' OR INFO LIKE '%'' OR ''1''=''1'"}), (std::vector<Value>{}));
  EXPECT_EQ(ids({}).size(), 5u);  // the table is still there, whole
}

TEST_F(ClauseSqlite, EveryColumnRoundTrips) {
  auto rows = table.query(render(parsed({.where = "FLOW_ID = 5"}), SqlDialect::Sqlite));
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(rows[0].size(), flow_columns().size());
  EXPECT_EQ(rows[0][column_index("IPV6_DST_ADDR")], Value{v6(2)});
  EXPECT_EQ(rows[0][column_index("INFO")], Value{std::string("v6.example.com")});
}

}  // namespace
}  // namespace netmeter::history::query
