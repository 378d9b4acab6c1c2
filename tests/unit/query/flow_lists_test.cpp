#include "query/flow_lists.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "connection_store.hpp"

namespace netmeter::test {
namespace {

using query::FlowFilter;
using query::ListRequest;
using query::Order;
using query::SortKey;
using V = std::vector<uint64_t>;

class FlowListsTest : public ::testing::Test, public ConnectionStore {
 protected:
  query::Page<query::FlowItem> list(SortKey k, Order o, const FlowFilter& f = {},
                                    size_t page_size = 100) const {
    ListRequest r;
    r.sort = k;
    r.order = o;
    r.page_size = page_size;
    return query::list_active_flows(store, names, r, f);
  }
  V ids(SortKey k, Order o, const FlowFilter& f = {}) const {
    V out;
    for (const auto& item : list(k, o, f).items)
      out.push_back(item.connection.id);
    return out;
  }
  V with(auto set) const {
    FlowFilter f;
    set(f);
    return ids(SortKey::Key, Order::Ascending, f);
  }
  query::NumericNames names;
};

TEST(FlowKeyTest, NtopngFormula) {
  // ntopng's own example: 192.168.1.93:61683 -> 8.241.92.250:443 over TCP.
  bool swapped = false;
  auto k = core::FlowKey::make({*core::IpAddress::parse("192.168.1.93"), 61683},
                               {*core::IpAddress::parse("8.241.92.250"), 443}, 0, 6, swapped);
  EXPECT_EQ(query::ntopng_flow_key(k), 3382381902u);
  EXPECT_EQ(query::ntopng_ip_key(*core::IpAddress::parse("192.168.1.93")), 3232235869u);
  // IPv6: the four words as a little-endian machine reads them, summed modulo 2^32.
  EXPECT_EQ(query::ntopng_ip_key(*core::IpAddress::parse("::1")), 0x01000000u);
  EXPECT_EQ(query::ntopng_ip_key(*core::IpAddress::parse("1::1:0:0:1")), 0x0100u + 0x01000000u + 0x0100u);
}

TEST_F(FlowListsTest, OnlyActiveConnections) {
  auto page = list(SortKey::Key, Order::Ascending);
  EXPECT_EQ(page.total, 3u);  // 2 ended by idle timeout
  EXPECT_EQ(ids(SortKey::Key, Order::Ascending), (V{1, 3, 4}));
  const auto& f = page.items[0];
  EXPECT_EQ(f.client.label, "192.168.1.10");
  EXPECT_FALSE(f.client.broadcast_domain);
  EXPECT_EQ(f.connection.application, "91.124");
}

TEST_F(FlowListsTest, ConnectionsACaptureFileEndedAreListed) {
  auto d = delta(kT0 + 20);
  auto u = update(Conn{5, lan, 40005, web, 8080, 6, 1, 10, 1, 10, (kT0 + 20) * kNs, (kT0 + 20) * kNs});
  u.ended = true;
  u.end = flow::EndReason::AnalysisEnd;
  d.connections.push_back(u);
  store.apply(d);
  EXPECT_EQ(ids(SortKey::Key, Order::Ascending), (V{1, 3, 4, 5}));
}

TEST_F(FlowListsTest, SortKeys) {
  EXPECT_EQ(ids(SortKey::Bytes, Order::Descending), (V{1, 3, 4}));
  EXPECT_EQ(ids(SortKey::Duration, Order::Descending), (V{1, 3, 4}));  // 10 s, 2 s, 0 s
  EXPECT_EQ(ids(SortKey::FirstSeen, Order::Ascending), (V{1, 3, 4}));
  EXPECT_EQ(ids(SortKey::ClientIp, Order::Ascending), (V{3, 4, 1}));  // 10.0.0.5, 93.184.216.34, 192.168.1.10
  EXPECT_EQ(ids(SortKey::Bps, Order::Descending), (V{4, 3, 1}));      // 3300 B/s, 2750 B/s, 2100 B/s
  EXPECT_EQ(ids(SortKey::L4, Order::Ascending), (V{1, 3, 4}));        // all TCP: ties by id
  std::vector<uint32_t> keys;
  for (const auto& f : list(SortKey::FlowKey, Order::Ascending).items)
    keys.push_back(f.key);
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_EQ(list(SortKey::Bytes, Order::Descending, {}, 1).items.size(), 1u);
}

TEST_F(FlowListsTest, Filters) {
  EXPECT_EQ(with([&](FlowFilter& f) { f.host = lan.ip; }), (V{1, 4}));
  EXPECT_EQ(with([&](FlowFilter& f) { f.client = lan.ip; }), (V{1}));
  EXPECT_EQ(with([&](FlowFilter& f) { f.server = web.ip; }), (V{1, 3}));
  EXPECT_EQ(with([&](FlowFilter& f) { f.talking_with = other.ip; }), (V{3}));
  EXPECT_EQ(with([&](FlowFilter& f) {
              f.host = web.ip;
              f.talking_with = lan.ip;
            }),
            (V{1, 4}));
  EXPECT_EQ(with([&](FlowFilter& f) { f.port = 443; }), (V{1}));
  EXPECT_EQ(with([&](FlowFilter& f) { f.l4 = 17; }), (V{}));
  EXPECT_EQ(with([&](FlowFilter& f) { f.vlan = 3; }), (V{}));
  EXPECT_EQ(with([&](FlowFilter& f) { f.version = 6; }), (V{}));
  EXPECT_EQ(with([&](FlowFilter& f) { f.app_id = 124; }), (V{1}));
  EXPECT_EQ(with([&](FlowFilter& f) { f.application = "91"; }), (V{1}));  // the master's own name
  EXPECT_EQ(with([&](FlowFilter& f) { f.application = "91.124"; }), (V{1}));
  EXPECT_EQ(with([&](FlowFilter& f) { f.application = "7"; }), (V{3, 4}));
  EXPECT_EQ(with([&](FlowFilter& f) { f.category = "5"; }), (V{1, 3, 4}));
  EXPECT_EQ(with([&](FlowFilter& f) { f.category_id = 4; }), (V{}));
}

TEST_F(FlowListsTest, BytesIndexAgreesWithTheScanAndFollowsGenerations) {
  query::FlowBytesIndex index;
  ListRequest r;
  r.sort = SortKey::Bytes;
  r.order = Order::Descending;
  r.page_size = 2;
  auto ids_of = [](const query::Page<query::FlowItem>& p) {
    V out;
    for (const auto& f : p.items)
      out.push_back(f.connection.id);
    return out;
  };
  auto indexed = query::list_active_flows(store, names, r, {}, &index, 1);
  EXPECT_EQ(indexed.total, 3u);
  EXPECT_EQ(ids_of(indexed), (V{1, 3}));
  EXPECT_EQ(indexed.items[0].client.label, list(SortKey::Bytes, Order::Descending).items[0].client.label);
  r.page = 1;
  EXPECT_EQ(ids_of(query::list_active_flows(store, names, r, {}, &index, 1)), (V{4}));
  // Connection 4 ends (idle) and a bigger one starts: a new generation shows it.
  auto d = delta(kT0 + 30);
  auto gone = update(Conn{4, web, 1234, lan, 22, 6, 3, 300, 3, 3000, (kT0 + 5) * kNs, (kT0 + 5) * kNs, true});
  d.connections.push_back(gone);
  d.connections.push_back(
      update(Conn{6, lan, 40006, web, 443, 6, 9, 90000, 9, 90000, (kT0 + 30) * kNs, (kT0 + 30) * kNs}));
  store.apply(d);
  r.page = 0;
  // An index of the older generation still used: the flow gone is left out, nothing else is read.
  auto stale = query::list_active_flows(store, names, r, {}, &index, 1);
  EXPECT_EQ(ids_of(stale), (V{1, 3}));
  r.page = 1;
  EXPECT_EQ(ids_of(query::list_active_flows(store, names, r, {}, &index, 1)), (V{}));
  r.page = 0;
  EXPECT_EQ(ids_of(query::list_active_flows(store, names, r, {}, &index, 2)), (V{6, 1}));
  // Filters, a caller's view and other sorts do not use it.
  FlowFilter f;
  f.port = 443;
  EXPECT_EQ(ids_of(query::list_active_flows(store, names, r, f, &index, 2)), (V{6, 1}));
}

TEST_F(FlowListsTest, VisibleNeedsOneEnd) {
  ListRequest r;
  r.visible = [&](const core::IpAddress& ip) { return ip == other.ip; };
  auto page = query::list_active_flows(store, names, r);
  ASSERT_EQ(page.total, 1u);
  EXPECT_EQ(page.items[0].connection.id, 3u);
}

}  // namespace
}  // namespace netmeter::test
