// Cost of the query layer (src/query) on large synthetic statistics, and the memory the statistics take.
//
//   netmeter_query_bench [--hosts 10000,100000,1000000] [--seconds 90] [--min-time 0.2]
//
// For each size, a StatsStore is filled through its public apply() with one ShardDelta per second of
// packet time (as the aggregator applies the workers' deltas), deterministic (fixed seed):
//   * 1 % of the hosts are servers, the others clients; a client is active in a few seconds (exponential,
//     mean ~4) spread over the run, 5 % of the clients in every second; each active second it exchanges
//     traffic with one server (popularity skewed: a few servers see most clients);
//   * then, in one last delta, half the clients get a connection to their first server (20 % of them
//     finished, so the store's kept-finished window fills), with one of 8 applications; servers get a
//     served name (the only host names, as without DNS).
// Then each query is run repeatedly (at least 3 times and --min-time seconds) and its median and best
// wall times printed. Memory: StatsStore::host_memory_bytes() per host, the resident-set growth per host
// while the host traffic was applied, and per connection while the connections were.

#include <malloc.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "query/connections.hpp"
#include "query/flow_lists.hpp"
#include "query/graph.hpp"
#include "query/host_lists.hpp"
#include "query/hosts.hpp"
#include "query/modules.hpp"
#include "stats/stats_store.hpp"

namespace {

using namespace netmeter;

constexpr int64_t kNs = 1'000'000'000;
constexpr int64_t kStart = 1'700'000'000;  // first second of packet time

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Resident set size in bytes, after handing freed heap back to the system.
double rss_bytes() {
  malloc_trim(0);
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) * 1024.0;
  return 0;
}

core::IpAddress ip_of(uint32_t i) {
  const uint8_t b[4] = {10, static_cast<uint8_t>(i >> 16), static_cast<uint8_t>(i >> 8),
                        static_cast<uint8_t>(i)};
  return core::IpAddress::v4(b);
}

struct Client {
  uint32_t start;  // first active second (offset)
  uint16_t count;  // active seconds
  uint16_t gap;    // seconds between two active ones
  uint32_t first_server = 0;
  uint64_t up = 0, down = 0;  // bytes to and from servers
  uint64_t up_packets = 0, down_packets = 0;
};

struct Built {
  std::unique_ptr<stats::StatsStore> store;
  size_t host_seconds = 0;  // client activities (a second in which a client talked to a server)
  size_t host_deltas = 0;   // HostDelta entries applied (clients and servers, per second)
  double apply_s = 0;       // wall time in StatsStore::apply for them
  size_t connections = 0;
  double build_s = 0;
  double rss_hosts = 0;        // bytes of resident-set growth while applying host traffic
  double rss_connections = 0;  // ... while applying the connections
  uint32_t servers = 0;
};

stats::StatsConfig bench_config() {
  stats::StatsConfig c;
  c.max_hosts = size_t{1} << 24;
  return c;
}

Built build(uint32_t hosts, int64_t seconds) {
  Built b;
  const double t0 = now_s();
  std::mt19937_64 rng(12345);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const uint32_t servers = std::max<uint32_t>(10, hosts / 100);
  b.servers = servers;
  std::vector<Client> clients(hosts - servers);
  for (auto& c : clients) {
    bool always = uniform(rng) < 0.05;
    c.count = always ? static_cast<uint16_t>(seconds)
                     : static_cast<uint16_t>(1 + std::floor(-3.0 * std::log(1 - uniform(rng))));
    c.count = static_cast<uint16_t>(std::min<int64_t>(c.count, seconds));
    c.gap = always ? 1 : static_cast<uint16_t>(1 + rng() % 4);
    int64_t span = int64_t{c.count - 1} * c.gap + 1;
    if (span > seconds) {
      c.gap = 1;
      span = c.count;
    }
    c.start = static_cast<uint32_t>(rng() % static_cast<uint64_t>(seconds - span + 1));
  }
  auto server_pick = [&] { return static_cast<uint32_t>(servers * std::pow(uniform(rng), 3.0)); };

  const double rss0 = rss_bytes();
  b.store = std::make_unique<stats::StatsStore>(bench_config());
  auto d = std::make_unique<stats::ShardDelta>();  // the aggregator's, not the store's: freed before counting
  for (int64_t s = 0; s < seconds; ++s) {
    d->clear();
    d->second = kStart + s;
    const int64_t base_ns = d->second * kNs;
    for (uint32_t i = 0; i < clients.size(); ++i) {
      Client& c = clients[i];
      if (s < c.start || (s - c.start) % c.gap != 0 || (s - c.start) / c.gap >= c.count) continue;
      uint32_t server = server_pick();
      if (s == c.start) c.first_server = server;
      uint64_t up = 200 + rng() % 20000, down = 500 + rng() % 200000;
      uint64_t up_p = up / 600 + 1, down_p = down / 1200 + 1;
      int64_t ns = base_ns + static_cast<int64_t>(rng() % kNs);
      stats::HostKey ck{ip_of(servers + i), 0}, sk{ip_of(server), 0};
      stats::HostDelta& ch = d->hosts[ck];
      ch.traffic.tx_packets += up_p;
      ch.traffic.tx_bytes += up;
      ch.traffic.rx_packets += down_p;
      ch.traffic.rx_bytes += down;
      ch.seen(ns);
      stats::HostDelta& sh = d->hosts[sk];
      sh.traffic.rx_packets += up_p;
      sh.traffic.rx_bytes += up;
      sh.traffic.tx_packets += down_p;
      sh.traffic.tx_bytes += down;
      sh.seen(ns);
      d->iface.traffic.rx_packets += up_p + down_p;
      d->iface.traffic.rx_bytes += up + down;
      c.up += up;
      c.down += down;
      c.up_packets += up_p;
      c.down_packets += down_p;
      ++b.host_seconds;
    }
    d->iface.first_ns = base_ns;
    d->iface.last_ns = base_ns + kNs - 1;
    b.host_deltas += d->hosts.size();
    const double a0 = now_s();
    b.store->apply(*d);
    b.apply_s += now_s() - a0;
  }
  d.reset();
  b.rss_hosts = rss_bytes() - rss0;

  // Connections: half the clients, one each, to their first server; a fifth of them finished.
  static const std::pair<uint16_t, uint16_t> kApps[8] = {{91, 124}, {0, 7},   {91, 126}, {0, 5},
                                                         {91, 0},   {7, 188}, {0, 37},   {91, 119}};
  d = std::make_unique<stats::ShardDelta>();
  d->second = kStart + seconds - 1;
  for (uint32_t i = 0; i < clients.size(); ++i) {
    const Client& c = clients[i];
    if (i % 2 != 0) continue;
    stats::ConnectionUpdate u;
    u.id = i + 1;
    bool swapped = false;
    u.key =
        core::FlowKey::make({ip_of(servers + i), static_cast<uint16_t>(30000 + i % 30000)},
                            {ip_of(c.first_server), static_cast<uint16_t>(i % 3 ? 443 : 80)}, 0, 6, swapped);
    u.client_is_lo = !swapped;
    u.ended = i % 10 == 0;
    u.end = u.ended ? flow::EndReason::IdleTimeout : flow::EndReason::Active;
    u.dir[0] = {c.up_packets, c.up, 0, {(kStart + c.start) * kNs}, {(kStart + c.start + c.count) * kNs}};
    u.dir[1] = {c.down_packets, c.down, 0, {(kStart + c.start) * kNs}, {(kStart + c.start + c.count) * kNs}};
    auto app = kApps[i % 8];
    u.master = app.first;
    u.app = app.second;
    u.category = static_cast<uint16_t>(i % 5);
    u.dpi_status = flow::DpiStatus::Detected;
    int n = std::snprintf(u.server_name, sizeof u.server_name, "server-%u.example.com", c.first_server);
    u.server_name_len = static_cast<uint8_t>(n);
    d->connections.push_back(u);
  }
  b.connections = d->connections.size();
  const double rss2 = rss_bytes();  // the delta is built: its memory is in both readings
  b.store->apply(*d);
  b.rss_connections = rss_bytes() - rss2;
  b.build_s = now_s() - t0;
  return b;
}

double thread_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct Timing {
  double median = 0;
  double best = 0;
  double cpu = 0;  // median thread CPU time
  size_t reps = 0;
};

Timing measure(double min_time, const std::function<size_t()>& f) {
  std::vector<double> times, cpu;
  const double start = now_s();
  size_t sink = 0;
  while (times.size() < 3 || (now_s() - start < min_time && times.size() < 100000)) {
    double t0 = now_s(), c0 = thread_cpu_s();
    sink += f();
    cpu.push_back(thread_cpu_s() - c0);
    times.push_back(now_s() - t0);
  }
  std::sort(times.begin(), times.end());
  std::sort(cpu.begin(), cpu.end());
  if (sink == 0xdeadbeef) std::puts("");
  return {times[times.size() / 2], times.front(), cpu[cpu.size() / 2], times.size()};
}

std::string human(double s) {
  char buf[32];
  if (s < 1e-6)
    std::snprintf(buf, sizeof buf, "%.0f ns", s * 1e9);
  else if (s < 1e-3)
    std::snprintf(buf, sizeof buf, "%.1f us", s * 1e6);
  else
    std::snprintf(buf, sizeof buf, "%.2f ms", s * 1e3);
  return buf;
}

query::ListRequest request(query::SortKey k, query::Order o, size_t page, size_t size) {
  query::ListRequest r;
  r.sort = k;
  r.order = o;
  r.page = page;
  r.page_size = size;
  return r;
}

void run(uint32_t hosts, int64_t seconds, double min_time) {
  Built b = build(hosts, seconds);
  const stats::StatsStore& s = *b.store;
  b.store->mark_finished();
  const size_t n = s.hosts().size();
  std::printf(
      "\n%zu hosts (%u servers), %lld s of packet time, %zu host-seconds of traffic, %zu connections "
      "(%zu active, %zu finished kept); built in %.2f s\n",
      n, b.servers, static_cast<long long>(seconds), b.host_seconds, b.connections,
      s.active_connections().size(), s.finished_connections().size(), b.build_s);
  std::printf("  StatsStore::apply of the host traffic: %.0f ns per host and second (%zu host deltas)\n",
              b.apply_s * 1e9 / static_cast<double>(b.host_deltas), b.host_deltas);
  std::printf(
      "  memory: host_memory_bytes %.0f B/host (HostEntry %zu B + history and vectors); RSS growth "
      "%.0f B/host while the traffic was applied; %.0f B/connection (ConnectionEntry %zu B, map node, "
      "per-host application slots)\n",
      static_cast<double>(s.host_memory_bytes()) / static_cast<double>(n), sizeof(stats::HostEntry),
      b.rss_hosts / static_cast<double>(n), b.rss_connections / static_cast<double>(b.connections),
      sizeof(stats::ConnectionEntry));

  query::NumericNames names;
  using query::Order;
  using query::SortKey;
  const int64_t last = kStart + seconds - 1;
  // The busiest server (host 0: the server pick is skewed towards low numbers) and an ordinary client.
  const stats::HostKey server{ip_of(0), 0};
  stats::HostKey client{ip_of(b.servers + 2), 0};
  if (!s.hosts().find(client)) client = s.hosts().at(s.hosts().slots() - 1).key;

  std::printf("  %-58s %10s %10s %10s %7s\n", "query", "median", "best", "cpu", "reps");
  auto row = [&](const char* what, const std::function<size_t()>& f) {
    Timing t = measure(min_time, f);
    std::printf("  %-58s %10s %10s %10s %7zu\n", what, human(t.median).c_str(), human(t.best).c_str(),
                human(t.cpu).c_str(), t.reps);
    std::fflush(stdout);
  };

  std::mt19937 pick(7);
  row("get_host (random host, copy with history)", [&] {
    const auto& h = s.hosts().at(pick() % s.hosts().slots());
    return query::get_host(s, h.key, {last - 9, last + 1})->summary.traffic.interval.rx_packets + 1;
  });
  row("top-10 hosts by bytes, all time",
      [&] { return query::list_hosts(s, request(SortKey::Bytes, Order::Descending, 0, 10)).items.size(); });
  row("top-10 hosts by packets, all time, ascending",
      [&] { return query::list_hosts(s, request(SortKey::Packets, Order::Ascending, 0, 10)).items.size(); });
  auto interval_top = [&](query::Interval i, query::Scope scope, SortKey k) {
    return [&s, i, scope, k] {
      auto r = request(k, Order::Descending, 0, 10);
      r.interval = i;
      r.scope = scope;
      return query::list_hosts(s, r).items.size();
    };
  };
  row("top-10 hosts by bytes/s, last second", interval_top({}, query::Scope::AllTime, SortKey::Bps));
  row("top-10 hosts by bytes, interval: last 10 s",
      interval_top({last - 9, last + 1}, query::Scope::Interval, SortKey::Bytes));
  row("top-10 hosts by bytes, interval: the whole run",
      interval_top({kStart, last + 1}, query::Scope::Interval, SortKey::Bytes));
  row("top-10 hosts by bytes/s, interval: the whole run",
      interval_top({kStart, last + 1}, query::Scope::Interval, SortKey::Bps));
  row("page 5 of 100 hosts by bytes",
      [&] { return query::list_hosts(s, request(SortKey::Bytes, Order::Descending, 5, 100)).items.size(); });
  row("page 5 of 100 hosts by name",
      [&] { return query::list_hosts(s, request(SortKey::Name, Order::Ascending, 5, 100)).items.size(); });
  row("page 5 of 100 hosts by address",
      [&] { return query::list_hosts(s, request(SortKey::Key, Order::Ascending, 5, 100)).items.size(); });
  row("top-10 hosts by bytes, text filter \"10.0.1\"", [&] {
    query::HostFilter f;
    f.text = "10.0.1";
    return query::list_hosts(s, request(SortKey::Bytes, Order::Descending, 0, 10), f).total;
  });
  row("hosts active in the last 10 s (count, top-10 by address)", [&] {
    query::HostFilter f;
    f.active_in_interval = true;
    auto r = request(SortKey::Key, Order::Ascending, 0, 10);
    r.interval = {last - 9, last + 1};
    return query::list_hosts(s, r, f).total;
  });
  row("graph of a host: whole run, 60 values", [&] {
    return query::graph(s, query::host_ref(server), {{kStart, last + 1}, 60, 0})->points.size();
  });
  row("graph of the interface: whole run, 1 s steps", [&] {
    return query::graph(s, query::EntityRef{}, {{kStart, last + 1}, 0, 1})->points.size();
  });
  row("top-10 connections by bytes", [&] {
    return query::list_connections(s, names, request(SortKey::Bytes, Order::Descending, 0, 10)).items.size();
  });
  row("ntopng flow/active.lua page 1: active flows, top-10 by bytes", [&] {
    return query::list_active_flows(s, names, request(SortKey::Bytes, Order::Descending, 0, 10)).total;
  });
  query::FlowBytesIndex flow_index;  // as QueryService keeps it: built once, reused while nothing changes
  row("ntopng flow/active.lua page 1, by bytes, index kept", [&] {
    return query::list_active_flows(s, names, request(SortKey::Bytes, Order::Descending, 0, 10), {},
                                    &flow_index, 1)
        .total;
  });
  row("connections of one client (filter ip), top-10", [&] {
    return query::host_connections(s, names, client, request(SortKey::Bytes, Order::Descending, 0, 10))
        ->total;
  });
  row("busiest server: peers, top-10 by bytes",
      [&] { return query::host_peers(s, server, request(SortKey::Bytes, Order::Descending, 0, 10))->total; });
  row("busiest server: ports, by bytes",
      [&] { return query::host_ports(s, server, request(SortKey::Bytes, Order::Descending, 0, 10))->total; });
  row("busiest server: protocols, by bytes", [&] {
    return query::host_protocols(s, names, server, request(SortKey::Bytes, Order::Descending, 0, 10))->total;
  });
  row("client: peers, by bytes",
      [&] { return query::host_peers(s, client, request(SortKey::Bytes, Order::Descending, 0, 10))->total; });
  row("client: macs",
      [&] { return query::host_macs(s, client, request(SortKey::Key, Order::Ascending, 0, 10))->total + 1; });
  row("applications, by bytes", [&] {
    return query::list_module(s, names, query::Module::Application,
                              request(SortKey::Bytes, Order::Descending, 0, 10))
        .total;
  });
}

std::vector<uint32_t> parse_list(const char* text) {
  std::vector<uint32_t> out;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');)
    out.push_back(static_cast<uint32_t>(std::stoul(item)));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<uint32_t> sizes = {10000, 100000, 1000000};
  int64_t seconds = 90;
  double min_time = 0.2;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--hosts") == 0 && i + 1 < argc) {
      sizes = parse_list(argv[++i]);
    } else if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
      seconds = std::max<int64_t>(2, std::stoll(argv[++i]));
    } else if (std::strcmp(argv[i], "--min-time") == 0 && i + 1 < argc) {
      min_time = std::stod(argv[++i]);
    } else {
      std::fprintf(stderr,
                   "usage: netmeter_query_bench [--hosts N,N,...] [--seconds S] [--min-time SECONDS]\n");
      return 2;
    }
  }
  std::printf("query layer: wall time per query (median and best of repeated runs, one thread)\n");
  for (uint32_t n : sizes)
    run(std::max<uint32_t>(n, 20), seconds, min_time);
  return 0;
}
