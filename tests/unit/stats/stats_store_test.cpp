#include "stats/stats_store.hpp"

#include <gtest/gtest.h>

#include "stats/module_recorders.hpp"
#include "stats_test_util.hpp"

namespace netmeter::stats {
namespace {

using namespace test;

/// What a worker's recorder adds for one IP packet (without its flow's update).
void record(ShardDelta& d, const decode::DecodedPacket& p, const StatsConfig& config) {
  PacketView v{p, nullptr, 0, {}};
  record_interface(v, config, d);
  record_link_layer(v, d);
  record_hosts(v, d);
  record_ip_classes(v, d);
}

ShardDelta delta_at(int64_t second, unsigned worker = 0) {
  ShardDelta d;
  d.second = second;
  d.worker = worker;
  return d;
}

int64_t at(int64_t second, int64_t ns = 0) {
  return second * kSecond + ns;
}

constexpr int64_t kS = 1'700'000'000;

TEST(StatsStore, HostsFromDeltasOfSeveralWorkersInAnyOrder) {
  StatsConfig config;
  StatsStore store(config);
  auto d1 = delta_at(kS + 1, 1);
  record(d1, ip_packet({.len = 300, .ts = at(kS + 1, 500)}), config);
  auto d0 = delta_at(kS, 0);
  record(d0, ip_packet({.len = 100, .ts = at(kS, 10)}), config);
  record(d0,
         ip_packet({.src = "198.51.100.1",
                    .dst = "192.168.1.10",
                    .len = 1000,
                    .ts = at(kS, 20),
                    .src_mac = kMacB,
                    .dst_mac = kMacA}),
         config);
  auto d0b = delta_at(kS, 1);  // the other worker's part of the same second, applied last
  record(d0b, ip_packet({.len = 50, .ts = at(kS, 5)}), config);
  store.apply(d1);
  store.apply(d0);
  store.apply(d0b);

  EXPECT_EQ(store.newest_second(), kS + 1);
  EXPECT_EQ(store.oldest_second(), kS);
  EXPECT_EQ(store.last_second(), kS);  // the newest second is not complete until the source ends
  store.mark_finished();
  EXPECT_EQ(store.last_second(), kS + 1);

  ASSERT_EQ(store.hosts().size(), 2u);
  const HostEntry* a = store.hosts().find(host("192.168.1.10"));
  const HostEntry* b = store.hosts().find(host("198.51.100.1"));
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_TRUE(a->local);
  EXPECT_FALSE(b->local);
  EXPECT_EQ(a->traffic.total, (Traffic{1, 1000, 3, 450}));
  EXPECT_EQ(b->traffic.total, (Traffic{3, 450, 1, 1000}));
  EXPECT_EQ(a->traffic.first_ns, at(kS, 5));
  EXPECT_EQ(a->traffic.last_ns, at(kS + 1, 500));
  const auto& cfg = config.entity_history;
  EXPECT_EQ(a->traffic.interval(kS, kS + 1, cfg), (Traffic{1, 1000, 2, 150}));
  EXPECT_EQ(a->traffic.interval(kS + 1, kS + 2, cfg), (Traffic{0, 0, 1, 300}));
  EXPECT_EQ(a->ttl.count, 3u);
  ASSERT_EQ(a->macs.size(), 1u);
  EXPECT_EQ(a->macs[0], mac_key(kMacA));
  // The MAC knows the addresses behind it.
  const MacEntry* m = store.macs().find(mac_key(kMacA));
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->traffic.total, (Traffic{1, 1000, 3, 450}));
  ASSERT_EQ(m->ips.size(), 1u);
  EXPECT_EQ(m->ips[0], ip("192.168.1.10"));
  // The interface.
  EXPECT_EQ(store.iface().traffic.total, (Traffic{4, 1450, 0, 0}));
  EXPECT_EQ(store.iface().traffic.history.sum(kS, kS + 1, config.global_history).rx_packets, 3u);
  EXPECT_EQ(store.iface().local_to_remote.rx_packets, 3u);
}

TEST(StatsStore, DeltasWithoutATimeAreIgnored) {
  StatsConfig config;
  StatsStore store(config);
  ShardDelta d;  // second == kNever
  record(d, ip_packet({}), config);
  store.apply(d);
  EXPECT_EQ(store.hosts().size(), 0u);
  EXPECT_EQ(store.newest_second(), History::kNever);
}

struct ConnectionFixture : ::testing::Test {
  StatsConfig config;
  decode::DecodedPacket request = ip_packet({.len = 100});
  flow::Flow f = flow_of(request, 42);

  /// Applies the flow's current state (as a worker's flush would) in second `s`, with the packets
  /// the hosts saw since the last call.
  void update(StatsStore& store, int64_t s, bool ended = false) {
    auto d = delta_at(s);
    ConnectionUpdate u = ConnectionUpdate::from(f);
    u.ended = ended;
    d.connections.push_back(u);
    store.apply(d);
  }
  void packets(int c2s, int s2c, int64_t s) {
    for (int i = 0; i < c2s; ++i)
      count(f, 0, 100, at(s));
    for (int i = 0; i < s2c; ++i)
      count(f, 1, 1000, at(s));
  }
};

TEST_F(ConnectionFixture, FlowCountersAndActiveFlows) {
  StatsStore store(config);
  packets(2, 1, kS);
  update(store, kS);
  EXPECT_EQ(store.iface().flows_total, 1u);
  EXPECT_EQ(store.active_connections().size(), 1u);
  const HostEntry* client = store.hosts().find(host("192.168.1.10"));
  const HostEntry* server = store.hosts().find(host("198.51.100.1"));
  ASSERT_NE(client, nullptr);
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(client->flows_as_client, 1u);
  EXPECT_EQ(client->active_as_client, 1u);
  EXPECT_EQ(server->flows_as_server, 1u);
  EXPECT_EQ(server->active_as_server, 1u);

  packets(1, 0, kS + 1);
  update(store, kS + 1);  // the same flow again: not a new one
  EXPECT_EQ(store.iface().flows_total, 1u);
  EXPECT_EQ(client->flows_as_client, 1u);

  update(store, kS + 2, true);
  EXPECT_EQ(store.active_connections().size(), 0u);
  ASSERT_EQ(store.finished_connections().size(), 1u);
  const ConnectionEntry& e = store.finished_connections().front();
  EXPECT_EQ(e.state.id, 42u);
  EXPECT_EQ(e.client(), host("192.168.1.10"));
  EXPECT_EQ(e.server(), host("198.51.100.1"));
  EXPECT_EQ(e.server_port(), 443);
  EXPECT_EQ(e.traffic(), (Traffic{1, 1000, 3, 300}));
  EXPECT_EQ(client->active_as_client, 0u);
  EXPECT_EQ(server->active_as_server, 0u);
  EXPECT_EQ(client->flows_as_client, 1u);
}

TEST_F(ConnectionFixture, ApplicationTrafficFollowsDetectionAndTheFlowCountsOnceUnderItsResult) {
  StatsStore store(config);
  // Second 1: detection pending; the traffic counts as Unknown.
  packets(2, 1, kS);
  update(store, kS);
  const auto* unknown = store.apps().find(app_key(0, 0));
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(unknown->total, (Traffic{1, 1000, 2, 200}));  // the client's view: rx from the server
  const HostEntry* client = store.hosts().find(host("192.168.1.10"));
  ASSERT_EQ(client->apps.size(), 1u);
  EXPECT_EQ(client->apps[0].flows, 0u);  // not counted while pending

  // Second 2: detected; new traffic under the application, and the flow counts under it once.
  f.app.master = 91;
  f.app.app = 7;
  f.app.category = 5;
  f.app.breed = 2;
  f.app.status = flow::DpiStatus::Detected;
  packets(1, 3, kS + 1);
  update(store, kS + 1);
  packets(1, 0, kS + 2);
  update(store, kS + 2);
  update(store, kS + 3, true);
  const auto* app = store.apps().find(app_key(91, 7));
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->total, (Traffic{3, 3000, 2, 200}));
  EXPECT_EQ(store.apps().find(app_key(0, 0))->total, (Traffic{1, 1000, 2, 200}));
  EXPECT_EQ(store.categories().find(5)->total, (Traffic{3, 3000, 2, 200}));
  EXPECT_EQ(store.breeds().find(2)->total, (Traffic{3, 3000, 2, 200}));

  auto host_app = [](const HostEntry* h, uint32_t key) -> const HostAppTraffic* {
    for (const auto& a : h->apps)
      if (a.key == key) return &a;
    return nullptr;
  };
  const HostEntry* server = store.hosts().find(host("198.51.100.1"));
  ASSERT_NE(host_app(client, app_key(91, 7)), nullptr);
  EXPECT_EQ(host_app(client, app_key(91, 7))->flows, 1u);
  EXPECT_EQ(host_app(client, app_key(91, 7))->traffic, (Traffic{3, 3000, 2, 200}));
  EXPECT_EQ(host_app(client, app_key(0, 0))->flows, 0u);
  EXPECT_EQ(host_app(server, app_key(91, 7))->flows, 1u);
  EXPECT_EQ(host_app(server, app_key(91, 7))->traffic, (Traffic{2, 200, 3, 3000}));  // swapped
  ASSERT_EQ(client->categories.size(), 2u);  // category 0 while pending, then 5
  uint64_t category_flows = 0;
  for (const auto& c : client->categories)
    category_flows += c.flows;
  EXPECT_EQ(category_flows, 1u);
}

TEST_F(ConnectionFixture, AFlowGuessedWhenItEndsCountsUnderTheGuess) {
  StatsStore store(config);
  packets(1, 1, kS);
  update(store, kS);
  // Detection gives up at the end with a guess: no new traffic, but the flow now has its application.
  f.app.master = 0;
  f.app.app = 7;
  f.app.status = flow::DpiStatus::GaveUp;
  update(store, kS, true);
  const HostEntry* client = store.hosts().find(host("192.168.1.10"));
  uint64_t flows_guessed = 0, flows_unknown = 0;
  for (const auto& a : client->apps) {
    if (a.key == app_key(0, 7)) flows_guessed += a.flows;
    if (a.key == app_key(0, 0)) flows_unknown += a.flows;
  }
  EXPECT_EQ(flows_guessed, 1u);
  EXPECT_EQ(flows_unknown, 0u);
  EXPECT_EQ(store.apps().find(app_key(0, 7)), nullptr);  // no traffic was seen as it
}

TEST_F(ConnectionFixture, TcpQualityCountsDifferencesOnce) {
  StatsStore store(config);
  packets(3, 3, kS);
  f.tcp.dir[0].retransmissions = 2;
  f.tcp.dir[1].out_of_order = 1;
  f.tcp.dir[1].lost = 4;
  f.tcp.dir[1].zero_windows = 2;
  f.tcp.server_rtt_ns = 30'000'000;
  f.tcp.client_rtt_ns = 5'000'000;
  update(store, kS);
  f.tcp.dir[0].retransmissions = 3;
  packets(1, 0, kS + 1);
  update(store, kS + 1);
  update(store, kS + 1, true);
  EXPECT_EQ(store.iface().tcp_retransmissions, 3u);
  EXPECT_EQ(store.iface().tcp_out_of_order, 1u);
  EXPECT_EQ(store.iface().tcp_lost, 4u);
  const HostEntry* client = store.hosts().find(host("192.168.1.10"));
  const HostEntry* server = store.hosts().find(host("198.51.100.1"));
  EXPECT_EQ(client->tcp.retransmissions, 3u);  // what it sent again
  EXPECT_EQ(server->tcp.lost, 4u);
  EXPECT_EQ(server->tcp.out_of_order, 1u);
  EXPECT_EQ(server->tcp.zero_windows, 2u);  // segments it sent with a zero window
  EXPECT_EQ(client->tcp.zero_windows, 0u);
  EXPECT_EQ(client->tcp.rtt.count, 1u);
  EXPECT_EQ(client->tcp.rtt.min, 35'000'000);
  EXPECT_EQ(server->tcp.rtt.count, 0u);
}

TEST(StatsStore, FinishedConnectionsAreKeptUpToTheLimit) {
  StatsConfig config;
  config.finished_connections_kept = 3;
  StatsStore store(config);
  for (uint16_t i = 1; i <= 5; ++i) {
    auto p = ip_packet({.sport = static_cast<uint16_t>(40000 + i)});
    flow::Flow f = flow_of(p, i);
    count(f, 0, 100, at(kS + i));
    auto d = delta_at(kS + i);
    auto u = ConnectionUpdate::from(f);
    u.ended = true;
    d.connections.push_back(u);
    store.apply(d);
  }
  EXPECT_EQ(store.iface().flows_total, 5u);
  EXPECT_EQ(store.iface().connections_dropped, 2u);
  ASSERT_EQ(store.finished_connections().size(), 3u);
  EXPECT_EQ(store.finished_connections()[0].state.id, 3u);  // the oldest were dropped
  EXPECT_EQ(store.finished_connections()[2].state.id, 5u);
  // Dropping a finished connection does not take its counts back.
  EXPECT_EQ(store.hosts().find(host("192.168.1.10"))->flows_as_client, 5u);
}

// A capture's end moves every active connection to the finished list: the active table's storage goes
// with them instead of staying allocated beside the copies.
TEST(StatsStore, ConnectionsEndedByTheAnalysisEndReleaseTheActiveTablesStorage) {
  StatsConfig config;
  StatsStore store(config);
  const size_t n = 3 * StatsStore::ConnectionTable::kBlock;
  std::vector<flow::Flow> flows;
  auto d = delta_at(kS);
  for (size_t i = 0; i < n; ++i) {
    auto p = ip_packet({.sport = static_cast<uint16_t>(1024 + i), .ts = at(kS)});
    flows.push_back(flow_of(p, i + 1));
    count(flows.back(), 0, 100, at(kS));
    d.connections.push_back(ConnectionUpdate::from(flows.back()));
  }
  store.apply(d);
  ASSERT_EQ(store.active_connections().size(), n);
  EXPECT_EQ(store.active_connections().allocated_blocks(), 3u);
  EXPECT_TRUE(store.take_released().connections.empty());

  auto end = delta_at(kS + 1);
  for (auto& f : flows) {
    f.end = flow::EndReason::AnalysisEnd;
    end.connections.push_back(ConnectionUpdate::from(f));
  }
  store.apply(end);
  EXPECT_EQ(store.active_connections().size(), 0u);
  EXPECT_EQ(store.active_connections().allocated_blocks(), 1u);  // the block being filled stays
  EXPECT_EQ(store.take_released().connections.size(), 2u);
  // Every connection is kept whole in the finished list, and the hosts' counts are right.
  ASSERT_EQ(store.finished_connections().size(), n);
  for (size_t i = 0; i < n; ++i) {
    const ConnectionEntry& e = store.finished_connections()[i];
    EXPECT_EQ(e.state.id, i + 1);
    EXPECT_EQ(e.client_port(), 1024 + i);
    EXPECT_EQ(e.traffic(), (Traffic{0, 0, 1, 100}));
  }
  const HostEntry* client = store.hosts().find(host("192.168.1.10"));
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(client->flows_as_client, n);
  EXPECT_EQ(client->active_as_client, 0u);

  // New connections reuse the released storage.
  auto again = delta_at(kS + 2);
  for (size_t i = 0; i < n; ++i) {
    auto p = ip_packet({.sport = static_cast<uint16_t>(20000 + i), .ts = at(kS + 2)});
    flow::Flow f = flow_of(p, n + i + 1);
    count(f, 0, 100, at(kS + 2));
    again.connections.push_back(ConnectionUpdate::from(f));
  }
  store.apply(again);
  EXPECT_EQ(store.active_connections().size(), n);
  EXPECT_EQ(store.active_connections().allocated_blocks(), 3u);
  EXPECT_EQ(store.active_connections().slots(), n);
  EXPECT_EQ(store.active_connections().find(n + 1)->client_port(), 20000);
}

TEST(StatsStore, IdleHostsExpireInPacketTimeButNotWhileAFlowUsesThem) {
  StatsConfig config;
  config.expire_idle = true;
  config.remote_host_idle_s = 60;
  config.local_host_idle_s = 300;
  StatsStore store(config);

  auto first = delta_at(kS);
  auto tcp = ip_packet({.src = "192.168.1.10", .dst = "198.51.100.1", .ts = at(kS)});
  record(first, tcp, config);
  record(first, ip_packet({.src = "203.0.113.1", .dst = "203.0.113.2", .ts = at(kS)}), config);
  flow::Flow f = flow_of(tcp, 1);
  count(f, 0, 100, at(kS));
  first.connections.push_back(ConnectionUpdate::from(f));  // active
  store.apply(first);
  ASSERT_EQ(store.hosts().size(), 4u);

  auto later = delta_at(kS + 70);
  record(later, ip_packet({.src = "203.0.113.7", .dst = "203.0.113.8", .ts = at(kS + 70)}), config);
  store.apply(later);
  // 70 s idle: the two remote hosts without a flow go; the remote server of the active flow stays.
  EXPECT_EQ(store.iface().hosts_expired, 2u);
  EXPECT_EQ(store.hosts().find(host("203.0.113.1")), nullptr);
  EXPECT_NE(store.hosts().find(host("198.51.100.1")), nullptr);
  EXPECT_NE(store.hosts().find(host("192.168.1.10")), nullptr);

  auto end = delta_at(kS + 71);
  auto u = ConnectionUpdate::from(f);
  u.ended = true;
  end.connections.push_back(u);
  store.apply(end);
  auto much_later = delta_at(kS + 200);
  record(much_later, ip_packet({.src = "203.0.113.7", .dst = "203.0.113.8", .ts = at(kS + 200)}), config);
  store.apply(much_later);
  // Flow ended: the remote server goes after 60 s, the local client stays for 300 s.
  EXPECT_EQ(store.hosts().find(host("198.51.100.1")), nullptr);
  EXPECT_NE(store.hosts().find(host("192.168.1.10")), nullptr);
  auto end_of_local = delta_at(kS + 400);
  record(end_of_local, ip_packet({.src = "203.0.113.7", .dst = "203.0.113.8", .ts = at(kS + 400)}), config);
  store.apply(end_of_local);
  EXPECT_EQ(store.hosts().find(host("192.168.1.10")), nullptr);
  EXPECT_EQ(store.hosts().size(), 2u);         // the two that were just active
  EXPECT_EQ(store.iface().hosts_expired, 4u);  // the two idle remotes, the server, the client
  // An expired host that comes back starts again.
  auto back = delta_at(kS + 401);
  record(back, ip_packet({.src = "192.168.1.10", .dst = "203.0.113.8", .len = 77, .ts = at(kS + 401)}),
         config);
  store.apply(back);
  EXPECT_EQ(store.hosts().find(host("192.168.1.10"))->traffic.total, (Traffic{0, 0, 1, 77}));
}

TEST(StatsStore, WithoutExpiryEverythingIsKept) {
  StatsConfig config;  // file analysis: expire_idle off
  StatsStore store(config);
  for (int64_t s : {kS, kS + 1000, kS + 100000}) {
    auto d = delta_at(s);
    record(d, ip_packet({.src = s == kS ? "203.0.113.1" : "203.0.113.9", .ts = at(s)}), config);
    store.apply(d);
  }
  EXPECT_EQ(store.hosts().size(), 3u);
  EXPECT_EQ(store.iface().hosts_expired, 0u);
}

TEST(StatsStore, FullHostTableRefusesNewHosts) {
  StatsConfig config;
  config.max_hosts = 2;
  StatsStore store(config);
  auto d = delta_at(kS);
  record(d, ip_packet({.src = "203.0.113.1", .dst = "203.0.113.2"}), config);
  record(d, ip_packet({.src = "203.0.113.3", .dst = "203.0.113.4"}), config);
  store.apply(d);
  EXPECT_EQ(store.hosts().size(), 2u);
  EXPECT_GE(store.hosts().refused(), 2u);
  EXPECT_EQ(store.iface().traffic.total.rx_packets, 2u);  // the interface still counts everything
}

TEST(StatsStore, FullModuleTablesRefuseNewEntries) {
  StatsConfig config;
  config.max_module_entries = 2;
  StatsStore store(config);
  auto d = delta_at(kS);
  for (uint16_t port = 1; port <= 5; ++port) {
    std::string group = "239.1.1." + std::to_string(port);
    record(d, ip_packet({.dst = group, .proto = decode::ip_proto::kUdp}), config);
    d.ports[port_key(decode::ip_proto::kUdp, port)] += Traffic{1, 100, 0, 0};  // as a flow's update adds
  }
  store.apply(d);
  EXPECT_EQ(store.ports().size(), 2u);
  EXPECT_GE(store.ports().refused(), 3u);
  EXPECT_EQ(store.multicast().size(), 2u);
  EXPECT_GE(store.multicast().refused(), 3u);
  EXPECT_EQ(store.iface().traffic.total.rx_packets, 5u);  // the interface still counts everything
}

// ---- reset() ----

/// A store with two seconds of traffic: the fixture's flow (detected, with a handshake and a retransmitted
/// segment) still active, a finished UDP flow, a DNS query, and every module the recorders fill.
struct ResetFixture : ConnectionFixture {
  ResetFixture() : store(config) {
    f.app.master = 91;
    f.app.app = 7;
    f.app.category = 5;
    f.app.status = flow::DpiStatus::Detected;
    f.tcp.server_rtt_ns = 10'000'000;
    f.tcp.client_rtt_ns = 1'000'000;
    f.tcp.dir[0].retransmissions = 2;
    packets(2, 1, kS);
    auto d = delta_at(kS);
    record(d, request, config);
    auto udp = ip_packet({.dst = "198.51.100.53", .proto = decode::ip_proto::kUdp, .dport = 53});
    record(d, udp, config);
    flow::Flow dns_flow = flow_of(udp, 7);
    count(dns_flow, 0, 80, at(kS));
    ConnectionUpdate finished = ConnectionUpdate::from(dns_flow);
    finished.ended = true;
    d.connections.push_back(finished);
    d.connections.push_back(ConnectionUpdate::from(f));
    L7Event q;
    q.kind = L7Kind::DnsQuery;
    q.client = host("192.168.1.10");
    q.server = host("198.51.100.53");
    q.flow_id = 7;
    q.ts_ns = at(kS);
    q.set_name("example.com");
    d.events.push_back(q);
    d.ports[port_key(decode::ip_proto::kTcp, 443)] += Traffic{1, 100, 0, 0};
    store.apply(d);
    auto d1 = delta_at(kS + 1);
    record(d1, ip_packet({.len = 300, .ts = at(kS + 1)}), config);
    store.apply(d1);
  }

  const HostEntry* client() const { return store.hosts().find(host("192.168.1.10")); }

  StatsStore store;
};

TEST_F(ResetFixture, ForgetsEveryCounterAndList) {
  ASSERT_EQ(store.hosts().size(), 3u);
  ASSERT_FALSE(store.macs().size() == 0);
  ASSERT_EQ(store.finished_connections().size(), 1u);
  ASSERT_EQ(store.l7().events, 1u);
  ASSERT_EQ(store.oldest_second(), kS);

  store.reset();
  EXPECT_EQ(store.hosts().size(), 0u);
  EXPECT_EQ(store.hosts().slots(), 0u);
  EXPECT_EQ(store.macs().size(), 0u);
  EXPECT_EQ(store.ports().size(), 0u);
  EXPECT_EQ(store.apps().size(), 0u);
  EXPECT_EQ(store.categories().size(), 0u);
  EXPECT_EQ(store.breeds().size(), 0u);
  EXPECT_EQ(store.vlans().size(), 0u);
  EXPECT_EQ(store.multicast().size(), 0u);
  for (const auto& t : store.dscp())
    EXPECT_TRUE(t.total.empty());
  for (const auto& t : store.sizes())
    EXPECT_TRUE(t.total.empty());
  EXPECT_TRUE(store.iface().traffic.total.empty());
  EXPECT_TRUE(store.iface().traffic.history.empty());
  EXPECT_EQ(store.iface().flows_total, 0u);
  EXPECT_EQ(store.iface().tcp_retransmissions, 0u);
  EXPECT_TRUE(store.finished_connections().empty());
  EXPECT_EQ(store.l7().events, 0u);
  // The statistics cover time from the newest second on.
  EXPECT_EQ(store.newest_second(), kS + 1);
  EXPECT_EQ(store.oldest_second(), kS + 1);
  // The active flow stays known.
  ASSERT_EQ(store.active_connections().size(), 1u);
  EXPECT_NE(store.active_connections().find(42), nullptr);
}

TEST_F(ResetFixture, ActiveConnectionsCountOnlyTheirTrafficAfterTheReset) {
  store.reset();
  // Second kS + 2: one more request and two responses, one more retransmission; the hosts' packets too.
  packets(1, 2, kS + 2);
  f.tcp.dir[0].retransmissions = 3;
  auto d = delta_at(kS + 2);
  record(d, ip_packet({.len = 100, .ts = at(kS + 2)}), config);
  d.connections.push_back(ConnectionUpdate::from(f));
  store.apply(d);

  EXPECT_EQ(store.iface().flows_total, 0u);  // not a new flow
  const auto* app = store.apps().find(app_key(91, 7));
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->total, (Traffic{2, 2000, 1, 100}));  // the client's view, after the reset only
  EXPECT_EQ(store.iface().tcp_retransmissions, 1u);
  ASSERT_NE(client(), nullptr);
  EXPECT_EQ(client()->traffic.total, (Traffic{0, 0, 1, 100}));
  EXPECT_EQ(client()->tcp.retransmissions, 1u);
  EXPECT_EQ(client()->tcp.rtt.count, 0u);  // the handshake was before the reset
  EXPECT_EQ(client()->active_as_client, 0u);
  EXPECT_EQ(client()->flows_as_client, 0u);
  ASSERT_EQ(client()->apps.size(), 1u);
  EXPECT_EQ(client()->apps[0].traffic, (Traffic{2, 2000, 1, 100}));
  EXPECT_EQ(client()->apps[0].flows, 0u);  // counted before the reset

  // It ends: the hosts' active numbers stay at zero (they never counted it), and it is kept as finished.
  auto end = delta_at(kS + 3);
  auto u = ConnectionUpdate::from(f);
  u.ended = true;
  end.connections.push_back(u);
  store.apply(end);
  EXPECT_EQ(client()->active_as_client, 0u);
  EXPECT_EQ(store.active_connections().size(), 0u);
  ASSERT_EQ(store.finished_connections().size(), 1u);
  EXPECT_EQ(store.finished_connections().front().state.id, 42u);
}

TEST_F(ResetFixture, NewTrafficCountsFromZero) {
  store.reset();
  auto d = delta_at(kS + 5);
  auto p = ip_packet({.sport = 41000, .len = 500, .ts = at(kS + 5)});
  record(d, p, config);
  flow::Flow g = flow_of(p, 43);
  count(g, 0, 500, at(kS + 5));
  d.connections.push_back(ConnectionUpdate::from(g));
  store.apply(d);
  EXPECT_EQ(store.iface().flows_total, 1u);
  EXPECT_EQ(store.iface().traffic.total, (Traffic{1, 500, 0, 0}));
  EXPECT_EQ(store.hosts().size(), 2u);
  EXPECT_EQ(client()->traffic.total, (Traffic{0, 0, 1, 500}));
  EXPECT_EQ(client()->active_as_client, 1u);
  EXPECT_EQ(client()->flows_as_client, 1u);
  EXPECT_EQ(store.oldest_second(), kS + 1);
  EXPECT_EQ(store.newest_second(), kS + 5);
  // The interface's history holds nothing from before the reset.
  EXPECT_EQ(store.iface().traffic.interval(kS, kS + 10, config.global_history), (Traffic{1, 500, 0, 0}));
}

TEST(StatsStore, ResetBeforeAnyPacket) {
  StatsConfig config;
  StatsStore store(config);
  store.reset();
  EXPECT_EQ(store.newest_second(), History::kNever);
  EXPECT_EQ(store.oldest_second(), History::kNever);
  auto d = delta_at(kS);
  record(d, ip_packet({}), config);
  store.apply(d);
  EXPECT_EQ(store.oldest_second(), kS);
  EXPECT_EQ(store.hosts().size(), 2u);
}

}  // namespace
}  // namespace netmeter::stats
