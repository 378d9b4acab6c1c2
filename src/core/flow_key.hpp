#pragma once

#include <cstdint>

#include "core/hash.hpp"
#include "core/ip_address.hpp"

namespace netmeter::core {

/// One side of a conversation.
struct Endpoint {
  IpAddress ip;
  uint16_t port = 0;
  friend bool operator==(const Endpoint&, const Endpoint&) = default;
  friend auto operator<=>(const Endpoint& a, const Endpoint& b) {
    if (auto c = a.ip <=> b.ip; c != 0) return c;
    return a.port <=> b.port;
  }
};

/// Direction-free key of a bidirectional flow: VLAN, L4 protocol and the two endpoints in canonical
/// order (`lo` <= `hi`). Both directions of a conversation produce the same key and the same hash.
struct FlowKey {
  Endpoint lo;
  Endpoint hi;
  uint16_t vlan = 0;
  uint8_t l4 = 0;

  /// Builds the canonical key; `swapped` tells whether `src` became `hi`.
  static FlowKey make(const Endpoint& src, const Endpoint& dst, uint16_t vlan, uint8_t l4, bool& swapped) {
    FlowKey k;
    swapped = dst < src;
    k.lo = swapped ? dst : src;
    k.hi = swapped ? src : dst;
    k.vlan = vlan;
    k.l4 = l4;
    return k;
  }

  uint64_t hash() const {
    const auto& a = lo.ip.bytes();
    const auto& b = hi.ip.bytes();
    uint64_t h = load_u64(a.data()) * 0x9e3779b97f4a7c15ULL;
    h = mix64(h ^ load_u64(a.data() + 8));
    h = mix64(h ^ load_u64(b.data()));
    h = mix64(h ^ load_u64(b.data() + 8));
    uint64_t tail = (uint64_t{lo.port} << 48) | (uint64_t{hi.port} << 32) | (uint64_t{vlan} << 16) |
                    (uint64_t{l4} << 8) | lo.ip.version();
    return mix64(h ^ tail);
  }

  friend bool operator==(const FlowKey&, const FlowKey&) = default;
};

}  // namespace netmeter::core
