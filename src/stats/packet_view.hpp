#pragma once

#include <cstdint>
#include <span>

#include "decode/decoded_packet.hpp"
#include "flow/flow.hpp"

namespace netmeter::stats {

/// What the statistics see of one packet: its decoded headers, its flow (null for packets without one,
/// e.g. ARP), the packet's direction in that flow, and the captured L4 payload (may be cut short).
struct PacketView {
  const decode::DecodedPacket& pkt;
  const flow::Flow* flow = nullptr;
  int direction = flow::Flow::kClientToServer;
  std::span<const uint8_t> payload;
  /// The flow's lookup hint for its server's host entry (flow::Flow::stats_hint); null without a flow.
  uint16_t* server_hint = nullptr;

  /// Whether the packet's sender is its flow's server.
  bool from_server() const { return direction == flow::Flow::kServerToClient; }
};

/// map[key] for the host entry of one end of the packet, through the flow's hint when that end is the
/// flow's server.
template <typename Map, typename Key>
auto& host_entry(Map& map, const Key& key, const PacketView& v, bool server_end) {
  if (!v.server_hint || !server_end) return map[key];
  return map.at(key, *v.server_hint);
}

/// Packet-size classes shared by the packet-size module and the per-host histograms.
constexpr int kSizeBins = 8;
inline int size_bin(uint32_t len) {
  if (len < 64) return 0;
  if (len == 64) return 1;
  if (len < 128) return 2;
  if (len < 256) return 3;
  if (len < 512) return 4;
  if (len < 1024) return 5;
  if (len <= 1518) return 6;
  return 7;
}
/// Label of a size class, e.g. "65-127".
const char* size_bin_name(int bin);

}  // namespace netmeter::stats
