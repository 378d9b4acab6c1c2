#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

#include "core/hash.hpp"
#include "core/ip_address.hpp"

namespace netmeter::stats {

/// Hosts are keyed by address and VLAN (the innermost tag, as flows are): "ip" or "ip@vlan".
struct HostKey {
  core::IpAddress ip;
  uint16_t vlan = 0;

  friend bool operator==(const HostKey&, const HostKey&) = default;
  friend auto operator<=>(const HostKey& a, const HostKey& b) {
    if (auto c = a.ip <=> b.ip; c != 0) return c;
    return a.vlan <=> b.vlan;
  }
  std::string to_string() const {
    return vlan ? ip.to_string() + "@" + std::to_string(vlan) : ip.to_string();
  }
};

struct HostKeyHash {
  size_t operator()(const HostKey& k) const {
    const auto& b = k.ip.bytes();
    uint64_t lo, hi;
    std::memcpy(&lo, b.data(), 8);
    std::memcpy(&hi, b.data() + 8, 8);
    return core::mix64(lo ^ core::mix64(hi ^ (uint64_t{k.vlan} << 8 | k.ip.version())));
  }
};

/// A MAC address packed into the low 48 bits (first octet most significant), so it sorts like the text.
using MacKey = uint64_t;

inline MacKey mac_key(const std::array<uint8_t, 6>& m) {
  MacKey k = 0;
  for (uint8_t b : m)
    k = (k << 8) | b;
  return k;
}
std::string mac_to_string(MacKey mac);
inline bool mac_is_broadcast(MacKey m) {
  return m == 0xFFFFFFFFFFFFull;
}
inline bool mac_is_multicast(MacKey m) {
  return (m >> 40) & 1;
}

struct IntHash {
  size_t operator()(uint64_t v) const { return core::mix64(v); }
};

}  // namespace netmeter::stats
