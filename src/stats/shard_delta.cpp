#include "stats/shard_delta.hpp"

namespace netmeter::stats {

void ShardDelta::clear() {
  second = History::kNever;
  order_second = History::kNever;
  iface = {};
  hosts.clear();
  host_dscp.clear();
  host_macs.clear();
  macs.clear();
  mac_vlans.clear();
  mac_ethertypes.clear();
  ports.clear();
  vlans.clear();
  mpls.clear();
  icmp.clear();
  multicast.clear();
  dscp.fill({});
  sizes.fill({});
  arp.clear();
  connections.clear();
  events.clear();
}

size_t ShardDelta::memory_bytes() const {
  return sizeof(*this) + hosts.memory_bytes() + host_dscp.memory_bytes() + host_macs.memory_bytes() +
         macs.memory_bytes() + mac_vlans.memory_bytes() + mac_ethertypes.memory_bytes() +
         ports.memory_bytes() + vlans.memory_bytes() + mpls.memory_bytes() + icmp.memory_bytes() +
         multicast.memory_bytes() + connections.capacity() * sizeof(ConnectionUpdate) +
         events.capacity() * sizeof(L7Event);
}

}  // namespace netmeter::stats
