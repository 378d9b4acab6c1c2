// The same clauses rendered for SQLite and for ClickHouse answer the same rows, through the two real stores:
// the test starts its own clickhouse-server (tests/support/clickhouse_server.hpp; Debian 12's 18.16) on
// loopback, inserts the same FlowRecords into a SqliteHistoryStore and a ClickHouseHistoryStore and
// compares what execute(render(...)) answers. Skipped when clickhouse-server is absent.
#include <algorithm>
#include <string>
#include <vector>

#include "clause_test_util.hpp"
#include "history/clickhouse/clickhouse_history_store.hpp"
#include "history/sqlite/sqlite_history_store.hpp"
#include "support/clickhouse_server.hpp"
#include "temp_dir.hpp"

namespace netmeter::history::query {
namespace {

using test::parsed;

// A cell as text, alike for both stores: IPv6 answers are upper-case hex on ClickHouse (render.hpp), 16
// bytes on SQLite.
std::string text_of(const Value& v) {
  if (auto* n = std::get_if<uint64_t>(&v)) return std::to_string(*n);
  if (auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* a = std::get_if<std::array<uint8_t, 16>>(&v)) {
    std::string out;
    for (uint8_t b : *a) {
      out += "0123456789ABCDEF"[b >> 4];
      out += "0123456789ABCDEF"[b & 0xF];
    }
    return out;
  }
  if (std::holds_alternative<std::monostate>(v)) return "NULL";
  return "?";
}

std::vector<std::vector<std::string>> texts(const ResultTable& table) {
  std::vector<std::vector<std::string>> out;
  for (const auto& row : table.rows) {
    out.emplace_back();
    for (const Value& v : row)
      out.back().push_back(text_of(v));
  }
  return out;
}

std::array<uint8_t, 16> v6(uint8_t last) {
  std::array<uint8_t, 16> a{0x20, 0x01, 0x0d, 0xb8};
  a[15] = last;
  return a;
}

FlowRecord v4_flow(uint64_t id, uint32_t src, uint32_t dst, uint8_t proto, uint16_t port, uint64_t bytes,
                   uint32_t first, uint32_t last, std::string info) {
  FlowRecord r;
  r.flow_id = id;
  r.ipv4_src = src;
  r.ipv4_dst = dst;
  r.protocol = proto;
  r.dst_port = port;
  r.src2dst_bytes = bytes;
  r.first_seen = first;
  r.last_seen = last;
  r.info = std::move(info);
  r.score = static_cast<uint16_t>(id * 5);
  r.interface_id = static_cast<uint16_t>(id % 2);
  return r;
}

FlowRecord v6_flow() {
  FlowRecord r;
  r.flow_id = 5;
  r.ip_version = 6;
  r.ipv6_src = v6(1);
  r.ipv6_dst = v6(2);
  r.src2dst_bytes = 70;
  r.protocol = 6;
  r.first_seen = 120;
  r.last_seen = 130;
  r.info = "v6.example.com";
  return r;
}

TEST(ClauseClickHouse, BothBackendsAnswerTheSame) {
  std::string why;
  auto server = netmeter::test::ClickHouseServer::start(why);
  if (!server) GTEST_SKIP() << why;
  netmeter::test::TempDir dir("netmeter-clause-clickhouse");
  auto sqlite = SqliteHistoryStore::open(dir.path() / "history.db");
  auto clickhouse = clickhouse::make_clickhouse_store(server->url("clauses"), server->password_file());
  const std::vector<FlowRecord> flows{
      v4_flow(1, 0x0A000001, 0x0A000002, 6, 443, 1000, 100, 110, "www.example.com"),
      v4_flow(2, 0x0A000001, 0x0A000003, 17, 53, 200, 105, 106, "Example.org"),
      v4_flow(3, 0x0A000002, 0x0A000003, 6, 80, 5000, 150, 300, "a_b%c.net"),
      v4_flow(4, 0x0A000003, 0x0A000001, 1, 0, 50, 290, 310, "it's \\ here"), v6_flow()};
  sqlite->insert(flows);
  clickhouse->insert(flows);

  const std::vector<FlowClauses> queries{
      {.select = "FLOW_ID", .where = "IPV4_SRC_ADDR = 10.0.0.1", .order_by = "FLOW_ID"},
      {.where = "FLOW_ID = 5"},
      {.where = "FLOW_ID = 4"},
      {.select = "FLOW_ID", .where = "PROTOCOL IN (1, 17) OR IP_DST_PORT BETWEEN 80 AND 100"},
      {.select = "FLOW_ID",
       .where = "PROTOCOL NOT IN (6) AND NOT (SCORE >= 20 OR IP_DST_PORT NOT BETWEEN 1 AND 60)"},
      {.select = "FLOW_ID", .where = "INFO LIKE '%example%'"},
      {.select = "FLOW_ID", .where = "INFO LIKE 'Example._rg' OR INFO LIKE '%\\_b\\%%'"},
      {.select = "FLOW_ID", .where = "INFO LIKE '%\\\\%' OR INFO LIKE 'a*%'"},
      {.select = "FLOW_ID", .where = "INFO NOT LIKE '%.com'"},
      {.select = "FLOW_ID", .where = "INFO = 'it''s \\\\ here' OR INFO = '''; DROP TABLE flows; --'"},
      {.select = "FLOW_ID, IPV6_DST_ADDR", .where = "IPV6_SRC_ADDR = '2001:db8::1'"},
      {.select = "FLOW_ID", .where = "FIRST_SEEN IN (100, 105) OR IPV6_DST_ADDR IN ('2001:db8::2', '::1')"},
      {.select = "FLOW_ID", .where = "IPV6_SRC_ADDR > '2001:db8::' AND LAST_SEEN NOT IN (1, 2)"},
      {.select = "FLOW_ID",
       .where = "TOTAL_BYTES > 18446744073709551615 OR TOTAL_BYTES >= 9223372036854775808"},
      {.select = "FLOW_ID",
       .where = "LAST_SEEN > FIRST_SEEN AND TOTAL_BYTES < 1000 AND 1 <= IP_PROTOCOL_VERSION"},
      {.select = "FLOW_ID", .begin_time = "100", .end_time = "300"},
      {.select = "FLOW_ID", .end_time = "130"},
      {.select = "IPV4_SRC_ADDR, SUM(TOTAL_BYTES) AS bytes, COUNT(*) n",
       .where = "IP_PROTOCOL_VERSION = 4",
       .group_by = "IPV4_SRC_ADDR",
       .order_by = "bytes DESC",
       .maxhits = "2"},
      {.select =
           "PROTOCOL, MIN(FIRST_SEEN), MAX(LAST_SEEN), MAX(IPV6_SRC_ADDR), COUNT(DISTINCT IPV4_DST_ADDR)",
       .group_by = "PROTOCOL",
       .order_by = "PROTOCOL"},
      {.select = "SUM(TOTAL_BYTES), COUNT(*)", .where = "PROTOCOL = 99"},
      {.select = "IP_PROTOCOL_VERSION, FIRST_SEEN",
       .group_by = "IP_PROTOCOL_VERSION, FIRST_SEEN",
       .order_by = "FIRST_SEEN DESC",
       .maxhits = "3"},
  };
  for (const FlowClauses& c : queries) {
    const FlowQuery q = parsed(c);
    auto expected = texts(sqlite->execute(render(q, SqlDialect::Sqlite)));
    const RenderedQuery ch = render(q, SqlDialect::ClickHouse);
    auto answered = texts(clickhouse->execute(ch));
    if (q.order_by.empty()) {
      std::sort(expected.begin(), expected.end());
      std::sort(answered.begin(), answered.end());
    }
    EXPECT_EQ(answered, expected) << "where: " << c.where << "\nselect: " << c.select << "\n" << ch.sql;
  }
  // Every flow still there on both (the injection attempt in a quoted value stayed a value).
  const FlowQuery count = parsed({.select = "COUNT(*)"});
  EXPECT_EQ(texts(sqlite->execute(render(count, SqlDialect::Sqlite))),
            (std::vector<std::vector<std::string>>{{"5"}}));
  EXPECT_EQ(texts(clickhouse->execute(render(count, SqlDialect::ClickHouse))),
            (std::vector<std::vector<std::string>>{{"5"}}));
}

}  // namespace
}  // namespace netmeter::history::query
