#include "query/l7_lists.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "l7/dhcp_parser.hpp"
#include "l7/http_parser.hpp"
#include "query/l7_summary.hpp"
#include "query/query_service.hpp"
#include "store_fixture.hpp"

namespace netmeter::test {
namespace {

using query::L7Sort;
using query::ListRequest;
using query::Order;
using stats::L7Event;
using stats::L7Kind;

constexpr int64_t kMs = 1'000'000;

L7Event event(L7Kind kind, const stats::HostKey& client, const stats::HostKey& server, uint64_t flow,
              int64_t ns) {
  L7Event e;
  e.kind = kind;
  e.client = client;
  e.server = server;
  e.flow_id = flow;
  e.ts_ns = ns;
  return e;
}

/// A DNS query and, unless `rcode` is negative, its response `rt_ms` later.
void dns(stats::ShardDelta& d, const stats::HostKey& client, const stats::HostKey& server, uint64_t flow,
         std::string_view name, int rcode, int64_t rt_ms, uint16_t qtype = 1) {
  const int64_t t = d.second * kNs;
  L7Event q = event(L7Kind::DnsQuery, client, server, flow, t);
  q.id = 7;
  q.code = qtype;
  q.set_name(name);
  d.events.push_back(q);
  if (rcode < 0) return;
  L7Event r = q;
  r.kind = L7Kind::DnsResponse;
  r.ts_ns = t + rt_ms * kMs;
  r.rcode = static_cast<uint8_t>(rcode);
  d.events.push_back(r);
}

/// An HTTP request and its response `rt_ms` later.
void http(stats::ShardDelta& d, const stats::HostKey& client, const stats::HostKey& server, uint64_t flow,
          std::string_view host_header, uint16_t status, int64_t rt_ms) {
  const int64_t t = d.second * kNs;
  L7Event q = event(L7Kind::HttpRequest, client, server, flow, t);
  q.code = static_cast<uint16_t>(l7::HttpMethod::Get);
  q.set_name(host_header);
  d.events.push_back(q);
  L7Event r = event(L7Kind::HttpResponse, client, server, flow, t + rt_ms * kMs);
  r.code = status;
  d.events.push_back(r);
}

void tls(stats::ShardDelta& d, const stats::HostKey& client, const stats::HostKey& server, uint64_t flow,
         std::string_view sni, uint16_t version) {
  const int64_t t = d.second * kNs;
  L7Event c = event(L7Kind::TlsClientHello, client, server, flow, t);
  c.code = version;
  c.set_name(sni);
  d.events.push_back(c);
  L7Event s = event(L7Kind::TlsServerHello, client, server, flow, t + 20 * kMs);
  s.code = version;
  d.events.push_back(s);
}

/// A DHCP message from (or, for OFFER/ACK/NAK, to) the client with hardware address `mac`.
void dhcp(stats::ShardDelta& d, stats::MacKey mac, l7::DhcpMessageType type, std::string_view address,
          std::string_view host_name, const stats::HostKey& server, int64_t offset_s = 0) {
  const stats::HostKey client = address.empty() ? host("0.0.0.0") : host(address);
  L7Event e = event(L7Kind::Dhcp, client, server, 0, (d.second + offset_s) * kNs);
  e.code = static_cast<uint16_t>(type);
  e.mac = mac;
  e.flags = L7Event::kHasMac;
  e.address_count = 2;
  if (!address.empty()) {
    e.addresses[0] = addr(address);
    e.flags |= L7Event::kHasClientAddress;
  }
  e.addresses[1] = server.ip;
  e.flags |= L7Event::kHasServerId;
  if (type == l7::DhcpMessageType::Ack) {
    e.lease_seconds = 3600;
    e.flags |= L7Event::kHasLease;
  }
  e.set_name(host_name);
  d.events.push_back(e);
}

template <typename Item>
std::vector<std::string> ips(const query::Page<Item>& page) {
  std::vector<std::string> out;
  for (const auto& i : page.items)
    out.push_back(i.key.ip.to_string());
  return out;
}

std::vector<std::string> names(const query::Page<query::NameCountItem>& page) {
  std::vector<std::string> out;
  for (const auto& i : page.items)
    out.push_back(i.name);
  return out;
}

ListRequest descending() {
  ListRequest r;
  r.order = Order::Descending;
  return r;
}

/// Sees only 192.168.1.0/24.
ListRequest restricted(Order order = Order::Ascending) {
  ListRequest r;
  r.order = order;
  const auto net = host("192.168.1.0").ip;
  r.visible = [net](const core::IpAddress& a) {
    return a.is_v4() && a.bytes()[0] == net.bytes()[0] && a.bytes()[1] == net.bytes()[1] &&
           a.bytes()[2] == net.bytes()[2];
  };
  return r;
}

class L7ListsTest : public ::testing::Test {
 protected:
  using V = std::vector<std::string>;
  static constexpr stats::MacKey kMacA = 0x001122334455, kMacB = 0x0011223344AA, kMacC = 0x00112233FF00;

  L7ListsTest() : store(stats::StatsConfig{}) {
    auto d = delta(kT0);
    const auto a = host("192.168.1.10"), b = host("192.168.1.20"), c = host("10.0.0.5");
    const auto resolver = host("192.168.1.1"), google = host("8.8.8.8");
    // a: three queries to the local resolver (one NXDOMAIN); b: one to 8.8.8.8; c: one unanswered.
    dns(d, a, resolver, 1, "example.com", 0, 10);
    dns(d, a, resolver, 2, "example.com", 0, 30, 28);
    dns(d, a, resolver, 3, "nope.example", 3, 20);
    dns(d, b, google, 4, "example.org", 0, 5);
    dns(d, c, resolver, 5, "example.com", -1, 0);
    // HTTP: a asks web1 twice (200 after 40 ms, 404 after 60 ms), b asks web2 once (503 after 100 ms).
    const auto web1 = host("93.184.216.34"), web2 = host("192.168.1.80");
    http(d, a, web1, 10, "www.example.com:8080", 200, 40);
    http(d, a, web1, 11, "www.example.com", 404, 60);
    http(d, b, web2, 12, "intranet", 503, 100);
    tls(d, a, web1, 20, "www.example.com", 0x0303);
    tls(d, b, web1, 21, "www.example.com", 0x0304);
    tls(d, b, web2, 22, "api.example.com", 0x0304);
    // DHCP: A got 192.168.1.10 (ACK), B only asked (DISCOVER), C got 10.0.0.5 a second later.
    const auto dhcp_server = host("192.168.1.1");
    dhcp(d, kMacA, l7::DhcpMessageType::Request, "", "alpha", dhcp_server);
    dhcp(d, kMacA, l7::DhcpMessageType::Ack, "192.168.1.10", "", dhcp_server);
    dhcp(d, kMacB, l7::DhcpMessageType::Discover, "", "bravo", dhcp_server);
    dhcp(d, kMacC, l7::DhcpMessageType::Ack, "10.0.0.5", "charlie", dhcp_server, 1);
    store.apply(d);
  }

  stats::StatsStore store;
};

TEST_F(L7ListsTest, DnsClients) {
  auto p = query::dns_clients(store, descending(), L7Sort::Requests);
  EXPECT_EQ(ips(p), (V{"192.168.1.10", "10.0.0.5", "192.168.1.20"}));  // ties by address, ascending
  ASSERT_EQ(p.total, 3u);
  const auto& a = p.items[0].dns;
  EXPECT_EQ(a.queries_sent, 3u);
  EXPECT_EQ(a.replies_ok_rcvd, 2u);
  EXPECT_EQ(a.replies_error_rcvd, 1u);
  ASSERT_EQ(a.queries_by_type.size(), 2u);
  EXPECT_EQ(a.queries_by_type[0], (std::pair<uint16_t, uint64_t>{1, 2}));  // sorted by type
  EXPECT_EQ(a.queries_by_type[1], (std::pair<uint16_t, uint64_t>{28, 1}));
  EXPECT_EQ(ips(query::dns_clients(store, descending(), L7Sort::Errors)),
            (V{"192.168.1.10", "10.0.0.5", "192.168.1.20"}));
  EXPECT_EQ(ips(query::dns_clients(store, descending(), L7Sort::Responses)),
            (V{"192.168.1.10", "192.168.1.20", "10.0.0.5"}));
  EXPECT_EQ(ips(query::dns_clients(store, {}, L7Sort::Key)), (V{"10.0.0.5", "192.168.1.10", "192.168.1.20"}));
  // The resolvers are not clients; the user limited to 192.168.1.0/24 does not see 10.0.0.5.
  EXPECT_EQ(ips(query::dns_clients(store, restricted(), L7Sort::Key)), (V{"192.168.1.10", "192.168.1.20"}));
  EXPECT_EQ(ips(query::dns_clients(store, {}, L7Sort::Key, {".1.2"})), (V{"192.168.1.20"}));
}

TEST_F(L7ListsTest, DnsServers) {
  auto p = query::dns_servers(store, descending(), L7Sort::Requests);
  EXPECT_EQ(ips(p), (V{"192.168.1.1", "8.8.8.8"}));
  const auto& s = p.items[0].stats;
  EXPECT_EQ(s.queries, 4u);
  EXPECT_EQ(s.replies_ok, 2u);
  EXPECT_EQ(s.replies_error, 1u);
  EXPECT_EQ(s.response_time.count, 3u);
  EXPECT_EQ(s.response_time.min, 10 * kMs);
  EXPECT_EQ(s.response_time.max, 30 * kMs);
  EXPECT_EQ(s.response_time.avg(), 20 * kMs);
  EXPECT_EQ(ips(query::dns_servers(store, {}, L7Sort::AvgTime)), (V{"8.8.8.8", "192.168.1.1"}));
  EXPECT_EQ(ips(query::dns_servers(store, {}, L7Sort::MaxTime)), (V{"8.8.8.8", "192.168.1.1"}));
  EXPECT_EQ(ips(query::dns_servers(store, restricted(), L7Sort::Key)), (V{"192.168.1.1"}));
}

TEST_F(L7ListsTest, NameTables) {
  auto p = query::l7_names(store, query::NameTable::DnsQueries, descending(), L7Sort::Requests);
  EXPECT_EQ(names(p), (V{"example.com", "example.org", "nope.example"}));
  EXPECT_EQ(p.items[0].count, 3u);
  EXPECT_EQ(p.items[0].overcount, 0u);
  EXPECT_EQ(names(query::l7_names(store, query::NameTable::DnsQueries, {}, L7Sort::Name)),
            (V{"example.com", "example.org", "nope.example"}));
  EXPECT_EQ(names(query::l7_names(store, query::NameTable::DnsQueries, {}, L7Sort::Key, {"NOPE"})),
            (V{"nope.example"}));
  // HTTP Host headers lose their port; TLS server names count ClientHellos.
  auto h = query::l7_names(store, query::NameTable::HttpHosts, descending(), L7Sort::Requests);
  EXPECT_EQ(names(h), (V{"www.example.com", "intranet"}));
  EXPECT_EQ(h.items[0].count, 2u);
  auto t = query::l7_names(store, query::NameTable::TlsSnis, descending(), L7Sort::Requests);
  EXPECT_EQ(names(t), (V{"www.example.com", "api.example.com"}));
  // Names are not addresses: the caller's address filter does not narrow them.
  EXPECT_EQ(query::l7_names(store, query::NameTable::TlsSnis, restricted(), L7Sort::Key).total, 2u);
}

TEST_F(L7ListsTest, HttpHosts) {
  auto p = query::http_hosts(store, descending(), L7Sort::Requests);
  // Two requests each, then one each; ties by address (93.x sorts before 192.x).
  EXPECT_EQ(ips(p), (V{"93.184.216.34", "192.168.1.10", "192.168.1.20", "192.168.1.80"}));
  const auto& client = p.items[1];
  EXPECT_EQ(client.requests_sent(), 2u);
  EXPECT_EQ(client.http.status_classes[2], 1u);
  EXPECT_EQ(client.http.status_classes[4], 1u);
  EXPECT_FALSE(client.server);
  const auto& server = p.items[0];
  EXPECT_EQ(server.http.requests_rcvd, 2u);
  EXPECT_EQ(server.http.served_classes[4], 1u);
  ASSERT_TRUE(server.server);
  EXPECT_EQ(server.server->response_time.count, 2u);
  EXPECT_EQ(server.server->response_time.avg(), 50 * kMs);
  EXPECT_EQ(server.server->host_names, (V{"www.example.com"}));
  // Hosts without measured response times sort as 0.
  EXPECT_EQ(ips(query::http_hosts(store, descending(), L7Sort::MaxTime)),
            (V{"192.168.1.80", "93.184.216.34", "192.168.1.10", "192.168.1.20"}));
  EXPECT_EQ(ips(query::http_hosts(store, restricted(), L7Sort::Key)),
            (V{"192.168.1.10", "192.168.1.20", "192.168.1.80"}));
}

TEST_F(L7ListsTest, HttpServers) {
  auto p = query::http_servers(store, descending(), L7Sort::Status4);
  EXPECT_EQ(ips(p), (V{"93.184.216.34", "192.168.1.80"}));
  EXPECT_EQ(ips(query::http_servers(store, descending(), L7Sort::Status5)),
            (V{"192.168.1.80", "93.184.216.34"}));
  EXPECT_EQ(ips(query::http_servers(store, descending(), L7Sort::AvgTime)),
            (V{"192.168.1.80", "93.184.216.34"}));
  EXPECT_EQ(p.items[0].stats.requests, 2u);
  EXPECT_EQ(p.items[0].stats.responses, 2u);
  EXPECT_EQ(ips(query::http_servers(store, restricted(), L7Sort::Key)), (V{"192.168.1.80"}));
  EXPECT_EQ(ips(query::http_servers(store, {}, L7Sort::Key, {"93.184"})), (V{"93.184.216.34"}));
}

TEST_F(L7ListsTest, DhcpClients) {
  auto macs = [](const query::Page<query::DhcpClientItem>& page) {
    std::vector<stats::MacKey> out;
    for (const auto& i : page.items)
      out.push_back(i.mac);
    return out;
  };
  using M = std::vector<stats::MacKey>;
  auto p = query::dhcp_clients(store, {}, L7Sort::Key);
  EXPECT_EQ(macs(p), (M{kMacA, kMacB, kMacC}));
  EXPECT_EQ(p.items[0].lease.host_name, "alpha");  // from its REQUEST; the ACK named nobody
  EXPECT_EQ(p.items[0].lease.address, addr("192.168.1.10"));
  EXPECT_EQ(p.items[0].lease.lease_seconds, 3600u);
  EXPECT_EQ(p.items[0].lease.acked_ns, kT0 * kNs);
  EXPECT_TRUE(p.items[1].lease.address.empty());
  EXPECT_EQ(macs(query::dhcp_clients(store, {}, L7Sort::Name)), (M{kMacA, kMacB, kMacC}));
  EXPECT_EQ(macs(query::dhcp_clients(store, descending(), L7Sort::IssueTime)), (M{kMacC, kMacA, kMacB}));
  EXPECT_EQ(macs(query::dhcp_clients(store, descending(), L7Sort::LastSeen)), (M{kMacC, kMacA, kMacB}));
  // By address: the one without comes first (the empty address sorts lowest).
  EXPECT_EQ(macs(query::dhcp_clients(store, {}, L7Sort::Address)), (M{kMacB, kMacC, kMacA}));
  // A client without an address is hidden from a restricted caller, as is one outside its networks.
  EXPECT_EQ(macs(query::dhcp_clients(store, restricted(), L7Sort::Key)), (M{kMacA}));
  EXPECT_EQ(macs(query::dhcp_clients(store, {}, L7Sort::Key, {"33:44:aa"})), (M{kMacB}));
  EXPECT_EQ(macs(query::dhcp_clients(store, {}, L7Sort::Key, {"CHAR"})), (M{kMacC}));
  EXPECT_EQ(macs(query::dhcp_clients(store, {}, L7Sort::Key, {"10.0.0"})), (M{kMacC}));
}

TEST_F(L7ListsTest, DhcpServers) {
  auto p = query::dhcp_servers(store, {}, L7Sort::Key);
  ASSERT_EQ(ips(p), (V{"192.168.1.1"}));
  EXPECT_EQ(p.items[0].stats.acks, 2u);
  EXPECT_EQ(p.items[0].stats.requests, 1u);
  EXPECT_EQ(p.items[0].stats.offers, 0u);
}

TEST_F(L7ListsTest, Paging) {
  ListRequest r = descending();
  r.page_size = 1;
  r.page = 1;
  auto p = query::dns_clients(store, r, L7Sort::Requests);
  EXPECT_EQ(p.total, 3u);
  EXPECT_EQ(p.pages, 3u);
  EXPECT_EQ(ips(p), (V{"10.0.0.5"}));
  r.page = 3;
  EXPECT_TRUE(query::dns_clients(store, r, L7Sort::Requests).items.empty());
}

TEST_F(L7ListsTest, Summaries) {
  auto dns = query::dns_summary(store);
  EXPECT_EQ(dns.queries, 5u);
  EXPECT_EQ(dns.replies_ok, 3u);
  EXPECT_EQ(dns.replies_error, 1u);
  EXPECT_EQ(dns.rcodes[0], 3u);
  EXPECT_EQ(dns.rcodes[3], 1u);
  EXPECT_EQ(dns.qtypes, (std::vector<std::pair<uint16_t, uint64_t>>{{1, 4}, {28, 1}}));
  EXPECT_EQ(dns.response_time.count, 4u);
  EXPECT_EQ(dns.servers, 2u);
  EXPECT_EQ(dns.names, 3u);
  auto http = query::http_summary(store);
  EXPECT_EQ(http.requests, 3u);
  EXPECT_EQ(http.responses, 3u);
  EXPECT_EQ(http.methods[static_cast<size_t>(l7::HttpMethod::Get)], 3u);
  EXPECT_EQ(http.status_classes, (std::array<uint64_t, 6>{0, 0, 1, 0, 1, 1}));
  EXPECT_EQ(http.status_codes.size(), 3u);
  EXPECT_EQ(http.response_time.max, 100 * kMs);
  EXPECT_EQ(http.servers, 2u);
  auto tls = query::tls_summary(store);
  EXPECT_EQ(tls.client_hellos, 3u);
  EXPECT_EQ(tls.server_hellos, 3u);
  EXPECT_EQ(tls.client_versions, (std::vector<std::pair<uint16_t, uint64_t>>{{0x0303, 1}, {0x0304, 2}}));
  EXPECT_EQ(tls.handshake_time.count, 3u);
  EXPECT_EQ(tls.handshake_time.avg(), 20 * kMs);
  EXPECT_EQ(tls.snis, 2u);
  auto dhcp = query::dhcp_summary(store);
  EXPECT_EQ(dhcp.messages, 4u);
  EXPECT_EQ(dhcp.message_types[static_cast<size_t>(l7::DhcpMessageType::Ack)], 2u);
  EXPECT_EQ(dhcp.clients, 3u);
  EXPECT_EQ(dhcp.servers, 1u);
}

TEST(L7QueryService, ReadsThroughTheAggregator) {
  stats::Aggregator agg(stats::StatsConfig{}, 1);
  query::NumericNames resolver;
  query::QueryService q(agg, resolver);
  auto d = agg.channel().acquire(0);
  d->second = kT0;
  dns(*d, host("192.168.1.2"), host("192.168.1.1"), 1, "example.com", 0, 3);
  http(*d, host("192.168.1.2"), host("10.1.1.1"), 2, "example.com", 200, 3);
  agg.channel().publish(std::move(d));
  agg.drain();
  EXPECT_EQ(q.dns_summary().queries, 1u);
  EXPECT_EQ(q.dns_clients({}, L7Sort::Key).total, 1u);
  EXPECT_EQ(q.dns_servers({}, L7Sort::Key).total, 1u);
  EXPECT_EQ(q.l7_names(query::NameTable::DnsQueries, {}, L7Sort::Key).total, 1u);
  EXPECT_EQ(q.http_summary().requests, 1u);
  EXPECT_EQ(q.http_hosts({}, L7Sort::Key).total, 2u);
  EXPECT_EQ(q.http_servers({}, L7Sort::Key).total, 1u);
  EXPECT_EQ(q.tls_summary().client_hellos, 0u);
  EXPECT_EQ(q.dhcp_summary().messages, 0u);
  EXPECT_EQ(q.dhcp_clients({}, L7Sort::Key).total, 0u);
  EXPECT_EQ(q.dhcp_servers({}, L7Sort::Key).total, 0u);
}

}  // namespace
}  // namespace netmeter::test
