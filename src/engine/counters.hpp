#pragma once

#include <array>
#include <cstdint>

#include "core/anomaly.hpp"
#include "decode/decoded_packet.hpp"

namespace netmeter::engine {

struct PacketBytes {
  uint64_t packets = 0;
  uint64_t bytes = 0;
  void add(uint64_t b) {
    ++packets;
    bytes += b;
  }
  PacketBytes& operator+=(const PacketBytes& o) {
    packets += o.packets;
    bytes += o.bytes;
    return *this;
  }
};

/// Packet counters of one thread; merged by addition. Bytes are frame lengths on the wire.
struct TrafficCounters {
  PacketBytes total;
  PacketBytes ipv4;
  PacketBytes ipv6;
  PacketBytes non_ip;
  PacketBytes arp;
  PacketBytes tcp;
  PacketBytes udp;
  PacketBytes icmp;
  PacketBytes other_l4;
  PacketBytes fragments;
  std::array<PacketBytes, decode::kTunnelTypeCount> tunnels{};  ///< indexed by decode::TunnelType
  uint64_t dpi_packets = 0;

  TrafficCounters& operator+=(const TrafficCounters& o);
};

inline TrafficCounters& TrafficCounters::operator+=(const TrafficCounters& o) {
  total += o.total;
  ipv4 += o.ipv4;
  ipv6 += o.ipv6;
  non_ip += o.non_ip;
  arp += o.arp;
  tcp += o.tcp;
  udp += o.udp;
  icmp += o.icmp;
  other_l4 += o.other_l4;
  fragments += o.fragments;
  for (size_t i = 0; i < tunnels.size(); ++i)
    tunnels[i] += o.tunnels[i];
  dpi_packets += o.dpi_packets;
  return *this;
}

}  // namespace netmeter::engine
