// The ClickHouse store against a real clickhouse-server started for this test (tests/support/).
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <map>
#include <thread>

#include "history/clickhouse/clickhouse_history_store.hpp"
#include "history/clickhouse/flow_schema.hpp"
#include "support/clickhouse_server.hpp"
#include "temp_dir.hpp"

namespace netmeter::history::clickhouse {
namespace {

constexpr uint32_t kNov14 = 1'699'920'000;  // 2023-11-14 00:00:00 UTC

class ClickHouseStoreTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string why;
    server_ = test::ClickHouseServer::start(why).release();
    if (!server_) skip_reason_ = new std::string(why);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (!server_) GTEST_SKIP() << *skip_reason_;
  }

  // A database of its own per test, so tests do not see each other's rows.
  std::unique_ptr<HistoryStore> make_store() {
    const std::string name = testing::UnitTest::GetInstance()->current_test_info()->name();
    return make_clickhouse_store(server_->url("t_" + name), server_->password_file());
  }

  static inline test::ClickHouseServer* server_ = nullptr;
  static inline std::string* skip_reason_ = nullptr;
};

RenderedQuery sql(std::string text) {
  RenderedQuery query;
  query.sql = std::move(text);
  return query;
}

uint64_t count_rows(HistoryStore& store) {
  const auto table = store.execute(sql("SELECT count() FROM flows"));
  return std::get<uint64_t>(table.rows.at(0).at(0));
}

std::array<uint8_t, 16> v6(uint8_t last) {
  std::array<uint8_t, 16> a{0x20, 0x01, 0x0d, 0xb8};
  a[15] = last;
  return a;
}

std::vector<FlowRecord> sample_flows() {
  std::vector<FlowRecord> flows;
  const char* infos[] = {
      "plain.example.org",         "quote ' and \" and `", "tab\there\nnewline\r\\backslash\\",
      "non-ASCII: ünïcödé 東京 🚀", "(set below)",          ""};
  for (uint64_t i = 0; i < 6; ++i) {
    FlowRecord f;
    f.flow_id = 1000 + i;
    f.first_seen = kNov14 + 3600 + static_cast<uint32_t>(i) * 60;
    f.last_seen = f.first_seen + 30;
    f.vlan = static_cast<uint16_t>(i);
    f.src2dst_bytes = 1000 * (i + 1);
    f.dst2src_bytes = 18'446'744'073'709'000'000ULL / (i + 2);
    f.src2dst_packets = 10 + i;
    f.dst2src_packets = 20 + i;
    f.protocol = i % 2 ? 17 : 6;
    if (i == 2 || i == 3) {
      f.ip_version = 6;
      f.ipv6_src = v6(static_cast<uint8_t>(i));
      f.ipv6_dst = v6(0xff);
      f.ipv6_dst[8] = '\t';  // bytes that TSV must escape
      f.ipv6_dst[9] = '\n';
      f.ipv6_dst[10] = '\\';
    } else {
      f.ipv4_src = 0xC0A80001 + static_cast<uint32_t>(i % 2);
      f.ipv4_dst = 0xFFFFFFFF;
    }
    f.src_port = static_cast<uint16_t>(40000 + i);
    f.dst_port = 443;
    f.l7_proto = 91;
    f.l7_master = 7;
    f.l7_category = 5;
    f.l7_breed = 2;
    f.flow_risk = uint64_t{1} << 63;
    f.info = infos[i];
    f.interface_id = 1;
    f.status = 3;
    f.src_country = ('D' << 8) | 'E';
    f.dst_country = ('U' << 8) | 'S';
    f.src_asn = 3320;
    f.dst_asn = 4'294'967'295u;
    f.src2dst_tcp_flags = 0x1b;
    f.dst2src_tcp_flags = 0x12;
    f.score = 65535;
    f.client_latency_us = 1234;
    f.server_latency_us = 5678;
    f.src2dst_retransmissions = 1;
    f.dst2src_retransmissions = 2;
    f.src2dst_out_of_order = 3;
    f.dst2src_out_of_order = 4;
    f.end_reason = 2;
    flows.push_back(f);
  }
  flows[4].info = std::string("nul\0byte", 8);
  return flows;
}

// What each column should read back as, computed from the record independently of the encoder.
std::map<std::string, Value> expected_cells(const FlowRecord& f) {
  auto u = [](uint64_t v) { return Value(v); };
  return {{"FLOW_ID", u(f.flow_id)},
          {"IP_PROTOCOL_VERSION", u(f.ip_version)},
          {"FIRST_SEEN", u(f.first_seen)},
          {"LAST_SEEN", u(f.last_seen)},
          {"VLAN_ID", u(f.vlan)},
          {"PACKETS", u(f.packets())},
          {"TOTAL_BYTES", u(f.total_bytes())},
          {"SRC2DST_BYTES", u(f.src2dst_bytes)},
          {"DST2SRC_BYTES", u(f.dst2src_bytes)},
          {"SRC2DST_PACKETS", u(f.src2dst_packets)},
          {"DST2SRC_PACKETS", u(f.dst2src_packets)},
          {"PROTOCOL", u(f.protocol)},
          {"IPV4_SRC_ADDR", u(f.ipv4_src)},
          {"IPV6_SRC_ADDR", Value(f.ipv6_src)},
          {"IP_SRC_PORT", u(f.src_port)},
          {"IPV4_DST_ADDR", u(f.ipv4_dst)},
          {"IPV6_DST_ADDR", Value(f.ipv6_dst)},
          {"IP_DST_PORT", u(f.dst_port)},
          {"L7_PROTO", u(f.l7_proto)},
          {"L7_PROTO_MASTER", u(f.l7_master)},
          {"L7_CATEGORY", u(f.l7_category)},
          {"L7_BREED", u(f.l7_breed)},
          {"FLOW_RISK", u(f.flow_risk)},
          {"INFO", Value(f.info)},
          {"INTERFACE_ID", u(f.interface_id)},
          {"STATUS", u(f.status)},
          {"SRC_COUNTRY_CODE", u(f.src_country)},
          {"DST_COUNTRY_CODE", u(f.dst_country)},
          {"SRC_ASN", u(f.src_asn)},
          {"DST_ASN", u(f.dst_asn)},
          {"SRC2DST_TCP_FLAGS", u(f.src2dst_tcp_flags)},
          {"DST2SRC_TCP_FLAGS", u(f.dst2src_tcp_flags)},
          {"SCORE", u(f.score)},
          {"CLIENT_NW_LATENCY_US", u(f.client_latency_us)},
          {"SERVER_NW_LATENCY_US", u(f.server_latency_us)},
          {"SRC2DST_RETRANSMISSIONS", u(f.src2dst_retransmissions)},
          {"DST2SRC_RETRANSMISSIONS", u(f.dst2src_retransmissions)},
          {"SRC2DST_OUT_OF_ORDER", u(f.src2dst_out_of_order)},
          {"DST2SRC_OUT_OF_ORDER", u(f.dst2src_out_of_order)},
          {"END_REASON", u(f.end_reason)}};
}

TEST_F(ClickHouseStoreTest, SchemaCreationIsIdempotent) {
  auto first = make_store();
  first->insert(sample_flows());
  auto second = make_store();  // CREATE ... IF NOT EXISTS again: same table, rows kept
  EXPECT_EQ(second->dialect(), SqlDialect::ClickHouse);
  EXPECT_EQ(count_rows(*second), 6u);
  const auto tables =
      second->execute(sql("SELECT count() FROM system.tables WHERE database = 't_SchemaCreationIsIdempotent' "
                          "AND name = 'flows'"));
  EXPECT_EQ(tables.rows.at(0).at(0), Value(uint64_t{1}));
}

// A table created beforehand (as for a cluster) with the columns in another order and one more: netmeter
// names its columns when inserting. A table with a column of another type is refused at start.
TEST_F(ClickHouseStoreTest, TableCreatedBeforehand) {
  ClientOptions options;
  options.url = *parse_clickhouse_url(server_->url("t_TableCreatedBeforehand"));
  options.password = server_->password();
  ClickHouseClient client(options);
  client.statement("CREATE DATABASE t_TableCreatedBeforehand", false);
  std::string columns = "EXTRA String DEFAULT 'x'";
  for (const auto& c : flow_columns())
    columns = std::string(c.name) + " " + std::string(clickhouse_type(c.type)) + ", " + columns;
  client.statement("CREATE TABLE flows (" + columns +
                   ") ENGINE = MergeTree() PARTITION BY toYYYYMMDD(FIRST_SEEN) ORDER BY (FLOW_ID)");
  auto store = make_store();
  store->insert(sample_flows());
  const auto table = store->execute(sql("SELECT INFO, EXTRA, IPV6_DST_ADDR FROM flows ORDER BY FLOW_ID"));
  ASSERT_EQ(table.rows.size(), 6u);
  EXPECT_EQ(table.rows[2][0], Value(sample_flows()[2].info));
  EXPECT_EQ(table.rows[2][1], Value(std::string("x")));
  EXPECT_EQ(table.rows[2][2], Value(sample_flows()[2].ipv6_dst));

  options.url.database = "t_TableCreatedBeforehand_bad";
  ClickHouseClient bad(options);
  bad.statement("CREATE DATABASE t_TableCreatedBeforehand_bad", false);
  std::string old_columns;  // as a table with plain DateTime columns would be
  for (const auto& c : flow_columns())
    old_columns += (old_columns.empty() ? "" : ", ") + std::string(c.name) + " " +
                   (c.type == ColumnType::DateTime ? "DateTime" : std::string(clickhouse_type(c.type)));
  bad.statement("CREATE TABLE flows (" + old_columns +
                ") ENGINE = MergeTree() PARTITION BY toYYYYMMDD(FIRST_SEEN) ORDER BY (FLOW_ID)");
  try {
    make_clickhouse_store(server_->url("t_TableCreatedBeforehand_bad"), server_->password_file());
    FAIL() << "a table netmeter cannot write was accepted";
  } catch (const HistoryError& e) {
    EXPECT_NE(std::string(e.what()).find("column FIRST_SEEN of flows is DateTime"), std::string::npos)
        << e.what();
  }
}

TEST_F(ClickHouseStoreTest, EveryColumnReadsBackExactly) {
  auto store = make_store();
  const auto flows = sample_flows();
  store->insert(std::span(flows).first(3));
  store->insert(std::span(flows).subspan(3));
  std::string columns;
  for (const auto& c : flow_columns())
    columns += (columns.empty() ? "" : ", ") + std::string(c.name);
  const auto table = store->execute(sql("SELECT " + columns + " FROM flows ORDER BY FLOW_ID"));
  ASSERT_EQ(table.rows.size(), flows.size());
  ASSERT_EQ(table.column_names.size(), flow_columns().size());
  for (size_t r = 0; r < flows.size(); ++r) {
    const auto expected = expected_cells(flows[r]);
    for (size_t c = 0; c < table.column_names.size(); ++c)
      EXPECT_EQ(table.rows[r][c], expected.at(table.column_names[c]))
          << "row " << r << " column " << table.column_names[c];
  }
  EXPECT_EQ(table.column_types[2], ColumnType::DateTime);
  EXPECT_EQ(table.column_types[13], ColumnType::Ipv6);
}

TEST_F(ClickHouseStoreTest, GroupBySumAndTopN) {
  auto store = make_store();
  std::vector<FlowRecord> flows;
  std::map<uint32_t, uint64_t> bytes_by_source;
  for (uint32_t i = 0; i < 5000; ++i) {
    FlowRecord f;
    f.flow_id = i;
    f.first_seen = kNov14 + i % 3600;
    f.ipv4_src = 0x0A000000 + (i * 7919) % 97;
    f.src2dst_bytes = (i * 104729) % 100000;
    f.dst2src_bytes = i;
    flows.push_back(f);
    bytes_by_source[f.ipv4_src] += f.total_bytes();
  }
  store->insert(flows);
  RenderedQuery query =
      sql("SELECT IPV4_SRC_ADDR, sum(TOTAL_BYTES) AS bytes FROM flows WHERE FIRST_SEEN >= 1699920000 AND "
          "FIRST_SEEN < 1699923600 GROUP BY IPV4_SRC_ADDR ORDER BY bytes DESC, IPV4_SRC_ADDR LIMIT 10");
  query.column_names = {"src", "bytes"};
  query.column_types = {ColumnType::Ipv4, ColumnType::UInt64};
  const auto table = store->execute(query);

  std::vector<std::pair<uint64_t, uint32_t>> ranked;
  for (auto [src, bytes] : bytes_by_source)
    ranked.emplace_back(bytes, src);
  std::sort(ranked.begin(), ranked.end(),
            [](auto a, auto b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  ASSERT_EQ(table.rows.size(), 10u);
  EXPECT_EQ(table.column_names, (std::vector<std::string>{"src", "bytes"}));
  for (size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(table.rows[i][0], Value(uint64_t{ranked[i].second})) << i;
    EXPECT_EQ(table.rows[i][1], Value(ranked[i].first)) << i;
  }
}

// The number a slot's flows continue from: the highest stored number of that slot (whichever worker's)
// plus one, 1 without flows, as the SQLite store answers.
TEST_F(ClickHouseStoreTest, NextFlowNumberFollowsEachSlotsStoredFlows) {
  auto store = make_store();
  EXPECT_EQ(store->next_flow_number(0), 1u);
  std::vector<FlowRecord> flows(4);
  for (size_t i = 0; i < flows.size(); ++i) {
    flows[i].flow_id = i + 1;
    flows[i].first_seen = kNov14;
  }
  flows[1].flow_id = (uint64_t{3} << 48) + 77;
  flows[2].interface_id = 6;
  flows[2].flow_id = 12;
  store->insert(flows);
  EXPECT_EQ(store->next_flow_number(0), 78u);
  EXPECT_EQ(store->next_flow_number(6), 13u);
  EXPECT_EQ(store->next_flow_number(1), 1u);
}

TEST_F(ClickHouseStoreTest, RetentionDropsOldDayPartitions) {
  auto store = make_store();
  std::vector<FlowRecord> flows;
  for (uint32_t day = 0; day < 4; ++day)  // Nov 11 .. Nov 14, day + 1 flows each
    for (uint32_t i = 0; i <= day; ++i) {
      FlowRecord f;
      f.flow_id = day * 10 + i;
      f.first_seen = kNov14 - (3 - day) * 86400 + 7200 + i;
      flows.push_back(f);
    }
  store->insert(flows);
  ASSERT_EQ(count_rows(*store), 10u);
  const uint32_t now = kNov14 + 43'200;
  EXPECT_EQ(store->enforce_retention({.max_days = 30, .max_bytes = 0}, now), 0u);
  // Keep 2 days at Nov 14 12:00: the cutoff instant is Nov 12 12:00, so only Nov 11 (1 flow) goes.
  EXPECT_EQ(store->enforce_retention({.max_days = 2, .max_bytes = 0}, now), 1u);
  EXPECT_EQ(count_rows(*store), 9u);
  // A size bound below the table's size drops oldest days, never the newest.
  EXPECT_EQ(store->enforce_retention({.max_days = 0, .max_bytes = 1}, now), 5u);
  EXPECT_EQ(count_rows(*store), 4u);
  const auto left = store->execute(sql("SELECT DISTINCT toYYYYMMDD(FIRST_SEEN) FROM flows"));
  EXPECT_EQ(left.rows.at(0).at(0), Value(uint64_t{20231114}));
}

// A batch the server cannot read to its end (a connection cut mid-body looks the same to it) stores
// nothing: ClickHouse writes a block only once it is whole.
TEST_F(ClickHouseStoreTest, TruncatedBatchStoresNothing) {
  auto store = make_store();
  ClientOptions options;
  options.url = *parse_clickhouse_url(server_->url("t_TruncatedBatchStoresNothing"));
  options.password = server_->password();
  ClickHouseClient client(options);
  const auto flows = sample_flows();
  std::string body = RowBinaryEncoder().encode(flows);
  body.resize(body.size() - 7);
  EXPECT_THROW(client.insert("INSERT INTO flows FORMAT RowBinary", body), HistoryError);
  EXPECT_EQ(count_rows(*store), 0u);
  client.insert("INSERT INTO flows FORMAT RowBinary", RowBinaryEncoder().encode(flows));
  EXPECT_EQ(count_rows(*store), flows.size());
}

TEST_F(ClickHouseStoreTest, ServerErrorsAreHistoryErrorsWithClickHousesMessage) {
  auto store = make_store();
  try {
    store->execute(sql("SELECT NO_SUCH_COLUMN FROM flows"));
    FAIL();
  } catch (const HistoryError& e) {
    EXPECT_NE(std::string(e.what()).find("ClickHouse: Code: 47"), std::string::npos) << e.what();
  }
  // execute() is read-only: no DDL or DML gets through it, whatever the SQL says.
  EXPECT_THROW(store->execute(sql("DROP TABLE flows")), HistoryError);
  EXPECT_THROW(store->execute(sql("INSERT INTO flows (FLOW_ID) VALUES (1)")), HistoryError);
  EXPECT_EQ(count_rows(*store), 0u);
  try {
    store->execute(sql("SELECT * FROM file('/etc/passwd', TSV, 'a String')"));
    FAIL();
  } catch (const HistoryError& e) {
    EXPECT_EQ(std::string(e.what()).find("/etc"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find(server_->directory().string()), std::string::npos) << e.what();
  }
  RenderedQuery bound = sql("SELECT count() FROM flows WHERE FLOW_ID = ?");
  bound.params.push_back(uint64_t{1});
  EXPECT_THROW(store->execute(bound), HistoryError);
}

TEST_F(ClickHouseStoreTest, WrongPasswordIsRefusedAndNotEchoed) {
  test::TempDir dir;
  const auto file = dir.path() / "password";
  std::ofstream(file) << "not-the-password-4711\n";
  try {
    make_clickhouse_store(server_->url("t_wrong_password"), file);
    FAIL() << "a wrong password was accepted";
  } catch (const HistoryError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("ClickHouse: Code: 193"), std::string::npos) << message;
    EXPECT_EQ(message.find("not-the-password-4711"), std::string::npos) << message;
    EXPECT_EQ(message.find(server_->password()), std::string::npos) << message;
  }
}

// The fixture's server closes a kept-alive connection after 1 s of silence; the client, which keeps them
// up to 2 s, must notice and send the request again on a fresh connection instead of failing.
TEST_F(ClickHouseStoreTest, ReusesOrReplacesKeptAliveConnections) {
  auto store = make_store();
  store->insert(sample_flows());
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    EXPECT_EQ(count_rows(*store), 6u);
    EXPECT_EQ(count_rows(*store), 6u);  // straight after: the same connection again
  }
}

TEST_F(ClickHouseStoreTest, ConcurrentQueriesWhileInserting) {
  auto store = make_store();
  const auto flows = sample_flows();
  std::thread writer([&] {
    for (int i = 0; i < 20; ++i)
      store->insert(flows);
  });
  std::vector<std::thread> readers;
  std::atomic<int> answers{0};
  for (int t = 0; t < 3; ++t)
    readers.emplace_back([&] {
      for (int i = 0; i < 20; ++i)
        if (store->execute(sql("SELECT count() FROM flows")).rows.size() == 1) ++answers;
    });
  writer.join();
  for (auto& r : readers)
    r.join();
  EXPECT_EQ(answers.load(), 60);
  EXPECT_EQ(count_rows(*store), 120u);
}

}  // namespace
}  // namespace netmeter::history::clickhouse
