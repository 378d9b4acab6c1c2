#pragma once

#include <cstdint>

#include "stats/flat_map.hpp"
#include "stats/keys.hpp"

namespace netmeter::stats {

struct ArpCounts {
  uint64_t requests = 0;
  uint64_t replies = 0;
  uint64_t gratuitous = 0;  ///< announcements: sender and target address are the same

  ArpCounts& operator+=(const ArpCounts& o) {
    requests += o.requests;
    replies += o.replies;
    gratuitous += o.gratuitous;
    return *this;
  }
};

/// ARP of one second: totals, counts per sender IP and per sender MAC, and the broadcast domains seen
/// (packets by stats::domain_key).
struct ArpDelta {
  ArpCounts total;
  FlatMap<HostKey, ArpCounts, HostKeyHash> by_ip;
  FlatMap<MacKey, ArpCounts, IntHash> by_mac;
  FlatMap<uint64_t, uint64_t, IntHash> domains{16};
  void clear() {
    total = {};
    by_ip.clear();
    by_mac.clear();
    domains.clear();
  }
};

}  // namespace netmeter::stats
