#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/cidr.hpp"
#include "geo/geo_db.hpp"
#include "stats/history.hpp"
#include "stats/mac_vendors.hpp"

namespace netmeter::stats {

struct StatsConfig {
  bool enabled = true;
  /// MAC address block owners (MacVendors::load); without it MACs have no vendor.
  std::shared_ptr<const MacVendors> mac_vendors;
  /// Nice value of the statistics thread (see core::set_thread_nice).
  int thread_nice = 0;
  /// IP geolocation; without it hosts have no country or autonomous system. Looked up once per host,
  /// when the host is created.
  std::shared_ptr<const geo::GeoDb> geo;
  /// Local networks (ntopng's -m); hosts inside are "local".
  std::vector<core::Cidr> local_networks = *core::parse_cidr_list("192.168.1.0/24,127.0.0.0/8,fe80::/10");
  HistoryConfig entity_history = HistoryConfig::entity_default();  ///< hosts, MACs, ports, apps, ...
  HistoryConfig global_history = HistoryConfig::global_default();  ///< the interface
  /// Idle expiry in packet time. Off for file analysis (everything is kept until the slot closes).
  bool expire_idle = false;
  int64_t local_host_idle_s = 300;
  int64_t remote_host_idle_s = 60;
  size_t max_hosts = 1u << 20;
  size_t max_macs = 1u << 18;
  /// Entries of each smaller module table (ports, VLANs, MPLS labels, ICMP types, applications,
  /// categories, breeds, multicast groups — the latter also at most max_hosts). Their key spaces bound
  /// them anyway; a memory-bounded slot bounds them lower (what they refuse is counted).
  size_t max_module_entries = SIZE_MAX;
  /// Recently finished flows kept for the connection lists (those the end of a capture file ends are all
  /// kept besides).
  size_t finished_connections_kept = 100000;
  size_t deltas_per_worker = 4;  ///< hand-over buffers; a worker waits when all are in use
  /// A worker hands its delta over early once it holds this many flows, hosts, MACs or L7 events, which
  /// bounds the hand-over buffers (they keep their size for reuse); by default a delta covers a second of
  /// packet time whatever it holds.
  size_t max_delta_entries = SIZE_MAX;
  // Bounds of the DNS, DHCP, HTTP and TLS tables (what they refuse or evict is counted).
  size_t l7_max_servers = 4096;          ///< DNS, HTTP and DHCP servers, each
  size_t l7_max_names = 10000;           ///< top queried names, SNIs, HTTP host names, each (space-saving)
  size_t l7_max_pending = 65536;         ///< DNS queries, HTTP requests, TLS ClientHellos awaiting an answer
  size_t l7_max_address_names = 100000;  ///< address → name learnt from DNS answers and DHCP, each
  size_t l7_max_dhcp_leases = 16384;
  size_t l7_max_host_dns_types = 32;  ///< query types counted per host
};

}  // namespace netmeter::stats
