// The statistics as the engine produces them: a small capture through engine::Engine with one and two
// workers; host totals must equal what the flows say, whatever the sharding.
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "capture/pcap_source.hpp"
#include "engine/engine.hpp"
#include "engine/sample_traffic.hpp"

namespace netmeter::test {
namespace {

using stats::HostKey;
using stats::Traffic;

std::string write_pcap(const std::string& name, const std::vector<TimedFrame>& frames) {
  std::string path = ::testing::TempDir() + "netmeter_stats_test_" + name + ".pcap";
  pcap_t* dead = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_NANO);
  pcap_dumper_t* dumper = pcap_dump_open(dead, path.c_str());
  if (dumper == nullptr) {
    ADD_FAILURE() << "cannot write " << path << ": " << pcap_geterr(dead);
    pcap_close(dead);
    return path;
  }
  for (const auto& f : frames) {
    pcap_pkthdr h{};
    h.ts.tv_sec = f.ts.seconds();
    h.ts.tv_usec = f.ts.ns % core::kNanosPerSecond;  // nanoseconds in a nanosecond file
    h.len = h.caplen = static_cast<uint32_t>(f.bytes.size());
    pcap_dump(reinterpret_cast<u_char*>(dumper), &h, f.bytes.data());
  }
  pcap_dump_close(dumper);
  pcap_close(dead);
  return path;
}

/// The sample conversation, then five seconds of UDP between many hosts (some on VLAN 10, some
/// untagged), pings and ARP: enough flows that two workers share them.
std::vector<TimedFrame> several_seconds() {
  std::vector<TimedFrame> frames = http_and_dns();
  for (int s = 1; s <= 5; ++s) {
    for (int h = 1; h <= 12; ++h) {
      auto a = ip("192.168.1." + std::to_string(h));
      auto b = ip("198.51.100." + std::to_string(h % 4 + 1));
      core::Timestamp t = kStart + s * 1'000'000'000LL + h * 10 * kMs;
      Frame request = ipv4({.src = a, .dst = b, .proto = decode::ip_proto::kUdp},
                           udp(static_cast<uint16_t>(50000 + h), 5000 + s % 2, payload(20 + 10 * h)));
      Frame reply = ipv4({.src = b, .dst = a, .proto = decode::ip_proto::kUdp},
                         udp(5000 + s % 2, static_cast<uint16_t>(50000 + h), payload(200)));
      if (h % 3 == 0) {
        frames.push_back({t, ethernet(0x8100, vlan_tag(10, 0x0800, request))});
        frames.push_back({t + kMs, ethernet(0x8100, vlan_tag(10, 0x0800, reply), kMacA, kMacB)});
      } else {
        frames.push_back({t, ethernet(0x0800, request)});
        frames.push_back({t + kMs, ethernet(0x0800, reply, kMacA, kMacB)});
      }
    }
    frames.push_back(
        {kStart + s * 1'000'000'000LL + 500 * kMs, ethernet(0x0800, ipv4({.src = ip("192.168.1.1"),
                                                                          .dst = ip("192.168.1.254"),
                                                                          .proto = decode::ip_proto::kIcmp},
                                                                         icmp(8, 0, payload(56))))});
    frames.push_back({kStart + s * 1'000'000'000LL + 600 * kMs,
                      ethernet(0x0806, arp(1, ip("192.168.1.1"), ip("192.168.1.254")),
                               {0xff, 0xff, 0xff, 0xff, 0xff, 0xff})});
  }
  std::stable_sort(frames.begin(), frames.end(),
                   [](const TimedFrame& a, const TimedFrame& b) { return a.ts < b.ts; });
  return frames;
}

/// Eight clients ask one web server for eight sites within one second, their connections interleaved,
/// then a second of DNS questions from each: flows that two workers share, whose L7 events name hosts.
std::vector<TimedFrame> many_sites() {
  using namespace decode::tcp_flag;
  std::vector<TimedFrame> frames;
  const auto server = ip("10.0.0.2"), resolver = ip("10.0.0.53");
  for (int i = 0; i < 8; ++i) {
    const auto client = ip("10.0.1." + std::to_string(i + 1));
    const auto port = static_cast<uint16_t>(40000 + i);
    const core::Timestamp t = kStart + i * 7 * kMs;
    auto c2s = [&](const Tcp& h, const Frame& body = {}) {
      Tcp t2 = h;
      t2.sport = port;
      return ethernet(0x0800, ipv4({.src = client, .dst = server}, tcp(t2, body)), kMacB, kMacA);
    };
    auto s2c = [&](Tcp h) {
      h.sport = 80;
      h.dport = port;
      return ethernet(0x0800, ipv4({.src = server, .dst = client}, tcp(h)), kMacA, kMacB);
    };
    const std::string request = "GET / HTTP/1.1\r\nHost: site-" + std::to_string(i) + ".example\r\n\r\n";
    frames.push_back({t, c2s({.seq = 100, .flags = kSyn})});
    frames.push_back({t + 60 * kMs, s2c({.seq = 5000, .ack = 101, .flags = kSyn | kAck})});
    frames.push_back({t + 61 * kMs, c2s({.seq = 101, .ack = 5001, .flags = kAck})});
    frames.push_back(
        {t + 62 * kMs, c2s({.seq = 101, .ack = 5001, .flags = kAck | kPsh}, text(request.c_str()))});
    Ipv4 q{.src = client, .dst = resolver, .proto = decode::ip_proto::kUdp};
    frames.push_back({t + 1'000 * kMs, ethernet(0x0800, ipv4(q, udp(port, 53, dns_query(0x4200 + i))))});
    Ipv4 r{.src = resolver, .dst = client, .proto = decode::ip_proto::kUdp};
    frames.push_back({t + 1'010 * kMs, ethernet(0x0800, ipv4(r, udp(53, port, dns_response(0x4200 + i))))});
  }
  std::stable_sort(frames.begin(), frames.end(),
                   [](const TimedFrame& a, const TimedFrame& b) { return a.ts < b.ts; });
  return frames;
}

struct StatsRun {
  engine::Results results;
  std::map<HostKey, std::tuple<Traffic, uint64_t, uint64_t>> hosts;  ///< traffic, flows as client/server
  Traffic iface;
  uint64_t flows = 0;
  uint64_t series_packets = 0;
  uint64_t series_bytes = 0;
  size_t connections = 0;
  uint64_t deltas = 0;                                          ///< hand-overs the aggregator applied
  std::map<HostKey, std::string> names;                         ///< every host's served name and best name
  std::map<HostKey, std::vector<std::string>> http_host_names;  ///< per HTTP server, in the order kept
  uint64_t dns_replies_ok = 0;
};

StatsRun run(const std::string& path, unsigned workers, size_t max_delta_entries = SIZE_MAX) {
  engine::EngineConfig config;
  config.workers = workers;
  config.queue_bytes = 1 << 20;
  config.stats.max_delta_entries = max_delta_entries;
  auto created = engine::Engine::create(config);
  if (!created.engine) {
    ADD_FAILURE() << created.error;
    return {};
  }
  auto opened = capture::PcapSource::open_file(path);
  if (!opened.source) {
    ADD_FAILURE() << opened.error;
    return {};
  }
  StatsRun r;
  created.engine->run(*opened.source);
  r.results = created.engine->finish();
  const stats::Aggregator* aggregator = created.engine->stats();
  if (aggregator == nullptr) {
    ADD_FAILURE() << "statistics are off";
    return r;
  }
  r.deltas = aggregator->deltas_applied();
  aggregator->read([&](const stats::StatsStore& s) {
    s.hosts().for_each([&](const stats::HostEntry& h) {
      r.hosts[h.key] = {h.traffic.total, h.flows_as_client, h.flows_as_server};
      r.names[h.key] = h.served_name + "|" + std::string(h.name());
    });
    for (const auto& [key, server] : s.l7().http.servers)
      r.http_host_names[key] = server.host_names;
    r.dns_replies_ok = s.l7().dns.replies_ok;
    r.iface = s.iface().traffic.total;
    r.flows = s.iface().flows_total;
    r.connections = s.active_connections().size() + s.finished_connections().size();
    const auto& history = s.iface().traffic.history;
    for (int64_t t = s.oldest_second(); t <= s.newest_second(); ++t) {
      Traffic v = history.sum(t, t + 1, s.config().global_history);
      r.series_packets += v.packets();
      r.series_bytes += v.bytes();
    }
  });
  return r;
}

/// Host totals as the flows give them: the client sends what goes client to server.
std::map<HostKey, std::tuple<Traffic, uint64_t, uint64_t>> hosts_from_flows(const engine::Results& results) {
  std::map<HostKey, std::tuple<Traffic, uint64_t, uint64_t>> out;
  for (const auto& f : results.flows) {
    HostKey client{f.client().ip, f.key.vlan}, server{f.server().ip, f.key.vlan};
    const auto& c2s = f.dir[flow::Flow::kClientToServer];
    const auto& s2c = f.dir[flow::Flow::kServerToClient];
    auto& [ct, cc, cs] = out[client];
    ct += Traffic{s2c.packets, s2c.bytes, c2s.packets, c2s.bytes};
    ++cc;
    auto& [st, sc, ss] = out[server];
    st += Traffic{c2s.packets, c2s.bytes, s2c.packets, s2c.bytes};
    ++ss;
  }
  return out;
}

class EngineStats : public ::testing::TestWithParam<unsigned> {};

TEST_P(EngineStats, HostTotalsEqualTheFlowsTotals) {
  std::string path = write_pcap("several_seconds", several_seconds());
  StatsRun r = run(path, GetParam());
  ASSERT_FALSE(r.results.flows.empty());
  auto expected = hosts_from_flows(r.results);
  // ARP senders are hosts too (without IP traffic); every other host is exactly what its flows say.
  std::map<HostKey, std::tuple<Traffic, uint64_t, uint64_t>> with_traffic;
  for (const auto& [k, v] : r.hosts)
    if (!std::get<0>(v).empty()) with_traffic[k] = v;
  EXPECT_EQ(with_traffic.size(), expected.size());
  for (const auto& [key, want] : expected) {
    auto it = with_traffic.find(key);
    ASSERT_NE(it, with_traffic.end()) << key.to_string();
    EXPECT_EQ(std::get<0>(it->second), std::get<0>(want)) << key.to_string();
    EXPECT_EQ(std::get<1>(it->second), std::get<1>(want)) << key.to_string() << " flows as client";
    EXPECT_EQ(std::get<2>(it->second), std::get<2>(want)) << key.to_string() << " flows as server";
  }
  EXPECT_TRUE(r.hosts.count({ip("192.168.1.254"), 0}));  // the pinged router
  EXPECT_TRUE(r.hosts.count({ip("192.168.1.3"), 10}));   // tagged hosts are keyed with their VLAN
  // The interface counts every frame (ARP too), in its per-second history as well.
  EXPECT_EQ(r.iface.packets(), r.results.traffic.total.packets);
  EXPECT_EQ(r.iface.bytes(), r.results.traffic.total.bytes);
  EXPECT_EQ(r.series_packets, r.iface.packets());
  EXPECT_EQ(r.series_bytes, r.iface.bytes());
  EXPECT_EQ(r.flows, r.results.flows.size());
  EXPECT_EQ(r.connections, r.results.flows.size());  // file analysis ends every flow; all are kept
}

TEST(EngineStats, OneAndTwoWorkersAgree) {
  std::string path = write_pcap("several_seconds_2", several_seconds());
  StatsRun one = run(path, 1);
  StatsRun two = run(path, 2);
  EXPECT_EQ(one.hosts, two.hosts);
  EXPECT_EQ(one.iface, two.iface);
  EXPECT_EQ(one.flows, two.flows);
}

TEST(EngineStats, SmallHandOversGiveTheSameStatistics) {
  // Deltas handed over after 2 entries instead of once per second: the same totals, flows and history.
  std::string path = write_pcap("several_seconds_3", several_seconds());
  StatsRun whole = run(path, 1);
  StatsRun small = run(path, 1, 2);
  EXPECT_EQ(small.hosts, whole.hosts);
  EXPECT_EQ(small.iface, whole.iface);
  EXPECT_EQ(small.flows, whole.flows);
  EXPECT_EQ(small.connections, whole.connections);
  EXPECT_EQ(small.series_packets, whole.series_packets);
  EXPECT_EQ(small.series_bytes, whole.series_bytes);
  EXPECT_GT(small.deltas, whole.deltas + 10);  // and many more hand-overs
}

// What L7 events tell (served names, a server's host names, DNS answers) is applied in one order with
// several workers: two workers give what one gives, run after run.
TEST(EngineStats, NamesDoNotDependOnTheWorkers) {
  std::string path = write_pcap("many_sites", many_sites());
  StatsRun one = run(path, 1);
  ASSERT_EQ(one.http_host_names.size(), 1u);
  ASSERT_EQ(one.http_host_names.begin()->second.size(), 8u);
  EXPECT_EQ(one.http_host_names.begin()->second.front(), "site-0.example");
  EXPECT_EQ(one.dns_replies_ok, 8u);
  for (int i = 0; i < 5; ++i) {
    StatsRun two = run(path, 2);
    EXPECT_EQ(two.names, one.names) << "run " << i;
    EXPECT_EQ(two.http_host_names, one.http_host_names) << "run " << i;
    EXPECT_EQ(two.dns_replies_ok, one.dns_replies_ok) << "run " << i;
    EXPECT_EQ(two.hosts, one.hosts) << "run " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Workers, EngineStats, ::testing::Values(1u, 2u));

}  // namespace
}  // namespace netmeter::test
