#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "stats/connection_update.hpp"
#include "stats/flat_map.hpp"
#include "stats/history.hpp"
#include "stats/host_delta.hpp"
#include "stats/keys.hpp"
#include "stats/l7_events.hpp"
#include "stats/traffic.hpp"

namespace netmeter::stats {

/// Interface-wide counts of one second.
struct InterfaceDelta {
  Traffic traffic;  ///< every frame, counted as received
  Traffic ip;       ///< IP packets (innermost IP header)
  uint64_t non_ip_packets = 0;
  Traffic local_to_remote;  ///< rx: packets from a local to a remote host
  Traffic remote_to_local;
  Traffic local_to_local;
  Traffic remote_to_remote;
  int64_t first_ns = 0;
  int64_t last_ns = 0;
};

/// Keys of the small modules packed into integers.
inline uint64_t port_key(uint8_t l4_proto, uint16_t port) {
  return uint64_t{l4_proto} << 16 | port;
}
inline uint64_t vlan_key(int level, uint16_t id) {
  return uint64_t(level) << 16 | id;
}  ///< level 0: outer
inline uint64_t icmp_key(bool v6, uint8_t type, uint8_t code) {
  return uint64_t{v6} << 16 | type << 8 | code;
}

/// Everything one worker recorded during one second of packet time (or part of one: a worker may hand
/// over a second early, when it goes idle). Deltas add up: the aggregator applies them in any order, except
/// their L7 events, which it puts in one order first (EventOrder).
/// A delta is reused after the aggregator has applied it, so its maps stop allocating once warm.
struct ShardDelta {
  int64_t second = History::kNever;
  unsigned worker = 0;
  /// The order its events are applied in with several workers (EventOrder): the second, or the worker's
  /// last time mark if a packet came later than its second (an unsorted capture).
  int64_t order_second = History::kNever;

  InterfaceDelta iface;
  FlatMap<HostKey, HostDelta, HostKeyHash> hosts;
  FlatMap<HostDscpKey, Traffic, HostDscpKeyHash> host_dscp;
  FlatMap<HostMacKey, bool, HostMacKeyHash> host_macs;  ///< a host's source MACs beyond HostDelta::macs
  FlatMap<MacKey, Traffic, IntHash> macs;
  FlatMap<uint64_t, Traffic, IntHash> mac_vlans;       ///< (mac << 12 | vlan id): which VLANs a MAC uses
  FlatMap<uint64_t, Traffic, IntHash> mac_ethertypes;  ///< (mac << 16 | ethertype)
  FlatMap<uint64_t, Traffic, IntHash> ports;           ///< port_key(l4, server port): rx to the server
  FlatMap<uint64_t, Traffic, IntHash> vlans;           ///< vlan_key(level, id)
  FlatMap<uint64_t, Traffic, IntHash> mpls;            ///< top label
  FlatMap<uint64_t, Traffic, IntHash> icmp;            ///< icmp_key
  FlatMap<HostKey, Traffic, HostKeyHash> multicast;    ///< groups: rx = traffic sent to the group
  std::array<Traffic, 64> dscp{};
  std::array<Traffic, kSizeBins> sizes{};
  ArpDelta arp;
  std::vector<ConnectionUpdate> connections;
  std::vector<L7Event> events;

  bool empty() const { return iface.traffic.empty() && connections.empty(); }
  void clear();
  size_t memory_bytes() const;
};

}  // namespace netmeter::stats
