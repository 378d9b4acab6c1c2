#pragma once

#include <array>
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

/// The first two Ethernet source MACs of an address's ARP packets in a second (0: none): the alert
/// engine's MAC/IP reassociation check reads them.
struct ArpSenderMacs {
  std::array<MacKey, 2> macs{};
  void note(MacKey m) {
    if (macs[0] == m || macs[1] == m) return;
    if (macs[0] == 0)
      macs[0] = m;
    else if (macs[1] == 0)
      macs[1] = m;
  }
};

/// ARP of one second: totals, counts per sender IP and per sender MAC, the sender IPs' MACs, and the
/// broadcast domains seen (packets by stats::domain_key).
struct ArpDelta {
  ArpCounts total;
  FlatMap<HostKey, ArpCounts, HostKeyHash> by_ip;
  FlatMap<MacKey, ArpCounts, IntHash> by_mac;
  FlatMap<HostKey, ArpSenderMacs, HostKeyHash> sender_macs;
  FlatMap<uint64_t, uint64_t, IntHash> domains{16};
  void clear() {
    total = {};
    by_ip.clear();
    by_mac.clear();
    sender_macs.clear();
    domains.clear();
  }
};

}  // namespace netmeter::stats
