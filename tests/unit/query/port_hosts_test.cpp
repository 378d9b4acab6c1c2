#include "query/port_hosts.hpp"

#include <gtest/gtest.h>

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

class PortHostsTest : public ::testing::Test, public ConnectionStore {};

TEST_F(PortHostsTest, ServerAndClientOfOnePort) {
  auto p = query::port_hosts(store, 6, 443, ListRequest{});
  ASSERT_EQ(p.total, 2u);
  // Key order: address (93.184.216.34 before 192.168.1.10), then role.
  const auto& server = p.items[0];
  EXPECT_EQ(server.host, web);
  EXPECT_EQ(server.role, PortRole::Server);
  EXPECT_EQ(server.traffic, (stats::Traffic{10, 1000, 20, 20000}));  // the server received the uploads
  EXPECT_EQ(server.connections, 1u);
  EXPECT_EQ(server.active_connections, 1u);
  EXPECT_EQ(server.first_ns, kT0 * kNs);
  EXPECT_EQ(server.last_ns, (kT0 + 10) * kNs);
  const auto& client = p.items[1];
  EXPECT_EQ(client.host, lan);
  EXPECT_EQ(client.role, PortRole::Client);
  EXPECT_EQ(client.traffic, (stats::Traffic{20, 20000, 10, 1000}));
}

TEST_F(PortHostsTest, ProtocolAndPortMustBothMatch) {
  EXPECT_EQ(query::port_hosts(store, 17, 443, ListRequest{}).total, 0u);
  EXPECT_EQ(query::port_hosts(store, 6, 53, ListRequest{}).total, 0u);
  // Client ports are not server ports.
  EXPECT_EQ(query::port_hosts(store, 6, 40000, ListRequest{}).total, 0u);
  auto dns_rows = query::port_hosts(store, 17, 53, ListRequest{});
  ASSERT_EQ(dns_rows.total, 2u);
  EXPECT_EQ(dns_rows.items[0].host, dns);
  EXPECT_EQ(dns_rows.items[0].active_connections, 0u);  // finished, kept
  EXPECT_EQ(dns_rows.items[0].connections, 1u);
}

TEST_F(PortHostsTest, OneRole) {
  auto servers = query::port_hosts(store, 6, 80, ListRequest{}, PortRole::Server);
  ASSERT_EQ(servers.total, 1u);
  EXPECT_EQ(servers.items[0].host, web);
  auto clients = query::port_hosts(store, 6, 80, ListRequest{}, PortRole::Client);
  ASSERT_EQ(clients.total, 1u);
  EXPECT_EQ(clients.items[0].host, other);
}

// A host that serves a port and also contacts it elsewhere is listed once per role.
TEST_F(PortHostsTest, BothRolesOnOnePort) {
  auto d = delta(kT0 + 20);
  Conn c5{5, lan, 40005, web, 22, 6, 2, 150, 2, 250, (kT0 + 20) * kNs, (kT0 + 21) * kNs};
  Conn c6{6, other, 40006, lan, 22, 6, 1, 60, 1, 70, (kT0 + 22) * kNs, (kT0 + 22) * kNs};
  d.connections.push_back(update(c5));
  d.connections.push_back(update(c6));
  store.apply(d);
  auto p = query::port_hosts(store, 6, 22, ListRequest{});
  ASSERT_EQ(p.total, 5u);
  std::vector<std::pair<stats::HostKey, PortRole>> rows;
  for (const auto& r : p.items)
    rows.emplace_back(r.host, r.role);
  // Connection 4: web -> lan:22; 5: lan -> web:22; 6: other -> lan:22.
  EXPECT_EQ(rows, (std::vector<std::pair<stats::HostKey, PortRole>>{{other, PortRole::Client},
                                                                    {web, PortRole::Client},
                                                                    {web, PortRole::Server},
                                                                    {lan, PortRole::Client},
                                                                    {lan, PortRole::Server}}));
  const auto& lan_server = p.items[4];
  EXPECT_EQ(lan_server.connections, 2u);
  EXPECT_EQ(lan_server.traffic, (stats::Traffic{4, 360, 4, 3070}));
}

TEST_F(PortHostsTest, SortsAndPages) {
  auto d = delta(kT0 + 20);
  Conn c5{5, other, 40005, web, 443, 6, 1, 100, 1, 100, (kT0 + 20) * kNs, (kT0 + 20) * kNs};
  d.connections.push_back(update(c5));
  store.apply(d);
  auto by_bytes = query::port_hosts(store, 6, 443, sorted(SortKey::Bytes, Order::Descending));
  ASSERT_EQ(by_bytes.total, 3u);
  EXPECT_EQ(by_bytes.items[0].host, web);  // 21000 + 200
  EXPECT_EQ(by_bytes.items[1].host, lan);
  EXPECT_EQ(by_bytes.items[2].host, other);
  auto by_flows = query::port_hosts(store, 6, 443, sorted(SortKey::Flows, Order::Descending));
  EXPECT_EQ(by_flows.items[0].host, web);
  EXPECT_EQ(by_flows.items[0].connections, 2u);
  auto by_last = query::port_hosts(store, 6, 443, sorted(SortKey::LastSeen, Order::Ascending));
  EXPECT_EQ(by_last.items[0].host, lan);
  ListRequest second_page = sorted(SortKey::Bytes, Order::Descending);
  second_page.page = 1;
  second_page.page_size = 2;
  auto p = query::port_hosts(store, 6, 443, second_page);
  EXPECT_EQ(p.pages, 2u);
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].host, other);
}

TEST_F(PortHostsTest, OnlyVisibleHosts) {
  ListRequest r;
  r.visible = [](const core::IpAddress& a) { return a.is_v4() && a.bytes()[0] == 192; };
  auto p = query::port_hosts(store, 6, 443, r);
  ASSERT_EQ(p.total, 1u);
  EXPECT_EQ(p.items[0].host, lan);
}

// The servers of a port and its clients see the same connections from both ends.
TEST_F(PortHostsTest, ServersMirrorClients) {
  for (auto [l4, port] : {std::pair<uint8_t, uint16_t>{6, 443}, {6, 80}, {6, 22}, {17, 53}}) {
    stats::Traffic served, contacted;
    for (const auto& r : query::port_hosts(store, l4, port, ListRequest{}).items)
      (r.role == PortRole::Server ? served : contacted) += r.traffic;
    EXPECT_EQ(served, contacted.swapped()) << port;
  }
}

}  // namespace
}  // namespace netmeter::test
