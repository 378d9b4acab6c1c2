#pragma once

// Hand-made statistics for the query tests: deltas built field by field and applied through
// StatsStore::apply(), the way the aggregator applies the workers' deltas.

#include <cstdint>
#include <string_view>

#include "core/ip_address.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::test {

constexpr int64_t kNs = 1'000'000'000;
constexpr int64_t kT0 = 1'600'000'000;  ///< a second of packet time the tests start at

inline core::IpAddress addr(std::string_view text) {
  return core::IpAddress::parse(text).value();
}
inline stats::HostKey host(std::string_view ip, uint16_t vlan = 0) {
  return {addr(ip), vlan};
}

inline stats::ShardDelta delta(int64_t second) {
  stats::ShardDelta d;
  d.second = second;
  return d;
}

/// `packets` packets of `bytes` bytes in all from `from` to `to`, at `ns` (epoch ns).
inline void send(stats::ShardDelta& d, const stats::HostKey& from, const stats::HostKey& to, uint64_t bytes,
                 int64_t ns, uint64_t packets = 1) {
  stats::HostDelta& s = d.hosts[from];
  s.traffic.tx_packets += packets;
  s.traffic.tx_bytes += bytes;
  s.seen(ns);
  stats::HostDelta& r = d.hosts[to];
  r.traffic.rx_packets += packets;
  r.traffic.rx_bytes += bytes;
  r.seen(ns);
  d.iface.traffic.rx_packets += packets;
  d.iface.traffic.rx_bytes += bytes;
  if (d.iface.first_ns == 0 || ns < d.iface.first_ns) d.iface.first_ns = ns;
  if (ns > d.iface.last_ns) d.iface.last_ns = ns;
}

/// A connection's state: c2s / s2c packets and bytes so far, between first_ns and last_ns.
struct Conn {
  uint64_t id = 1;
  stats::HostKey client;
  uint16_t client_port = 40000;
  stats::HostKey server;
  uint16_t server_port = 80;
  uint8_t l4 = 6;
  uint64_t c2s_packets = 1, c2s_bytes = 100, s2c_packets = 1, s2c_bytes = 1000;
  int64_t first_ns = kT0 * kNs;
  int64_t last_ns = kT0 * kNs;
  bool ended = false;
  uint16_t master = 0, app = 7, category = 5;
  uint8_t breed = 2;
};

inline stats::ConnectionUpdate update(const Conn& c) {
  stats::ConnectionUpdate u;
  u.id = c.id;
  bool swapped = false;
  u.key = core::FlowKey::make({c.client.ip, c.client_port}, {c.server.ip, c.server_port}, c.client.vlan, c.l4,
                              swapped);
  u.client_is_lo = !swapped;
  u.ended = c.ended;
  u.end = c.ended ? flow::EndReason::IdleTimeout : flow::EndReason::Active;
  u.dir[0].packets = c.c2s_packets;
  u.dir[0].bytes = c.c2s_bytes;
  u.dir[0].first_seen = {c.first_ns};
  u.dir[0].last_seen = {c.last_ns};
  u.dir[1].packets = c.s2c_packets;
  u.dir[1].bytes = c.s2c_bytes;
  u.dir[1].first_seen = {c.first_ns};
  u.dir[1].last_seen = {c.last_ns};
  u.master = c.master;
  u.app = c.app;
  u.category = c.category;
  u.breed = c.breed;
  u.dpi_status = flow::DpiStatus::Detected;
  return u;
}

}  // namespace netmeter::test
