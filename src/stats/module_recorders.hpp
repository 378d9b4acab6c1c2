#pragma once

#include "stats/packet_view.hpp"
#include "stats/shard_delta.hpp"
#include "stats/stats_config.hpp"

namespace netmeter::stats {

// The per-packet part of each statistics module: what one packet adds to the current second's delta.
// Each is a free function over plain data, so a module is tested on its own with hand-made packets.

/// Interface totals and the local/remote traffic matrix.
void record_interface(const PacketView& v, const StatsConfig& config, ShardDelta& d);
/// Sender and receiver hosts (IP + VLAN): traffic, TTL, TCP flags, sizes, MACs, DSCP.
void record_hosts(const PacketView& v, ShardDelta& d);
/// Source and destination MACs, the VLANs and EtherTypes each uses, VLAN tags and MPLS labels.
void record_link_layer(const PacketView& v, ShardDelta& d);
/// Global DSCP classes, packet sizes, ICMP types and codes, multicast groups.
void record_ip_classes(const PacketView& v, ShardDelta& d);
/// The flow's server port (TCP and UDP): rx is traffic to the server.
void record_server_port(const PacketView& v, ShardDelta& d);
/// ARP requests and replies per sender.
void record_arp(const PacketView& v, ShardDelta& d);
/// DNS, DHCP, HTTP and TLS facts from the payload, as events.
void record_l7(const PacketView& v, ShardDelta& d);

}  // namespace netmeter::stats
