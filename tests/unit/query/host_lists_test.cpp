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

// Per (peer, L4, server port, role): lan was the client of web:443 and of dns:53, and served web on :22.
TEST_F(HostListsTest, PeerPortsPerPeerPortAndRole) {
  auto p = query::host_peer_ports(store, lan, sorted(SortKey::Key, Order::Ascending));
  ASSERT_TRUE(p);
  ASSERT_EQ(p->total, 3u);
  ASSERT_EQ(p->items.size(), 3u);
  // By peer (8.8.8.8 < 93.184.216.34), then l4, port, role.
  const auto& d = p->items[0];
  EXPECT_EQ(d.peer, dns);
  EXPECT_EQ(d.l4, 17);
  EXPECT_EQ(d.port, 53);
  EXPECT_EQ(d.role, PortRole::Client);
  EXPECT_EQ(d.traffic, (stats::Traffic{1, 200, 1, 80}));  // lan's view: rx from the DNS server
  EXPECT_EQ(d.connections, 1u);
  EXPECT_EQ(d.active_connections, 0u);
  EXPECT_EQ(d.first_ns, (kT0 + 1) * kNs);
  EXPECT_EQ(d.last_ns, (kT0 + 1) * kNs + 5000);
  const auto& ssh = p->items[1];
  EXPECT_EQ(ssh.peer, web);
  EXPECT_EQ(ssh.l4, 6);
  EXPECT_EQ(ssh.port, 22);
  EXPECT_EQ(ssh.role, PortRole::Server);
  EXPECT_EQ(ssh.traffic, (stats::Traffic{3, 300, 3, 3000}));  // rx: what web sent to lan's server
  EXPECT_EQ(ssh.connections, 1u);
  EXPECT_EQ(ssh.active_connections, 1u);
  const auto& https = p->items[2];
  EXPECT_EQ(https.peer, web);
  EXPECT_EQ(https.port, 443);
  EXPECT_EQ(https.role, PortRole::Client);
  EXPECT_EQ(https.traffic, (stats::Traffic{20, 20000, 10, 1000}));
  EXPECT_EQ(https.first_ns, kT0 * kNs);
  EXPECT_EQ(https.last_ns, (kT0 + 10) * kNs);

  // web's view: it served other on :80 and lan on :443, and contacted lan's :22.
  auto w = query::host_peer_ports(store, web, sorted(SortKey::Key, Order::Ascending));
  ASSERT_TRUE(w);
  ASSERT_EQ(w->total, 3u);
  EXPECT_EQ(w->items[0].peer, other);
  EXPECT_EQ(w->items[0].port, 80);
  EXPECT_EQ(w->items[0].role, PortRole::Server);
  EXPECT_EQ(w->items[0].traffic, (stats::Traffic{5, 500, 5, 5000}));
  EXPECT_EQ(w->items[1].peer, lan);
  EXPECT_EQ(w->items[1].port, 22);
  EXPECT_EQ(w->items[1].role, PortRole::Client);
  EXPECT_EQ(w->items[2].peer, lan);
  EXPECT_EQ(w->items[2].port, 443);
  EXPECT_EQ(w->items[2].role, PortRole::Server);
  EXPECT_EQ(w->items[2].traffic, (stats::Traffic{10, 1000, 20, 20000}));

  EXPECT_FALSE(query::host_peer_ports(store, host("1.1.1.1"), {}));
}

TEST_F(HostListsTest, PeerPortSortKeys) {
  auto ports = [&](SortKey k, Order o) {
    std::vector<uint16_t> out;
    auto page = query::host_peer_ports(store, lan, sorted(k, o));
    for (const auto& row : page->items)
      out.push_back(row.port);
    return out;
  };
  using V = std::vector<uint16_t>;
  EXPECT_EQ(ports(SortKey::Key, Order::Descending), (V{443, 22, 53}));
  EXPECT_EQ(ports(SortKey::Bytes, Order::Descending), (V{443, 22, 53}));  // 21000, 3300, 280
  EXPECT_EQ(ports(SortKey::Bytes, Order::Ascending), (V{53, 22, 443}));
  EXPECT_EQ(ports(SortKey::RxBytes, Order::Ascending), (V{53, 22, 443}));  // 200, 300, 20000
  EXPECT_EQ(ports(SortKey::TxPackets, Order::Descending), (V{443, 22, 53}));
  EXPECT_EQ(ports(SortKey::FirstSeen, Order::Ascending), (V{443, 53, 22}));
  EXPECT_EQ(ports(SortKey::LastSeen, Order::Descending), (V{443, 22, 53}));
  // Per second: 22 3300 (under a second counts as one), 443 2100 (10 s), 53 280.
  EXPECT_EQ(ports(SortKey::Bps, Order::Descending), (V{22, 443, 53}));
  // One connection each: the key decides, ascending.
  EXPECT_EQ(ports(SortKey::Flows, Order::Descending), (V{53, 22, 443}));
  // No names: the key, in the requested order.
  EXPECT_EQ(ports(SortKey::Name, Order::Descending), (V{443, 22, 53}));
}

TEST_F(HostListsTest, PeerPortsShowOnlyVisiblePeers) {
  auto r = sorted(SortKey::Key, Order::Ascending);
  r.visible = [&](const core::IpAddress& a) { return a == dns.ip; };
  auto p = query::host_peer_ports(store, lan, r);
  ASSERT_TRUE(p);
  ASSERT_EQ(p->total, 1u);
  EXPECT_EQ(p->items[0].peer, dns);
  r.visible = [](const core::IpAddress&) { return false; };
  EXPECT_EQ(query::host_peer_ports(store, lan, r)->total, 0u);
}

// Connections to one peer and port add up; port numbers only count for TCP, UDP and SCTP; another VLAN is
// another host.
TEST(HostPeerPorts, AggregatesAndSkipsProtocolsWithoutPorts) {
  stats::StatsStore store{stats::StatsConfig{}};
  auto a = host("10.0.0.1"), b = host("10.0.0.2"), c = host("10.0.0.3");
  auto d = delta(kT0);
  Conn https1{1, a, 40000, b, 443, 6, 2, 200, 3, 3000, kT0 * kNs, (kT0 + 2) * kNs};
  Conn https2{2, a, 40001, b, 443, 6, 1, 100, 1, 1000, (kT0 + 1) * kNs, (kT0 + 5) * kNs, true};
  Conn served{3, b, 50000, a, 443, 6, 1, 10, 1, 20, (kT0 + 3) * kNs, (kT0 + 3) * kNs};
  Conn other_peer{4, a, 40002, c, 443, 6};
  Conn sctp{5, a, 5000, b, 38412, 132};
  Conn icmp{6, a, 0, b, 0, 1};
  Conn gre{7, a, 0, b, 0, 47};
  Conn on_vlan{8, host("10.0.0.1", 7), 40003, host("10.0.0.2", 7), 443, 6};
  for (const auto& conn : {https1, https2, served, other_peer, sctp, icmp, gre, on_vlan})
    d.connections.push_back(update(conn));
  store.apply(d);

  ListRequest r;
  auto p = query::host_peer_ports(store, a, r);
  ASSERT_TRUE(p);
  ASSERT_EQ(p->total, 4u);
  const auto& client443 = p->items[0];  // b, TCP 443, Client
  EXPECT_EQ(client443.peer, b);
  EXPECT_EQ(client443.l4, 6);
  EXPECT_EQ(client443.port, 443);
  EXPECT_EQ(client443.role, PortRole::Client);
  EXPECT_EQ(client443.connections, 2u);
  EXPECT_EQ(client443.active_connections, 1u);
  EXPECT_EQ(client443.traffic, (stats::Traffic{4, 4000, 3, 300}));
  EXPECT_EQ(client443.first_ns, kT0 * kNs);
  EXPECT_EQ(client443.last_ns, (kT0 + 5) * kNs);
  const auto& server443 = p->items[1];
  EXPECT_EQ(server443.peer, b);
  EXPECT_EQ(server443.port, 443);
  EXPECT_EQ(server443.role, PortRole::Server);
  EXPECT_EQ(server443.traffic, (stats::Traffic{1, 10, 1, 20}));
  EXPECT_EQ(p->items[2].peer, b);
  EXPECT_EQ(p->items[2].l4, 132);
  EXPECT_EQ(p->items[2].port, 38412);
  EXPECT_EQ(p->items[3].peer, c);
  EXPECT_EQ(p->items[3].port, 443);

  // host_ports leaves out ICMP and GRE the same way.
  auto ports = query::host_ports(store, a, r);
  ASSERT_TRUE(ports);
  EXPECT_EQ(ports->total, 3u);  // TCP 443 client, TCP 443 server, SCTP 38412
  // The VLAN 7 host sees only its own connection.
  auto vlan = query::host_peer_ports(store, host("10.0.0.1", 7), r);
  ASSERT_TRUE(vlan);
  ASSERT_EQ(vlan->total, 1u);
  EXPECT_EQ(vlan->items[0].peer, host("10.0.0.2", 7));
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
