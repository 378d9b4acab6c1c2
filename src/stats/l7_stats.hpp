#pragma once

#include "stats/entities.hpp"
#include "stats/l7_events.hpp"
#include "stats/stats_config.hpp"

namespace netmeter::stats {

/// DNS, DHCP, HTTP and TLS module tables (servers, names, response codes, response and handshake times).
struct L7Stats {
  uint64_t events = 0;
};

/// Applies one event to the module tables and to the hosts' own counters (a host is null when the host
/// table was full).
void apply_l7_event(const L7Event& e, int64_t second, L7Stats& stats, HostEntry* client, HostEntry* server,
                    const StatsConfig& config);

}  // namespace netmeter::stats
