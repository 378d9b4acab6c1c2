#include "stats/l7_stats.hpp"

#include <gtest/gtest.h>

#include "l7_test_packets.hpp"

namespace netmeter::test {
namespace {

using stats::HostEntry;
using stats::HostKey;
using stats::L7Event;
using stats::L7Kind;
using stats::L7Stats;

constexpr int64_t kMs = 1'000'000;

L7Event event(L7Kind kind, uint64_t flow, int64_t ts, std::string_view client = "10.0.0.1",
              std::string_view server = "10.0.0.53") {
  L7Event e;
  e.kind = kind;
  e.flow_id = flow;
  e.ts_ns = ts;
  e.client = {addr(client), 0};
  e.server = {addr(server), 0};
  return e;
}

L7Event dns_query(uint64_t flow, uint16_t id, std::string_view name, int64_t ts, uint16_t qtype = 1) {
  L7Event e = event(L7Kind::DnsQuery, flow, ts);
  e.id = id;
  e.code = qtype;
  e.set_name(name);
  return e;
}

L7Event dns_reply(uint64_t flow, uint16_t id, std::string_view name, int64_t ts, uint8_t rcode = 0,
                  std::vector<std::string_view> answers = {}) {
  L7Event e = event(L7Kind::DnsResponse, flow, ts);
  e.id = id;
  e.rcode = rcode;
  e.set_name(name);
  for (auto a : answers)
    e.addresses[e.address_count++] = addr(a);
  return e;
}

struct Hosts {
  HostEntry client, server;
  Hosts() {
    client.key = {addr("10.0.0.1"), 0};
    server.key = {addr("10.0.0.53"), 0};
  }
};

struct L7StatsTest : ::testing::Test {
  L7Stats stats;
  stats::StatsConfig config;
  Hosts h;
  void apply(const L7Event& e, HostEntry* c = nullptr, HostEntry* s = nullptr) {
    stats::apply_l7_event(e, e.ts_ns / 1'000'000'000, stats, c ? c : &h.client, s ? s : &h.server, config);
  }
};

TEST_F(L7StatsTest, DnsPairsResponsesWithQueriesByFlowAndId) {
  apply(dns_query(1, 10, "a.example", 0));
  apply(dns_query(1, 11, "b.example", 1 * kMs, 28));
  apply(dns_query(2, 10, "a.example", 2 * kMs));
  apply(dns_reply(1, 11, "b.example", 5 * kMs, 3));  // NXDOMAIN after 4 ms
  apply(dns_reply(1, 10, "a.example", 10 * kMs));    // after 10 ms
  apply(dns_reply(3, 10, "a.example", 11 * kMs));    // no such query
  const auto& dns = stats.dns;
  EXPECT_EQ(dns.queries, 3u);
  EXPECT_EQ(dns.replies_ok, 2u);
  EXPECT_EQ(dns.replies_error, 1u);
  EXPECT_EQ(dns.unmatched_replies, 1u);
  EXPECT_EQ(dns.rcodes[3], 1u);
  EXPECT_EQ(dns.response_time.count, 2u);
  EXPECT_EQ(dns.response_time.min, 4 * kMs);
  EXPECT_EQ(dns.response_time.max, 10 * kMs);
  EXPECT_EQ(dns.pending.size(), 1u);  // flow 2's query
  const auto& server = dns.servers.at(HostKey{addr("10.0.0.53"), 0});
  EXPECT_EQ(server.queries, 3u);
  EXPECT_EQ(server.replies_error, 1u);
  EXPECT_EQ(server.response_time.count, 2u);
  EXPECT_EQ(dns.qtypes.at(1), 2u);
  EXPECT_EQ(dns.qtypes.at(28), 1u);
  EXPECT_EQ(dns.names.find("a.example")->count, 2u);
  // Host counters.
  EXPECT_EQ(h.client.dns.queries_sent, 3u);
  EXPECT_EQ(h.client.dns.replies_ok_rcvd, 2u);
  EXPECT_EQ(h.client.dns.replies_error_rcvd, 1u);
  EXPECT_EQ(h.server.dns.queries_rcvd, 3u);
  EXPECT_EQ(h.server.dns.replies_ok_sent, 2u);
  EXPECT_EQ(h.server.dns.replies_error_sent, 1u);
  ASSERT_EQ(h.client.dns.queries_by_type.size(), 2u);
  EXPECT_EQ(h.client.dns.queries_by_type[0], (std::pair<uint16_t, uint64_t>{1, 2}));
}

TEST_F(L7StatsTest, DnsPendingTableIsBounded) {
  config.l7_max_pending = 4;
  for (uint16_t i = 0; i < 10; ++i)
    apply(dns_query(1, i, "x.example", i));
  EXPECT_EQ(stats.dns.pending.size(), 4u);
  EXPECT_EQ(stats.dns.pending.dropped(), 6u);
  apply(dns_reply(1, 0, "x.example", 100));  // forgotten
  apply(dns_reply(1, 9, "x.example", 100));  // kept: the newest
  EXPECT_EQ(stats.dns.unmatched_replies, 1u);
  EXPECT_EQ(stats.dns.response_time.count, 1u);
}

TEST_F(L7StatsTest, TopNamesAndServersAreBounded) {
  config.l7_max_names = 3;
  config.l7_max_servers = 2;
  for (int i = 0; i < 20; ++i)
    apply(dns_query(1, 1, "popular.example", i));
  for (int i = 0; i < 20; ++i)
    apply(dns_query(1, 1, "rare" + std::to_string(i) + ".example", 100 + i));
  EXPECT_EQ(stats.dns.names.size(), 3u);
  EXPECT_GT(stats.dns.names.evicted(), 0u);
  auto top = stats.dns.names.top(1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].first, "popular.example");
  EXPECT_EQ(top[0].second.count, 20u);
  EXPECT_EQ(top[0].second.error, 0u);
  for (auto s : {"10.0.0.54", "10.0.0.55", "10.0.0.56"}) {
    L7Event q = dns_query(9, 1, "y", 0);
    q.server = {addr(s), 0};
    apply(q);
  }
  EXPECT_EQ(stats.dns.servers.size(), 2u);  // 10.0.0.53 and 10.0.0.54
  EXPECT_EQ(stats.dns.servers_refused, 2u);
}

TEST_F(L7StatsTest, DnsAnswersNameHostsNowAndLater) {
  HostEntry web;
  web.key = {addr("93.184.216.34"), 0};
  apply(dns_reply(1, 1, "www.example.com", 0, 0, {"93.184.216.34", "93.184.216.35"}));
  EXPECT_EQ(stats.dns_names.size(), 2u);
  // The host takes part in a later event (it serves HTTP): named then.
  L7Event req = event(L7Kind::HttpRequest, 5, 1, "10.0.0.1", "93.184.216.34");
  apply(req, &h.client, &web);
  EXPECT_EQ(web.dns_name, "www.example.com");
  // Any other host is named on request.
  HostEntry other;
  other.key = {addr("93.184.216.35"), 0};
  EXPECT_TRUE(stats::fill_host_names(stats, other));
  EXPECT_EQ(other.name(), "www.example.com");
  // On another VLAN the answer says nothing.
  HostEntry vlan;
  vlan.key = {addr("93.184.216.35"), 7};
  EXPECT_FALSE(stats::fill_host_names(stats, vlan));
  // Error responses name nothing.
  apply(dns_reply(1, 2, "bad.example", 0, 2, {"1.1.1.1"}));
  EXPECT_EQ(stats.dns_names.size(), 2u);
}

TEST_F(L7StatsTest, HttpResponseTimesInOrderPerConnection) {
  HostEntry c, s;
  c.key = {addr("10.0.0.1"), 0};
  s.key = {addr("10.0.0.80"), 0};
  auto req = [&](uint64_t flow, int64_t ts, uint16_t method, std::string_view host) {
    L7Event e = event(L7Kind::HttpRequest, flow, ts, "10.0.0.1", "10.0.0.80");
    e.code = method;
    e.set_name(host);
    apply(e, &c, &s);
  };
  auto resp = [&](uint64_t flow, int64_t ts, uint16_t status) {
    L7Event e = event(L7Kind::HttpResponse, flow, ts, "10.0.0.1", "10.0.0.80");
    e.code = status;
    apply(e, &c, &s);
  };
  req(1, 0, 0, "www.example.com:8080");   // GET
  req(1, 1 * kMs, 1, "www.example.com");  // POST, pipelined
  resp(1, 3 * kMs, 100);                  // interim: not the answer
  resp(1, 5 * kMs, 200);                  // answers the first: 5 ms
  resp(1, 8 * kMs, 404);                  // the second: 7 ms
  resp(2, 9 * kMs, 500);                  // nothing asked
  const auto& http = stats.http;
  EXPECT_EQ(http.requests, 2u);
  EXPECT_EQ(http.responses, 4u);
  EXPECT_EQ(http.unmatched_responses, 1u);
  EXPECT_EQ(http.response_time.count, 2u);
  EXPECT_EQ(http.response_time.min, 5 * kMs);
  EXPECT_EQ(http.response_time.max, 7 * kMs);
  EXPECT_EQ(http.status_codes.at(404), 1u);
  EXPECT_EQ(http.methods[0], 1u);
  EXPECT_EQ(http.host_names.find("www.example.com")->count, 2u);
  const auto& server = http.servers.at(s.key);
  EXPECT_EQ(server.requests, 2u);
  EXPECT_EQ(server.status_classes[2], 1u);
  EXPECT_EQ(server.status_classes[5], 1u);
  EXPECT_EQ(server.host_names, std::vector<std::string>{"www.example.com"});
  EXPECT_EQ(s.served_name, "www.example.com");
  EXPECT_EQ(c.http.get().methods[0], 1u);
  EXPECT_EQ(c.http.get().methods[1], 1u);
  EXPECT_EQ(c.http.get().status_classes[1], 1u);
  EXPECT_EQ(c.http.get().status_classes[4], 1u);
  EXPECT_EQ(s.http.get().served_classes[2], 1u);
  EXPECT_EQ(s.http.get().requests_rcvd, 2u);
  EXPECT_EQ(http.pending.size(), 0u);
}

TEST(HttpHostName, StripsThePort) {
  EXPECT_EQ(stats::http_host_name("example.com:8080"), "example.com");
  EXPECT_EQ(stats::http_host_name("example.com"), "example.com");
  EXPECT_EQ(stats::http_host_name("[2001:db8::1]:80"), "[2001:db8::1]");
  EXPECT_EQ(stats::http_host_name("2001:db8::1"), "2001:db8::1");
}

TEST_F(L7StatsTest, TlsSniVersionsAndHandshakeTime) {
  HostEntry c, s;
  c.key = {addr("10.0.0.1"), 0};
  s.key = {addr("10.0.0.43"), 0};
  L7Event ch = event(L7Kind::TlsClientHello, 1, 10 * kMs, "10.0.0.1", "10.0.0.43");
  ch.code = 0x0304;
  ch.set_name("secure.example");
  apply(ch, &c, &s);
  L7Event sh = event(L7Kind::TlsServerHello, 1, 35 * kMs, "10.0.0.1", "10.0.0.43");
  sh.code = 0x0304;
  apply(sh, &c, &s);
  L7Event lone = event(L7Kind::TlsServerHello, 2, 40 * kMs, "10.0.0.1", "10.0.0.43");
  lone.code = 0x0303;
  apply(lone, &c, &s);
  const auto& tls = stats.tls;
  EXPECT_EQ(tls.client_hellos, 1u);
  EXPECT_EQ(tls.server_hellos, 2u);
  EXPECT_EQ(tls.unmatched_server_hellos, 1u);
  EXPECT_EQ(tls.snis.find("secure.example")->count, 1u);
  EXPECT_EQ(tls.client_versions.at(0x0304), 1u);
  EXPECT_EQ(tls.server_versions.at(0x0303), 1u);
  EXPECT_EQ(tls.handshake_time.count, 1u);
  EXPECT_EQ(tls.handshake_time.sum, 25 * kMs);
  EXPECT_EQ(s.served_name, "secure.example");
  EXPECT_TRUE(c.served_name.empty());
}

L7Event dhcp_event(uint8_t type, std::string_view client, std::string_view server, stats::MacKey mac,
                   std::string_view client_addr = {}, std::string_view name = {}) {
  L7Event e = event(L7Kind::Dhcp, 1, 1, client, server);
  e.code = type;
  e.mac = mac;
  e.flags |= L7Event::kHasMac;
  e.address_count = 2;
  if (!client_addr.empty()) {
    e.addresses[0] = addr(client_addr);
    e.flags |= L7Event::kHasClientAddress;
  }
  e.addresses[1] = addr(server);
  e.flags |= L7Event::kHasServerId;
  e.set_name(name);
  return e;
}

TEST_F(L7StatsTest, DhcpServersLeasesAndHostName) {
  HostEntry zero, srv, leased;
  zero.key = {addr("0.0.0.0"), 0};
  srv.key = {addr("192.168.1.1"), 0};
  leased.key = {addr("192.168.1.50"), 0};
  stats::MacKey mac = 0x020000000042;
  apply(dhcp_event(1, "0.0.0.0", "192.168.1.1", mac, {}, "laptop"), &zero, &srv);
  apply(dhcp_event(2, "0.0.0.0", "192.168.1.1", mac, "192.168.1.50"), &zero, &srv);
  apply(dhcp_event(3, "0.0.0.0", "192.168.1.1", mac, "192.168.1.50", "laptop"), &zero, &srv);
  L7Event ack = dhcp_event(5, "192.168.1.50", "192.168.1.1", mac, "192.168.1.50");
  ack.lease_seconds = 3600;
  ack.flags |= L7Event::kHasLease;
  apply(ack, &leased, &srv);
  const auto& d = stats.dhcp;
  EXPECT_EQ(d.messages, 4u);
  EXPECT_EQ(d.message_types[5], 1u);
  const auto& s = d.servers.at(srv.key);
  EXPECT_EQ(s.offers, 1u);
  EXPECT_EQ(s.acks, 1u);
  EXPECT_EQ(s.requests, 1u);
  const auto& l = d.leases.at(mac);
  EXPECT_EQ(l.address, addr("192.168.1.50"));
  EXPECT_EQ(l.host_name, "laptop");
  EXPECT_EQ(l.lease_seconds, 3600u);
  EXPECT_EQ(l.server, addr("192.168.1.1"));
  EXPECT_EQ(leased.dhcp_name, "laptop");
  EXPECT_TRUE(zero.dhcp_name.empty());
  HostEntry later;
  later.key = leased.key;
  EXPECT_TRUE(stats::fill_host_names(stats, later));
  EXPECT_EQ(later.name(), "laptop");
}

TEST_F(L7StatsTest, DhcpLeasesAreBounded) {
  config.l7_max_dhcp_leases = 2;
  HostEntry zero, srv;
  for (stats::MacKey m = 1; m <= 5; ++m)
    apply(dhcp_event(1, "0.0.0.0", "192.168.1.1", m), &zero, &srv);
  EXPECT_EQ(stats.dhcp.leases.size(), 2u);
  EXPECT_EQ(stats.dhcp.leases_refused, 3u);
}

TEST_F(L7StatsTest, NullHostsAreTolerated) {
  stats::apply_l7_event(dns_query(1, 1, "a", 0), 0, stats, nullptr, nullptr, config);
  stats::apply_l7_event(dns_reply(1, 1, "a", 1, 0, {"1.2.3.4"}), 0, stats, nullptr, nullptr, config);
  EXPECT_EQ(stats.events, 2u);
  EXPECT_EQ(stats.dns.response_time.count, 1u);
}

}  // namespace
}  // namespace netmeter::test
