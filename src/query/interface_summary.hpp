#pragma once

#include <cstddef>
#include <cstdint>

#include "query/interval.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

/// The analysis slot's interface as a whole, copied out of the store.
struct InterfaceSummary {
  TrafficValues traffic;  ///< every frame, counted as received
  int64_t first_ns = 0;
  int64_t last_ns = 0;
  stats::Traffic ip;
  uint64_t non_ip_packets = 0;
  stats::Traffic local_to_remote, remote_to_local, local_to_local, remote_to_remote;
  uint64_t tcp_retransmissions = 0;
  uint64_t tcp_out_of_order = 0;
  uint64_t tcp_lost = 0;
  uint64_t flows_total = 0;
  size_t active_connections = 0;
  size_t finished_connections_kept = 0;
  uint64_t connections_dropped = 0;
  size_t hosts = 0;
  uint64_t hosts_refused = 0;  ///< not created: the host table was full
  uint64_t hosts_expired = 0;
  size_t macs = 0;
  int64_t oldest_second = 0;  ///< packet time the statistics cover (0 before the first packet)
  int64_t newest_second = 0;
  int64_t last_second = 0;  ///< the last complete second
  bool finished = false;    ///< the source has ended
};

InterfaceSummary interface_summary(const stats::StatsStore& store, const Interval& interval = {});

}  // namespace netmeter::query
