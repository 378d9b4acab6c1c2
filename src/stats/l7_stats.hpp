#pragma once

#include <cstdint>
#include <string>

#include "stats/dhcp_stats.hpp"
#include "stats/dns_stats.hpp"
#include "stats/entities.hpp"
#include "stats/http_stats.hpp"
#include "stats/l7_events.hpp"
#include "stats/l7_tables.hpp"
#include "stats/stats_config.hpp"
#include "stats/tls_stats.hpp"

namespace netmeter::stats {

/// DNS, DHCP, HTTP and TLS module tables (servers, names, response codes, response and handshake times).
///
/// Host names: a DNS answer names an address that need not be a host the event touches, so the names are
/// kept here by address (on the VLAN of the client that asked), bounded, and copied into a host's
/// `dns_name` / `dhcp_name` when that host takes part in a later L7 event, and by fill_host_names() for
/// any other host (call it when a host is created or listed).
struct L7Stats {
  uint64_t events = 0;
  DnsStats dns;
  HttpStats http;
  TlsStats tls;
  DhcpStats dhcp;
  FifoMap<HostKey, std::string, HostKeyHash> dns_names;   ///< answered address → the name asked for
  FifoMap<HostKey, std::string, HostKeyHash> dhcp_names;  ///< acknowledged address → DHCP host name
};

/// Applies one event to the module tables and to the hosts' own counters (a host is null when the host
/// table was full).
void apply_l7_event(const L7Event& e, int64_t second, L7Stats& stats, HostEntry* client, HostEntry* server,
                    const StatsConfig& config);

/// Fills a host's empty `dns_name` and `dhcp_name` from what DNS answers and DHCP leases said of its
/// address. Returns whether it changed anything.
bool fill_host_names(const L7Stats& stats, HostEntry& host);

}  // namespace netmeter::stats
