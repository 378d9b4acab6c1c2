#include "query/hosts.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "query/connections.hpp"
#include "store_fixture.hpp"

namespace netmeter::test {
namespace {

using query::ListRequest;
using query::Order;
using query::SortKey;

std::vector<std::string> keys(const query::Page<query::HostItem>& p) {
  std::vector<std::string> out;
  for (const auto& h : p.items)
    out.push_back(h.key.to_string());
  return out;
}

ListRequest sorted(SortKey k, Order o, size_t page_size = 100, size_t page = 0) {
  ListRequest r;
  r.sort = k;
  r.order = o;
  r.page_size = page_size;
  r.page = page;
  return r;
}

/// Five hosts: a local client talking to four others, in seconds kT0 .. kT0 + 2.
class HostsTest : public ::testing::Test {
 protected:
  HostsTest() : store(stats::StatsConfig{}) {
    auto d0 = delta(kT0);
    send(d0, lan, web, 300, kT0 * kNs + 1);
    send(d0, web, lan, 5000, kT0 * kNs + 2, 4);
    send(d0, lan, dns, 100, kT0 * kNs + 3);
    d0.hosts[lan].macs[0] = 0x020000000001;
    d0.hosts[lan].broadcast = false;
    store.apply(d0);
    auto d1 = delta(kT0 + 1);
    send(d1, lan, mcast, 300, (kT0 + 1) * kNs + 5);
    send(d1, dns, lan, 100, (kT0 + 1) * kNs + 6);
    send(d1, v6, bcast, 300, (kT0 + 1) * kNs + 7);  // same bytes as mcast: a tie
    store.apply(d1);
    auto d2 = delta(kT0 + 2);
    send(d2, web, lan, 1000, (kT0 + 2) * kNs + 8);
    store.apply(d2);
  }

  stats::HostKey lan = host("192.168.1.10");
  stats::HostKey web = host("93.184.216.34");
  stats::HostKey dns = host("8.8.8.8", 7);
  stats::HostKey mcast = host("239.1.2.3");
  stats::HostKey bcast = host("255.255.255.255");
  stats::HostKey v6 = host("2001:db8::1");
  stats::StatsStore store;
};

TEST_F(HostsTest, ParseHostKey) {
  EXPECT_EQ(query::parse_host_key("10.0.0.1"), host("10.0.0.1"));
  EXPECT_EQ(query::parse_host_key("10.0.0.1@12"), host("10.0.0.1", 12));
  EXPECT_EQ(query::parse_host_key("fe80::1@3"), host("fe80::1", 3));
  for (const char* bad : {"", "x", "10.0.0.1@", "10.0.0.1@5000", "10.0.0.1@1x", "@3", "1.2.3.4.5"})
    EXPECT_FALSE(query::parse_host_key(bad)) << bad;
}

TEST_F(HostsTest, GetHost) {
  EXPECT_FALSE(query::get_host(store, host("10.9.9.9")));
  EXPECT_FALSE(query::get_host(store, host("8.8.8.8")));  // VLAN 0: another host than 8.8.8.8@7
  auto h = query::get_host(store, lan, {kT0, kT0 + 2});
  ASSERT_TRUE(h);
  EXPECT_EQ(h->summary.key, lan);
  EXPECT_TRUE(h->summary.local);
  EXPECT_EQ(h->summary.mac, 0x020000000001u);
  EXPECT_EQ(h->summary.traffic.all_time.tx_bytes, 700u);
  EXPECT_EQ(h->summary.traffic.all_time.rx_bytes, 6100u);
  EXPECT_EQ(h->summary.traffic.interval.rx_bytes, 5100u);
  EXPECT_EQ(h->summary.traffic.interval_per_second.rx_bytes, 2550u);
  EXPECT_EQ(h->summary.traffic.last_second.rx_bytes, 100u);  // kT0 + 1: kT0 + 2 is not complete
  EXPECT_EQ(h->summary.first_ns, kT0 * kNs + 1);
  EXPECT_EQ(h->summary.last_ns, (kT0 + 2) * kNs + 8);
  EXPECT_EQ(h->entry.traffic.total, h->summary.traffic.all_time);
  EXPECT_EQ(h->entry.macs.size(), 1u);
}

TEST_F(HostsTest, SortByKeyBothOrders) {
  auto asc = query::list_hosts(store, sorted(SortKey::Key, Order::Ascending));
  EXPECT_EQ(keys(asc), (std::vector<std::string>{"8.8.8.8@7", "93.184.216.34", "192.168.1.10", "239.1.2.3",
                                                 "255.255.255.255", "2001:db8::1"}));
  auto desc = query::list_hosts(store, sorted(SortKey::Key, Order::Descending));
  auto reversed = keys(asc);
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_EQ(keys(desc), reversed);
}

TEST_F(HostsTest, TiesAreBrokenByKeyAscendingInBothOrders) {
  // All time: lan 6800, web 6300, dns 200@7, mcast 300, bcast 300, v6 300.
  auto desc = query::list_hosts(store, sorted(SortKey::Bytes, Order::Descending));
  EXPECT_EQ(keys(desc), (std::vector<std::string>{"192.168.1.10", "93.184.216.34", "239.1.2.3",
                                                  "255.255.255.255", "2001:db8::1", "8.8.8.8@7"}));
  auto asc = query::list_hosts(store, sorted(SortKey::Bytes, Order::Ascending));
  EXPECT_EQ(keys(asc), (std::vector<std::string>{"8.8.8.8@7", "239.1.2.3", "255.255.255.255", "2001:db8::1",
                                                 "93.184.216.34", "192.168.1.10"}));
}

TEST_F(HostsTest, TrafficSortKeys) {
  auto top = [&](SortKey k, query::Scope scope = query::Scope::AllTime, query::Interval i = {}) {
    auto r = sorted(k, Order::Descending, 1);
    r.scope = scope;
    r.interval = i;
    return keys(query::list_hosts(store, r)).at(0);
  };
  EXPECT_EQ(top(SortKey::RxBytes), "192.168.1.10");
  EXPECT_EQ(top(SortKey::TxBytes), "93.184.216.34");
  EXPECT_EQ(top(SortKey::Packets), "192.168.1.10");  // 8 packets; web 6
  EXPECT_EQ(top(SortKey::TxPackets), "93.184.216.34");
  // Last second (kT0 + 1): lan sent 300 to mcast and got 100 from dns.
  EXPECT_EQ(top(SortKey::Bytes, query::Scope::LastSecond), "192.168.1.10");
  // 300 each for lan and v6: the key decides (IPv4 before IPv6).
  EXPECT_EQ(top(SortKey::TxBytes, query::Scope::LastSecond), "192.168.1.10");
  EXPECT_EQ(top(SortKey::Bps), "192.168.1.10");
  // Interval kT0 + 2 only: web sent 1000 to lan.
  EXPECT_EQ(top(SortKey::TxBytes, query::Scope::Interval, {kT0 + 2, kT0 + 3}), "93.184.216.34");
  EXPECT_EQ(top(SortKey::TxBps, query::Scope::AllTime, {kT0 + 2, kT0 + 3}), "93.184.216.34");
}

TEST_F(HostsTest, RateSortAgreesWithTheValuesShown) {
  for (auto k : {SortKey::Bps, SortKey::RxBps, SortKey::TxBps, SortKey::Pps}) {
    auto r = sorted(k, Order::Descending, 0);
    r.interval = {kT0, kT0 + 3};  // three seconds: per-second values are rounded down
    auto items = query::list_hosts(store, r).items;
    ASSERT_EQ(items.size(), 6u);
    auto shown = [k](const query::HostItem& h) {
      const auto& t = h.traffic.interval_per_second;
      return k == SortKey::Bps     ? t.bytes()
             : k == SortKey::RxBps ? t.rx_bytes
             : k == SortKey::TxBps ? t.tx_bytes
                                   : t.packets();
    };
    for (size_t i = 1; i < items.size(); ++i) {
      ASSERT_GE(shown(items[i - 1]), shown(items[i])) << i;
      if (shown(items[i - 1]) == shown(items[i])) {
        EXPECT_LT(items[i - 1].key, items[i].key);
      }
    }
  }
  // lan: 6800 bytes in 3 s.
  auto r = sorted(SortKey::Bps, Order::Descending, 1);
  r.interval = {kT0, kT0 + 3};
  EXPECT_EQ(query::list_hosts(store, r).items.at(0).traffic.interval_per_second.bytes(), 233u + 2033u);
}

TEST_F(HostsTest, OtherSortKeys) {
  // lan and web saw their first and last packet at the same time: the key decides, ascending.
  auto first = keys(query::list_hosts(store, sorted(SortKey::FirstSeen, Order::Ascending)));
  EXPECT_EQ(first.at(0), "93.184.216.34");
  EXPECT_EQ(first.at(1), "192.168.1.10");
  EXPECT_EQ(first.at(2), "8.8.8.8@7");
  auto last = keys(query::list_hosts(store, sorted(SortKey::LastSeen, Order::Descending)));
  EXPECT_EQ(last.at(0), "93.184.216.34");
  EXPECT_EQ(last.at(1), "192.168.1.10");
  EXPECT_EQ(last.at(2), "255.255.255.255");  // ties with 2001:db8::1
  // Names: none learnt, so the order is the key's. Connection keys are not host keys: the key, in the
  // requested order.
  auto by_key = keys(query::list_hosts(store, sorted(SortKey::Key, Order::Ascending)));
  EXPECT_EQ(keys(query::list_hosts(store, sorted(SortKey::Name, Order::Ascending))), by_key);
  EXPECT_EQ(keys(query::list_hosts(store, sorted(SortKey::ServerPort, Order::Descending))),
            keys(query::list_hosts(store, sorted(SortKey::Key, Order::Descending))));
}

TEST_F(HostsTest, NamesAndFlowsSort) {
  stats::StatsStore s{stats::StatsConfig{}};
  auto a = host("10.0.0.1"), b = host("10.0.0.2"), c = host("10.0.0.3");
  auto d = delta(kT0);
  for (const auto& conn : {Conn{1, a, 40000, b, 443}, Conn{2, a, 40001, c, 53, 17}, Conn{3, a, 40002, b, 80}})
    d.connections.push_back(update(conn));
  std::string name = "www.example.com";
  std::copy(name.begin(), name.end(), d.connections[0].server_name);
  d.connections[0].server_name_len = static_cast<uint8_t>(name.size());
  s.apply(d);
  auto by_flows = query::list_hosts(s, sorted(SortKey::Flows, Order::Descending));
  EXPECT_EQ(keys(by_flows), (std::vector<std::string>{"10.0.0.1", "10.0.0.2", "10.0.0.3"}));
  EXPECT_EQ(by_flows.items[0].active_as_client, 3u);
  EXPECT_EQ(by_flows.items[1].active_as_server, 2u);
  auto by_name = query::list_hosts(s, sorted(SortKey::Name, Order::Descending));
  EXPECT_EQ(by_name.items[0].name, "www.example.com");
  EXPECT_EQ(keys(by_name), (std::vector<std::string>{"10.0.0.2", "10.0.0.1", "10.0.0.3"}));
  auto by_name_asc = query::list_hosts(s, sorted(SortKey::Name, Order::Ascending));
  EXPECT_EQ(keys(by_name_asc), (std::vector<std::string>{"10.0.0.1", "10.0.0.3", "10.0.0.2"}));
}

TEST_F(HostsTest, Paging) {
  auto r = sorted(SortKey::Key, Order::Ascending, 4);
  auto p0 = query::list_hosts(store, r);
  EXPECT_EQ(p0.total, 6u);
  EXPECT_EQ(p0.pages, 2u);
  EXPECT_EQ(p0.items.size(), 4u);
  r.page = 1;
  auto p1 = query::list_hosts(store, r);
  EXPECT_EQ(keys(p1), (std::vector<std::string>{"255.255.255.255", "2001:db8::1"}));  // last, partial
  EXPECT_EQ(p1.page, 1u);
  r.page = 2;
  auto p2 = query::list_hosts(store, r);
  EXPECT_TRUE(p2.items.empty());
  EXPECT_EQ(p2.total, 6u);
  EXPECT_EQ(p2.pages, 2u);
  r.page = SIZE_MAX;  // no overflow
  EXPECT_TRUE(query::list_hosts(store, r).items.empty());
  r.page_size = 0;
  r.page = 0;
  auto all = query::list_hosts(store, r);
  EXPECT_EQ(all.items.size(), 6u);
  EXPECT_EQ(all.pages, 1u);
  r.page = 1;
  EXPECT_TRUE(query::list_hosts(store, r).items.empty());
  r.page = 0;
  r.page_size = 6;
  EXPECT_EQ(query::list_hosts(store, r).pages, 1u);
}

TEST_F(HostsTest, EmptyStore) {
  stats::StatsStore empty{stats::StatsConfig{}};
  auto p = query::list_hosts(empty, sorted(SortKey::Bps, Order::Descending, 10));
  EXPECT_EQ(p.total, 0u);
  EXPECT_EQ(p.pages, 0u);
  EXPECT_TRUE(p.items.empty());
}

TEST_F(HostsTest, Filters) {
  auto list = [&](query::HostFilter f) {
    return keys(query::list_hosts(store, sorted(SortKey::Key, Order::Ascending), f));
  };
  query::HostFilter f;
  f.mode = query::HostMode::Local;
  EXPECT_EQ(list(f), (std::vector<std::string>{"192.168.1.10"}));
  f.mode = query::HostMode::Remote;
  EXPECT_EQ(list(f).size(), 5u);
  f.mode = query::HostMode::Multicast;
  EXPECT_EQ(list(f), (std::vector<std::string>{"239.1.2.3"}));
  f.mode = query::HostMode::Broadcast;
  EXPECT_EQ(list(f), (std::vector<std::string>{"255.255.255.255"}));
  f = {};
  f.vlan = 7;
  EXPECT_EQ(list(f), (std::vector<std::string>{"8.8.8.8@7"}));
  f = {};
  f.ip_version = 6;
  EXPECT_EQ(list(f), (std::vector<std::string>{"2001:db8::1"}));
  f = {};
  f.text = "DB8";  // any case
  EXPECT_EQ(list(f), (std::vector<std::string>{"2001:db8::1"}));
  f.text = "@7";
  EXPECT_EQ(list(f), (std::vector<std::string>{"8.8.8.8@7"}));
  f.text = "168.1";
  EXPECT_EQ(list(f), (std::vector<std::string>{"192.168.1.10"}));
  f.text = "255.255.255.255";
  EXPECT_EQ(list(f), (std::vector<std::string>{"255.255.255.255"}));
  f.text = "8.8@7";
  EXPECT_EQ(list(f), (std::vector<std::string>{"8.8.8.8@7"}));
  f.text = "2001:db8::1";
  EXPECT_EQ(list(f), (std::vector<std::string>{"2001:db8::1"}));
  f.text = "no such host";
  EXPECT_TRUE(list(f).empty());
}

TEST_F(HostsTest, ActiveInInterval) {
  query::HostFilter f;
  f.active_in_interval = true;
  auto r = sorted(SortKey::Key, Order::Ascending);
  r.interval = {kT0 + 2, kT0 + 3};
  EXPECT_EQ(keys(query::list_hosts(store, r, f)),
            (std::vector<std::string>{"93.184.216.34", "192.168.1.10"}));
  r.interval = {};  // the last second, kT0 + 1
  EXPECT_EQ(
      keys(query::list_hosts(store, r, f)),
      (std::vector<std::string>{"8.8.8.8@7", "192.168.1.10", "239.1.2.3", "255.255.255.255", "2001:db8::1"}));
  r.interval = {kT0 - 10, kT0};
  EXPECT_EQ(query::list_hosts(store, r, f).total, 0u);
}

TEST_F(HostsTest, IntervalValuesOnlyWhenAsked) {
  auto r = sorted(SortKey::Key, Order::Ascending);
  r.interval = {kT0, kT0 + 3};
  auto with = query::list_hosts(store, r);
  EXPECT_EQ(with.items[2].traffic.interval.rx_bytes, 6100u);
  r.with_interval = false;
  auto without = query::list_hosts(store, r);
  EXPECT_TRUE(without.items[2].traffic.interval.empty());
  EXPECT_EQ(without.items[2].traffic.all_time.rx_bytes, 6100u);
}

/// TCP connections with measured handshakes and retransmissions (TcpQuality is the hosts' view):
///   a: client of two handshakes, 12 ms and 30 ms; sent 1 + 2 segments again
///   b: client of one handshake, 15 ms
///   c: served a and b; sent 4 + 3 segments again
///   d: served a;  e: a UDP client of c (no TCP quality)
class HostTcpSortTest : public ::testing::Test {
 protected:
  HostTcpSortTest() : store(stats::StatsConfig{}) {
    auto d0 = delta(kT0);
    auto tcp = [&](Conn conn, int64_t server_rtt_ms, int64_t client_rtt_ms, uint32_t client_retrans,
                   uint32_t server_retrans) {
      stats::ConnectionUpdate u = update(conn);
      u.tcp.server_rtt_ns = server_rtt_ms * 1'000'000;
      u.tcp.client_rtt_ns = client_rtt_ms * 1'000'000;
      u.tcp.dir[0].retransmissions = client_retrans;
      u.tcp.dir[1].retransmissions = server_retrans;
      d0.connections.push_back(u);
    };
    tcp(Conn{1, a, 40000, c, 443}, 10, 2, 1, 4);
    tcp(Conn{2, a, 40001, d, 443}, 25, 5, 2, 0);
    tcp(Conn{3, b, 40000, c, 80}, 12, 3, 0, 3);
    d0.connections.push_back(update(Conn{4, e, 5353, c, 53, 17}));
    store.apply(d0);
  }

  std::vector<std::string> order(SortKey k, Order o) const {
    return keys(query::list_hosts(store, sorted(k, o)));
  }

  stats::HostKey a = host("10.0.0.1"), b = host("10.0.0.2"), c = host("10.0.0.3"), d = host("10.0.0.4"),
                 e = host("10.0.0.5");
  stats::StatsStore store;
};

TEST_F(HostTcpSortTest, ValuesShown) {
  auto items = query::list_hosts(store, sorted(SortKey::Key, Order::Ascending)).items;
  ASSERT_EQ(items.size(), 5u);
  const auto& ta = items[0].tcp;
  EXPECT_EQ(ta.rtt.count, 2u);
  EXPECT_EQ(ta.rtt.min, 12'000'000);
  EXPECT_EQ(ta.rtt.max, 30'000'000);
  EXPECT_EQ(ta.rtt.avg(), 21'000'000);
  EXPECT_EQ(ta.retransmissions, 3u);
  EXPECT_EQ(items[1].tcp.rtt.count, 1u);
  EXPECT_EQ(items[1].tcp.rtt.avg(), 15'000'000);
  EXPECT_EQ(items[2].tcp.rtt.count, 0u);  // only a server
  EXPECT_EQ(items[2].tcp.retransmissions, 7u);
  EXPECT_EQ(items[4].tcp.retransmissions, 0u);
}

TEST_F(HostTcpSortTest, SortKeys) {
  using V = std::vector<std::string>;
  // Hosts without a value (0) tie and keep the key's ascending order in both directions.
  EXPECT_EQ(order(SortKey::TcpHandshakes, Order::Descending),
            (V{"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"}));
  EXPECT_EQ(order(SortKey::TcpHandshakes, Order::Ascending),
            (V{"10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.2", "10.0.0.1"}));
  EXPECT_EQ(order(SortKey::TcpRttAvg, Order::Descending).at(0), "10.0.0.1");  // 21 ms against 15 ms
  EXPECT_EQ(order(SortKey::TcpRttAvg, Order::Descending).at(1), "10.0.0.2");
  EXPECT_EQ(order(SortKey::TcpRttMin, Order::Descending).at(0), "10.0.0.2");  // 15 ms against 12 ms
  EXPECT_EQ(order(SortKey::TcpRttMin, Order::Descending).at(1), "10.0.0.1");
  EXPECT_EQ(order(SortKey::TcpRttMax, Order::Descending).at(0), "10.0.0.1");  // 30 ms against 15 ms
  EXPECT_EQ(order(SortKey::TcpRttMax, Order::Ascending),
            (V{"10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.2", "10.0.0.1"}));
  EXPECT_EQ(order(SortKey::TcpRetransmissions, Order::Descending),
            (V{"10.0.0.3", "10.0.0.1", "10.0.0.2", "10.0.0.4", "10.0.0.5"}));
  auto r = sorted(SortKey::TcpRetransmissions, Order::Descending, 1, 1);  // second page of one
  EXPECT_EQ(keys(query::list_hosts(store, r)), (V{"10.0.0.1"}));
}

TEST(SortKeys, TcpKeysAreTheRangeFromHandshakesToRetransmissions) {
  for (auto k : {SortKey::TcpHandshakes, SortKey::TcpRttAvg, SortKey::TcpRttMin, SortKey::TcpRttMax,
                 SortKey::TcpRetransmissions})
    EXPECT_TRUE(query::is_tcp_key(k));
  for (auto k : {SortKey::Key, SortKey::Bytes, SortKey::Flows, SortKey::ServerPort})
    EXPECT_FALSE(query::is_tcp_key(k));
}

// Lists other than hosts have no TCP values: a TCP key sorts them by their key.
TEST_F(HostTcpSortTest, OtherListsSortTcpKeysByTheirKey) {
  query::NumericNames names;
  ListRequest r = sorted(SortKey::TcpRetransmissions, Order::Descending);
  std::vector<uint64_t> ids;
  for (const auto& conn : query::list_connections(store, names, r).items)
    ids.push_back(conn.id);
  EXPECT_EQ(ids, (std::vector<uint64_t>{4, 3, 2, 1}));
}

uint64_t sort_value(const query::HostItem& h, SortKey key) {
  switch (key) {
    case SortKey::Bytes:
      return h.traffic.all_time.bytes();
    case SortKey::TxPackets:
      return h.traffic.all_time.tx_packets;
    case SortKey::LastSeen:
      return static_cast<uint64_t>(h.last_ns);
    default:
      return 0;
  }
}

/// `n` random hosts with many equal byte counts, over five seconds.
stats::StatsStore random_store(int n) {
  stats::StatsStore store{stats::StatsConfig{}};
  std::mt19937 rng(42);
  for (int64_t s = kT0; s < kT0 + 5; ++s) {
    auto d = delta(s);
    for (int i = 0; i < n * 3 / 5; ++i) {
      uint32_t k = rng() % static_cast<uint32_t>(n);
      std::string ip = "10.0." + std::to_string(k / 250) + "." + std::to_string(k % 250);
      send(d, host(ip), host("10.1.0.1"), (rng() % 8) * 100, s * kNs + i);  // many ties
    }
    store.apply(d);
  }
  return store;
}

/// Every page (up to `max_pages` from the start and the end) of every size must equal the same slice of
/// the full list, which must follow the definition of the order.
void check_pages(const stats::StatsStore& store, size_t max_pages) {
  for (auto order : {Order::Ascending, Order::Descending}) {
    for (auto key : {SortKey::Bytes, SortKey::TxPackets, SortKey::LastSeen, SortKey::Key}) {
      auto r = sorted(key, order, 0);
      auto full = query::list_hosts(store, r).items;
      for (size_t i = 1; i < full.size(); ++i) {
        uint64_t a = sort_value(full[i - 1], key), b = sort_value(full[i], key);
        if (key == SortKey::Key)
          ASSERT_EQ(full[i - 1].key < full[i].key, order == Order::Ascending) << i;
        else if (a == b)
          ASSERT_LT(full[i - 1].key, full[i].key) << i;
        else
          ASSERT_EQ(a < b, order == Order::Ascending) << i;
      }
      for (size_t size : {1u, 3u, 7u, 100u}) {
        const size_t pages = full.size() / size + 2;
        for (size_t page = 0; page < pages; ++page) {
          if (page == max_pages && pages > 2 * max_pages) page = pages - max_pages;
          r.page_size = size;
          r.page = page;
          auto p = query::list_hosts(store, r);
          ASSERT_EQ(p.total, full.size());
          size_t expect = page * size >= full.size() ? 0 : std::min(size, full.size() - page * size);
          ASSERT_EQ(p.items.size(), expect);
          for (size_t i = 0; i < p.items.size(); ++i)
            ASSERT_EQ(p.items[i].key, full[page * size + i].key) << size << " " << page << " " << i;
        }
      }
    }
  }
}

// The partial selection must hand out exactly the pages a full sort would, for every page and order.
TEST(HostsSelection, PagesEqualAFullSort) {
  auto store = random_store(500);
  ASSERT_GT(store.hosts().size(), 400u);
  check_pages(store, SIZE_MAX);
}

// The same where the top pages are a small part of the list: the candidates are kept in a bounded buffer
// with a threshold (see list_engine.hpp).
TEST(HostsSelection, BoundedSelectionOnALargerList) {
  auto store = random_store(20000);
  ASSERT_GT(store.hosts().size(), 15000u);
  check_pages(store, 12);
}

}  // namespace
}  // namespace netmeter::test
