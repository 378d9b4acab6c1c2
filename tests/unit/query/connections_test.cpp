#include "query/connections.hpp"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connection_store.hpp"
#include "filter/parser.hpp"
#include "query/host_lists.hpp"

namespace netmeter::test {
namespace {

using query::ConnectionFilter;
using query::ListRequest;
using query::Order;
using query::SortKey;

class ConnectionsTest : public ::testing::Test, public ConnectionStore {
 protected:
  std::vector<uint64_t> ids(SortKey k, Order o, const ConnectionFilter& f = {},
                            query::Interval i = {}) const {
    ListRequest r;
    r.sort = k;
    r.order = o;
    r.interval = i;
    std::vector<uint64_t> out;
    for (const auto& c : query::list_connections(store, names, r, f).items)
      out.push_back(c.id);
    return out;
  }
  using V = std::vector<uint64_t>;
  query::NumericNames names;
};

TEST_F(ConnectionsTest, GetActiveAndFinished) {
  auto c1 = query::get_connection(store, names, 1);
  ASSERT_TRUE(c1);
  EXPECT_TRUE(c1->active);
  EXPECT_EQ(c1->client, lan);
  EXPECT_EQ(c1->server, web);
  EXPECT_EQ(c1->client_port, 40000);
  EXPECT_EQ(c1->server_port, 443);
  EXPECT_EQ(c1->l4, 6);
  EXPECT_EQ(c1->application, "91.124");
  EXPECT_EQ(c1->traffic.tx_bytes, 1000u);  // client to server
  EXPECT_EQ(c1->traffic.rx_bytes, 20000u);
  EXPECT_EQ(c1->per_second.rx_bytes, 2000u);  // over 10 s
  EXPECT_EQ(c1->first_ns, kT0 * kNs);
  EXPECT_EQ(c1->last_ns, (kT0 + 10) * kNs);
  EXPECT_EQ(c1->dir[0].bytes, 1000u);
  auto c2 = query::get_connection(store, names, 2);
  ASSERT_TRUE(c2);
  EXPECT_FALSE(c2->active);
  EXPECT_EQ(c2->end, flow::EndReason::IdleTimeout);
  EXPECT_EQ(c2->per_second.rx_bytes, 200u);  // shorter than a second counts as one
  EXPECT_FALSE(query::get_connection(store, names, 99));
}

TEST_F(ConnectionsTest, ActiveAndKeptFinished) {
  EXPECT_EQ(ids(SortKey::Key, Order::Ascending), (V{1, 2, 3, 4}));
  ConnectionFilter f;
  f.include_finished = false;
  EXPECT_EQ(ids(SortKey::Key, Order::Ascending, f), (V{1, 3, 4}));
  EXPECT_EQ(ids(SortKey::Key, Order::Descending, f), (V{4, 3, 1}));
}

TEST_F(ConnectionsTest, Filters) {
  auto with = [&](auto set) {
    ConnectionFilter f;
    set(f);
    return ids(SortKey::Key, Order::Ascending, f);
  };
  EXPECT_EQ(with([&](ConnectionFilter& f) { f.ip = lan.ip; }), (V{1, 2, 4}));
  EXPECT_EQ(with([&](ConnectionFilter& f) { f.client_ip = lan.ip; }), (V{1, 2}));
  EXPECT_EQ(with([&](ConnectionFilter& f) { f.server_ip = web.ip; }), (V{1, 3}));
  EXPECT_EQ(with([&](ConnectionFilter& f) { f.port = 22; }), (V{4}));
  EXPECT_EQ(with([&](ConnectionFilter& f) { f.port = 1234; }), (V{4}));
  EXPECT_EQ(with([&](ConnectionFilter& f) { f.client_port = 1234; }), (V{4}));
  EXPECT_EQ(with([&](ConnectionFilter& f) { f.server_port = 1234; }), (V{}));
  EXPECT_EQ(with([&](ConnectionFilter& f) { f.server_port = 443; }), (V{1}));
  EXPECT_EQ(with([&](ConnectionFilter& f) { f.l4 = 17; }), (V{2}));
  EXPECT_EQ(with([&](ConnectionFilter& f) { f.application = 91; }), (V{1}));
  EXPECT_EQ(with([&](ConnectionFilter& f) { f.application = 124; }), (V{1}));
  EXPECT_EQ(with([&](ConnectionFilter& f) { f.application = 7; }), (V{2, 3, 4}));
  EXPECT_EQ(with([&](ConnectionFilter& f) { f.vlan = 5; }), (V{}));
  EXPECT_EQ(with([&](ConnectionFilter& f) {
              f.ip = web.ip;
              f.l4 = 6;
              f.port = 80;
            }),
            (V{3}));
}

TEST_F(ConnectionsTest, ActiveInInterval) {
  ConnectionFilter f;
  f.active_in_interval = true;
  EXPECT_EQ(ids(SortKey::Key, Order::Ascending, f, {kT0 + 2, kT0 + 3}), (V{1, 3}));
  EXPECT_EQ(ids(SortKey::Key, Order::Ascending, f, {kT0 + 5, kT0 + 6}), (V{1, 4}));
  EXPECT_EQ(ids(SortKey::Key, Order::Ascending, f, {kT0 + 11, kT0 + 20}), (V{}));
}

TEST_F(ConnectionsTest, SortKeys) {
  // Client addresses: 3 10.0.0.5, 4 93.184.216.34, 1 and 2 192.168.1.10 (a tie: by id).
  EXPECT_EQ(ids(SortKey::ClientIp, Order::Ascending), (V{3, 4, 1, 2}));
  EXPECT_EQ(ids(SortKey::ClientIp, Order::Descending), (V{1, 2, 4, 3}));
  EXPECT_EQ(ids(SortKey::ServerIp, Order::Ascending), (V{2, 1, 3, 4}));
  EXPECT_EQ(ids(SortKey::ServerPort, Order::Ascending), (V{4, 2, 3, 1}));
  EXPECT_EQ(ids(SortKey::ClientPort, Order::Descending), (V{3, 2, 1, 4}));
  EXPECT_EQ(ids(SortKey::Bytes, Order::Descending), (V{1, 3, 4, 2}));
  EXPECT_EQ(ids(SortKey::TxBytes, Order::Descending), (V{1, 3, 4, 2}));
  EXPECT_EQ(ids(SortKey::Packets, Order::Ascending), (V{2, 4, 3, 1}));
  // Per second: 4 3300 (no duration), 3 2750 (2 s), 1 2100 (10 s), 2 280.
  EXPECT_EQ(ids(SortKey::Bps, Order::Descending), (V{4, 3, 1, 2}));
  EXPECT_EQ(ids(SortKey::FirstSeen, Order::Descending), (V{4, 3, 2, 1}));
  EXPECT_EQ(ids(SortKey::LastSeen, Order::Ascending), (V{2, 3, 4, 1}));
  // Name is the application name: "7" < "91.124".
  EXPECT_EQ(ids(SortKey::Name, Order::Ascending), (V{2, 3, 4, 1}));
  EXPECT_EQ(ids(SortKey::Name, Order::Descending), (V{1, 2, 3, 4}));
  // No flow count on a flow: by id.
  EXPECT_EQ(ids(SortKey::Flows, Order::Descending), (V{4, 3, 2, 1}));
}

TEST_F(ConnectionsTest, Paging) {
  ListRequest r;
  r.sort = SortKey::Bytes;
  r.order = Order::Descending;
  r.page_size = 3;
  r.page = 1;
  auto p = query::list_connections(store, names, r);
  EXPECT_EQ(p.total, 4u);
  EXPECT_EQ(p.pages, 2u);
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].id, 2u);
  EXPECT_FALSE(p.items[0].active);
}

// An application's own connections: the exact master and app pair, where `application` takes either.
TEST_F(ConnectionsTest, ExactApplication) {
  ConnectionFilter youtube_over_tls;
  youtube_over_tls.app_key = stats::app_key(91, 124);
  EXPECT_EQ(ids(SortKey::Key, Order::Ascending, youtube_over_tls), (V{1}));
  ConnectionFilter youtube_alone;
  youtube_alone.app_key = stats::app_key(0, 124);
  EXPECT_EQ(ids(SortKey::Key, Order::Ascending, youtube_alone), V{});
  ConnectionFilter seven;
  seven.app_key = stats::app_key(0, 7);
  EXPECT_EQ(ids(SortKey::Key, Order::Ascending, seven), (V{2, 3, 4}));
}

/// nDPI-like names for the fixture's numbers: 91 TLS, 124 YouTube, 7 HTTP.
class TestNames final : public query::NameResolver {
 public:
  std::string application(uint16_t master, uint16_t app) const override {
    if (master == 0 || master == app) return single(app);
    if (app == 0) return single(master);
    return single(master) + "." + single(app);
  }
  std::string category(uint16_t c) const override { return std::to_string(c); }
  std::string breed(uint8_t b) const override { return std::to_string(b); }

 private:
  static std::string single(uint16_t p) {
    static const std::map<uint16_t, std::string> names{{91, "TLS"}, {124, "YouTube"}, {7, "HTTP"}};
    auto it = names.find(p);
    return it == names.end() ? std::to_string(p) : it->second;
  }
};

class ConnectionExpressionTest : public ::testing::Test, public ConnectionStore {
 protected:
  /// The ids the expression selects, in id order; every list is complete (finished ones included).
  std::vector<uint64_t> matching(std::string_view text, ConnectionFilter f = {}) {
    auto parsed = filter::parse(text);
    EXPECT_TRUE(parsed) << text << ": " << parsed.error.to_string();
    if (!parsed) return {};
    filter::Filter compiled(*parsed.expression);
    f.expression = &compiled;
    std::vector<uint64_t> out;
    for (const auto& c : query::list_connections(store, names, ListRequest{}, f).items)
      out.push_back(c.id);
    return out;
  }
  using V = std::vector<uint64_t>;
  TestNames names;
};

// src is the client and dst the server, whichever end the flow key stores first (connections 1 and 2 have
// their client as the key's high end, 3 and 4 as its low end).
TEST_F(ConnectionExpressionTest, ClientIsSrcServerIsDst) {
  EXPECT_EQ(matching("srcip==192.168.1.10"), (V{1, 2}));
  EXPECT_EQ(matching("dstip==192.168.1.10"), (V{4}));
  EXPECT_EQ(matching("ip==192.168.1.10"), (V{1, 2, 4}));
  EXPECT_EQ(matching("dstip==93.184.216.34"), (V{1, 3}));
  EXPECT_EQ(matching("srcip==93.184.216.34"), (V{4}));
  EXPECT_EQ(matching("srcport==1234"), (V{4}));
  EXPECT_EQ(matching("dstport==22"), (V{4}));
  EXPECT_EQ(matching("srcport==22"), (V{}));
  EXPECT_EQ(matching("dstport<100"), (V{2, 3, 4}));
  EXPECT_EQ(matching("srcport>=40001"), (V{2, 3}));
  EXPECT_EQ(matching("ip==192.168.1.10:40000"), (V{1}));
  EXPECT_EQ(matching("dstip==8.8.8.0/24:53 and l4Protocol==UDP"), (V{2}));
  EXPECT_EQ(matching("ip==10.0.0.0/8 or srcport==1234"), (V{3, 4}));
  EXPECT_EQ(matching("!(ip==192.168.1.10)"), (V{3}));
}

TEST_F(ConnectionExpressionTest, ProtocolAndVlan) {
  EXPECT_EQ(matching("l4Protocol==UDP"), (V{2}));
  EXPECT_EQ(matching("l4Protocol==6"), (V{1, 3, 4}));
  EXPECT_EQ(matching("vlan==none"), (V{1, 2, 3, 4}));
  EXPECT_EQ(matching("vlan==5"), (V{}));
}

// dpi compares nDPI's names: the master, the app, or the full "Master.App" name.
TEST_F(ConnectionExpressionTest, ApplicationNames) {
  EXPECT_EQ(matching("dpi==tls"), (V{1}));
  EXPECT_EQ(matching("dpi==YOUTUBE"), (V{1}));
  EXPECT_EQ(matching("dpi==tls.youtube"), (V{1}));
  EXPECT_EQ(matching("dpi===TLS.YouTube"), (V{1}));
  EXPECT_EQ(matching("dpi===YouTube"), (V{}));
  EXPECT_EQ(matching("dpi~tube"), (V{1}));
  EXPECT_EQ(matching("dpi~\"s.y\""), (V{1}));
  EXPECT_EQ(matching("dpi==http"), (V{2, 3, 4}));
  EXPECT_EQ(matching("dpi===HTTP"), (V{2, 3, 4}));
  EXPECT_EQ(matching("dpi!=http"), (V{1}));
  EXPECT_EQ(matching("dpi==http and dstport==80"), (V{3}));
  EXPECT_EQ(matching("dpi==dns"), (V{}));
}

// The expression narrows what the other filter fields leave.
TEST_F(ConnectionExpressionTest, CombinesWithTheOtherFilters) {
  ConnectionFilter f;
  f.l4 = 6;
  EXPECT_EQ(matching("ip==192.168.1.10", f), (V{1, 4}));
  f = {};
  f.include_finished = false;
  EXPECT_EQ(matching("srcip==192.168.1.10", f), (V{1}));
  // And so do the per-host connection lists.
  auto parsed = filter::parse("dstport==80 or dstport==22");
  ASSERT_TRUE(parsed);
  filter::Filter compiled(*parsed.expression);
  ConnectionFilter host_filter;
  host_filter.expression = &compiled;
  auto c = query::host_connections(store, names, web, ListRequest{}, host_filter);
  ASSERT_TRUE(c);
  ASSERT_EQ(c->total, 2u);
  EXPECT_EQ(c->items[0].id, 3u);
  EXPECT_EQ(c->items[1].id, 4u);
}

// Without ports (ICMP) no port comparison is true and every != port one is.
TEST(ConnectionExpression, ConnectionsWithoutPorts) {
  stats::StatsStore store{stats::StatsConfig{}};
  auto d = delta(kT0);
  d.connections.push_back(update(Conn{1, host("10.0.0.1"), 0, host("10.0.0.2"), 0, 1}));
  d.connections.push_back(update(Conn{2, host("10.0.0.1"), 40000, host("10.0.0.2"), 0, 17}));
  store.apply(d);
  query::NumericNames names;
  auto ids = [&](std::string_view text) {
    auto parsed = filter::parse(text);
    EXPECT_TRUE(parsed) << text;
    filter::Filter compiled(*parsed.expression);
    ConnectionFilter f;
    f.expression = &compiled;
    std::vector<uint64_t> out;
    for (const auto& c : query::list_connections(store, names, ListRequest{}, f).items)
      out.push_back(c.id);
    return out;
  };
  EXPECT_EQ(ids("port==0"), (std::vector<uint64_t>{2}));  // UDP to port 0 has ports
  EXPECT_EQ(ids("port!=0"), (std::vector<uint64_t>{1}));
  EXPECT_EQ(ids("l4Protocol==ICMP"), (std::vector<uint64_t>{1}));
  EXPECT_EQ(ids("ip==10.0.0.2:0"), (std::vector<uint64_t>{2}));
}

}  // namespace
}  // namespace netmeter::test
