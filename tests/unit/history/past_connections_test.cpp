// history::filter_predicate / split_filter and past_connection_query on a real SQLite store: for every
// expression that maps, the flows the store answers are exactly those the filter itself accepts.
#include "history/past_connections.hpp"

#include <gtest/gtest.h>

#include <set>

#include "filter/filter.hpp"
#include "filter/parser.hpp"
#include "history/filter_predicate.hpp"
#include "history/query/render.hpp"
#include "history/sqlite/sqlite_history_store.hpp"
#include "history_test_support.hpp"
#include "temp_dir.hpp"

namespace netmeter::history::test {
namespace {

filter::Expression parsed(std::string_view text) {
  auto r = filter::parse(text);
  EXPECT_TRUE(r) << text;
  return *r.expression;
}

FlowRecord flow(uint64_t id, const std::string& client, uint16_t cport, const std::string& server,
                uint16_t sport, uint8_t l4, uint16_t vlan) {
  FlowRecord r;
  r.flow_id = id;
  const core::IpAddress c = ip(client), s = ip(server);
  if (c.is_v4()) {
    auto number = [](const core::IpAddress& a) {
      const auto& b = a.bytes();
      return uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | uint32_t{b[3]};
    };
    r.ipv4_src = number(c);
    r.ipv4_dst = number(s);
  } else {
    r.ip_version = 6;
    r.ipv6_src = c.bytes();
    r.ipv6_dst = s.bytes();
  }
  r.src_port = cport;
  r.dst_port = sport;
  r.protocol = l4;
  r.vlan = vlan;
  r.first_seen = 1000;
  r.last_seen = 1000 + static_cast<uint32_t>(id);
  r.src2dst_bytes = 100 * id;
  r.dst2src_bytes = 10;
  r.src2dst_packets = r.dst2src_packets = 1;
  r.interface_id = 2;
  return r;
}

filter::Subject subject_of(const FlowRecord& r) {
  filter::Subject s;
  if (r.ip_version == 4) {
    const uint8_t c[4] = {uint8_t(r.ipv4_src >> 24), uint8_t(r.ipv4_src >> 16), uint8_t(r.ipv4_src >> 8),
                          uint8_t(r.ipv4_src)};
    const uint8_t d[4] = {uint8_t(r.ipv4_dst >> 24), uint8_t(r.ipv4_dst >> 16), uint8_t(r.ipv4_dst >> 8),
                          uint8_t(r.ipv4_dst)};
    s.src.ip = core::IpAddress::v4(c);
    s.dst.ip = core::IpAddress::v4(d);
  } else {
    s.src.ip = core::IpAddress::v6(r.ipv6_src.data());
    s.dst.ip = core::IpAddress::v6(r.ipv6_dst.data());
  }
  s.src.port = r.src_port;
  s.dst.port = r.dst_port;
  s.l4 = r.protocol;
  s.has_ports = r.protocol == 6 || r.protocol == 17 || r.protocol == 132;
  if (r.vlan) {
    s.vlan_count = 1;
    s.vlans[0] = r.vlan;
  }
  return s;
}

class PastConnectionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    flows = {flow(1, "10.0.0.1", 5000, "10.0.0.2", 80, 6, 0),
             flow(2, "10.0.0.1", 5001, "192.168.1.9", 443, 6, 10),
             flow(3, "192.168.1.9", 53, "10.1.2.3", 33000, 17, 0),
             flow(4, "10.0.0.7", 0, "8.8.8.8", 0, 1, 0),
             flow(5, "2001:db8::1", 40000, "2001:db8:1::5", 443, 6, 0),
             flow(6, "fe80::1", 546, "ff02::1:2", 547, 17, 3),
             flow(7, "172.16.0.1", 110, "10.0.0.2", 65535, 132, 4095),
             flow(8, "10.0.0.2", 1023, "172.16.0.1", 1024, 17, 0)};
    store->insert(flows);
  }

  /// The flow ids the store answers for `expression` (which must map whole).
  std::set<uint64_t> stored(const filter::Expression& e) {
    PastConnectionRequest request;
    request.interface_id = 2;
    request.begin = 0;
    request.end = UINT32_MAX;
    request.where = filter_predicate(e);
    EXPECT_TRUE(request.where.has_value()) << filter::to_string(e);
    std::set<uint64_t> ids;
    auto rendered = query::render(past_connection_query(request), SqlDialect::Sqlite);
    for (const auto& r : past_connection_rows(store->execute(rendered)))
      ids.insert(r.flow_id);
    return ids;
  }

  std::set<uint64_t> accepted(const filter::Expression& e) {
    filter::Filter f(e);
    std::set<uint64_t> ids;
    for (const auto& r : flows)
      if (f.matches(subject_of(r))) ids.insert(r.flow_id);
    return ids;
  }

  netmeter::test::TempDir dir{"netmeter-past"};
  std::unique_ptr<SqliteHistoryStore> store = SqliteHistoryStore::open(dir.path() / "history.db");
  std::vector<FlowRecord> flows;
};

TEST_F(PastConnectionsTest, TheStoreAnswersWhatTheFilterAccepts) {
  for (const char* text : {"ip==10.0.0.1",
                           "ip==10.0.0.0/8",
                           "srcip==10.0.0.0/16",
                           "dstip==10.0.0.2:80",
                           "ip==10.0.0.0/8:53",
                           "ip==0.0.0.0/0",
                           "ip!=10.0.0.1",
                           "ip==2001:db8::/32",
                           "dstip==[2001:db8:1::5]:443",
                           "ip==::/0",
                           "port==443",
                           "port<1024",
                           "srcport>=5000",
                           "dstport>65534",
                           "port<0",
                           "port!=80",
                           "portrange==80,100-120",
                           "dstportrange==-1023",
                           "srcportrange==546-547,65000-",
                           "vlan==none",
                           "vlan==10",
                           "vlan<5",
                           "vlan>=10",
                           "vlan!=none",
                           "vlan==0",
                           "l4Protocol==UDP",
                           "l4Protocol==ICMP",
                           "l4Protocol!=TCP",
                           "!(ip==10.0.0.0/8) and l4Protocol==UDP",
                           "(port==53 or port==443) and !(vlan==10)",
                           "ip==10.0.0.2 or ip==2001:db8::1"}) {
    const filter::Expression e = parsed(text);
    const auto want = accepted(e);
    EXPECT_EQ(stored(e), want) << text;
  }
}

TEST_F(PastConnectionsTest, MacAndDpiAreLeftForTheRowsRead) {
  EXPECT_FALSE(filter_predicate(parsed("dpi==TLS")));
  EXPECT_FALSE(filter_predicate(parsed("mac==02:00:00:00:00:01 or port==80")));
  SplitFilter split =
      split_filter(parsed("port==443 and dpi==TLS and l4Protocol==TCP and !(mac==02:00:00:00:00:01)"));
  ASSERT_TRUE(split.pushed && split.residual);
  EXPECT_EQ(filter::to_string(*split.residual), "dpi == TLS and !(mac == 02:00:00:00:00:01)");
  SplitFilter whole = split_filter(parsed("port==443 or dpi==TLS"));
  EXPECT_FALSE(whole.pushed);
  EXPECT_TRUE(whole.residual);
  SplitFilter pushed = split_filter(parsed("port==443 and vlan==none"));
  EXPECT_TRUE(pushed.pushed);
  EXPECT_FALSE(pushed.residual);
}

TEST_F(PastConnectionsTest, OneRowPerFlowWithItsRowsSummedAndSorted) {
  // A second row of flow 2 (a periodic row before it): the answer sums them.
  FlowRecord later = flows[1];
  later.first_seen = 1002;
  later.last_seen = 1010;
  later.src2dst_bytes = 5000;
  later.end_reason = 1;
  later.status = 62;
  store->insert(std::span(&later, 1));
  PastConnectionRequest request;
  request.interface_id = 2;
  request.begin = 1000;
  request.end = 1010;
  request.order = PastOrder::Bytes;
  request.descending = true;
  auto rows =
      past_connection_rows(store->execute(query::render(past_connection_query(request), SqlDialect::Sqlite)));
  ASSERT_EQ(rows.size(), flows.size());
  EXPECT_EQ(rows[0].flow_id, 2u);
  EXPECT_EQ(rows[0].src2dst_bytes, 5200u);
  EXPECT_EQ((std::array{rows[0].first_seen, rows[0].last_seen}), (std::array<uint32_t, 2>{1000, 1010}));
  EXPECT_EQ(rows[0].status, 62u);
  EXPECT_EQ(rows[0].end_reason, 1u);
  EXPECT_EQ(rows[0].vlan, 10u);
  for (size_t i = 1; i + 1 < rows.size(); ++i)
    EXPECT_GE(rows[i].total_bytes(), rows[i + 1].total_bytes());
  // The window: rows that ended after it are left out; another slot has none.
  request.end = 1005;
  auto early =
      past_connection_rows(store->execute(query::render(past_connection_query(request), SqlDialect::Sqlite)));
  EXPECT_EQ(early.size(), 5u);  // flows 1..5 (LAST_SEEN 1001..1005); flow 2 only with its first row
  request.interface_id = 3;
  EXPECT_TRUE(
      past_connection_rows(store->execute(query::render(past_connection_query(request), SqlDialect::Sqlite)))
          .empty());
}

}  // namespace
}  // namespace netmeter::history::test
