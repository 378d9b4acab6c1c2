#include "query/host_lists.hpp"

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "connection_store.hpp"

namespace netmeter::test {
namespace {

using query::ListRequest;
using query::Order;
using query::PortRole;
using query::SortKey;

ListRequest sorted(SortKey k, Order o) {
  ListRequest r;
  r.sort = k;
  r.order = o;
  return r;
}

class HostListsTest : public ::testing::Test, public ConnectionStore {
 protected:
  query::NumericNames names;
};

TEST_F(HostListsTest, UnknownHost) {
  auto nobody = host("1.1.1.1");
  ListRequest r;
  EXPECT_FALSE(query::host_peers(store, nobody, r));
  EXPECT_FALSE(query::host_ports(store, nobody, r));
  EXPECT_FALSE(query::host_protocols(store, names, nobody, r));
  EXPECT_FALSE(query::host_categories(store, names, nobody, r));
  EXPECT_FALSE(query::host_connections(store, names, nobody, r));
  EXPECT_FALSE(query::host_macs(store, nobody, r));
}

TEST_F(HostListsTest, PeersFromTheHostsView) {
  auto p = query::host_peers(store, lan, sorted(SortKey::Bytes, Order::Descending));
  ASSERT_TRUE(p);
  ASSERT_EQ(p->total, 2u);
  const auto& web_row = p->items[0];
  EXPECT_EQ(web_row.peer, web);
  // Connection 1 (lan the client): rx 20000, tx 1000; connection 4 (lan the server): rx 300, tx 3000.
  EXPECT_EQ(web_row.traffic.rx_bytes, 20300u);
  EXPECT_EQ(web_row.traffic.tx_bytes, 4000u);
  EXPECT_EQ(web_row.traffic.rx_packets, 23u);
  EXPECT_EQ(web_row.connections, 2u);
  EXPECT_EQ(web_row.active_connections, 2u);
  EXPECT_EQ(web_row.first_ns, kT0 * kNs);
  EXPECT_EQ(web_row.last_ns, (kT0 + 10) * kNs);
  const auto& dns_row = p->items[1];
  EXPECT_EQ(dns_row.peer, dns);
  EXPECT_EQ(dns_row.traffic.rx_bytes, 200u);
  EXPECT_EQ(dns_row.traffic.tx_bytes, 80u);
  EXPECT_EQ(dns_row.connections, 1u);
  EXPECT_EQ(dns_row.active_connections, 0u);  // finished, kept
}

// Peers are a regrouping of the host's connections: the same traffic, seen from the host.
TEST_F(HostListsTest, PeersAddUpToTheConnections) {
  for (const auto& h : {lan, web, dns, other}) {
    ListRequest all;
    all.page_size = 0;
    auto peers = query::host_peers(store, h, all);
    auto conns = query::host_connections(store, names, h, all);
    ASSERT_TRUE(peers && conns);
    std::map<stats::HostKey, stats::Traffic> from_conns;
    for (const auto& c : conns->items) {
      bool client = c.client == h;
      from_conns[client ? c.server : c.client] += client ? c.traffic : c.traffic.swapped();
    }
    ASSERT_EQ(peers->total, from_conns.size());
    for (const auto& row : peers->items)
      EXPECT_EQ(row.traffic, from_conns[row.peer]) << row.peer.to_string();
  }
}

TEST_F(HostListsTest, PeerSortKeys) {
  auto order = [&](const stats::HostKey& h, SortKey k, Order o) {
    std::vector<stats::HostKey> out;
    auto page = query::host_peers(store, h, sorted(k, o));  // kept: the loop below borrows its items
    for (const auto& row : page->items)
      out.push_back(row.peer);
    return out;
  };
  using V = std::vector<stats::HostKey>;
  EXPECT_EQ(order(web, SortKey::Key, Order::Ascending), (V{other, lan}));
  EXPECT_EQ(order(web, SortKey::Flows, Order::Descending), (V{lan, other}));
  EXPECT_EQ(order(web, SortKey::FirstSeen, Order::Descending), (V{other, lan}));
  EXPECT_EQ(order(web, SortKey::TxBytes, Order::Ascending), (V{other, lan}));  // 5000 vs 20300
  EXPECT_EQ(order(lan, SortKey::LastSeen, Order::Ascending), (V{dns, web}));
}

TEST_F(HostListsTest, PortsWithRoles) {
  auto p = query::host_ports(store, lan, sorted(SortKey::Key, Order::Ascending));
  ASSERT_TRUE(p);
  ASSERT_EQ(p->total, 3u);
  EXPECT_EQ(p->items[0].l4, 6);
  EXPECT_EQ(p->items[0].port, 22);
  EXPECT_EQ(p->items[0].role, PortRole::Server);
  EXPECT_EQ(p->items[0].traffic.rx_bytes, 300u);  // what web sent to lan's SSH server
  EXPECT_EQ(p->items[1].port, 443);
  EXPECT_EQ(p->items[1].role, PortRole::Client);
  EXPECT_EQ(p->items[1].traffic.rx_bytes, 20000u);
  EXPECT_EQ(p->items[2].l4, 17);
  EXPECT_EQ(p->items[2].port, 53);
  auto web_ports = query::host_ports(store, web, sorted(SortKey::Bytes, Order::Descending));
  ASSERT_EQ(web_ports->total, 3u);  // 443 and 80 served, 22 contacted
  EXPECT_EQ(web_ports->items[0].port, 443);
  EXPECT_EQ(web_ports->items[0].role, PortRole::Server);
  EXPECT_EQ(web_ports->items[0].traffic.tx_bytes, 20000u);
  EXPECT_EQ(web_ports->items[2].port, 22);
  EXPECT_EQ(web_ports->items[2].role, PortRole::Client);
}

TEST_F(HostListsTest, Protocols) {
  auto p = query::host_protocols(store, names, lan, sorted(SortKey::Bytes, Order::Descending));
  ASSERT_TRUE(p);
  ASSERT_EQ(p->total, 2u);
  EXPECT_EQ(p->items[0].name, "91.124");
  EXPECT_EQ(p->items[0].key, stats::app_key(91, 124));
  EXPECT_EQ(p->items[0].traffic.rx_bytes, 20000u);
  EXPECT_EQ(p->items[0].flows, 1u);
  EXPECT_EQ(p->items[1].name, "7");
  EXPECT_EQ(p->items[1].traffic.rx_bytes, 500u);   // 200 from DNS, 300 to its SSH server
  EXPECT_EQ(p->items[1].traffic.tx_bytes, 3080u);  // 80 to DNS, 3000 from SSH
  EXPECT_EQ(p->items[1].flows, 2u);
  auto by_name = query::host_protocols(store, names, lan, sorted(SortKey::Name, Order::Descending));
  EXPECT_EQ(by_name->items[0].name, "91.124");
  auto by_flows = query::host_protocols(store, names, lan, sorted(SortKey::Flows, Order::Descending));
  EXPECT_EQ(by_flows->items[0].name, "7");
  auto cats = query::host_categories(store, names, lan, sorted(SortKey::Key, Order::Ascending));
  ASSERT_EQ(cats->total, 1u);
  EXPECT_EQ(cats->items[0].name, "5");
  EXPECT_EQ(cats->items[0].flows, 3u);
}

TEST_F(HostListsTest, Connections) {
  auto c = query::host_connections(store, names, web, sorted(SortKey::Key, Order::Ascending));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->total, 3u);
  EXPECT_EQ(c->items[0].id, 1u);
  query::ConnectionFilter only_tcp_80;
  only_tcp_80.port = 80;
  auto c80 = query::host_connections(store, names, web, sorted(SortKey::Key, Order::Ascending), only_tcp_80);
  ASSERT_EQ(c80->total, 1u);
  EXPECT_EQ(c80->items[0].id, 3u);
}

TEST(HostMacs, MacsTheHostSentFrom) {
  stats::StatsStore store{stats::StatsConfig{}};
  auto a = host("192.168.1.2"), b = host("192.168.1.3");
  auto d = delta(kT0);
  send(d, a, b, 100, kT0 * kNs);
  d.hosts[a].macs = {0x020000000002, 0x020000000003};
  d.macs[0x020000000002].add_tx(100);
  d.macs[0x020000000003].add_tx(60);
  d.macs[0x020000000003].add_tx(60);
  store.apply(d);
  auto m = query::host_macs(store, a, sorted(SortKey::Bytes, Order::Descending));
  ASSERT_TRUE(m);
  ASSERT_EQ(m->total, 2u);
  EXPECT_EQ(m->items[0].mac, 0x020000000003u);
  EXPECT_EQ(m->items[0].traffic.all_time.tx_bytes, 120u);
  EXPECT_EQ(m->items[1].ips.size(), 1u);
  EXPECT_EQ(query::host_macs(store, b, {})->total, 0u);
}

}  // namespace
}  // namespace netmeter::test
