#pragma once

#include <cstdint>
#include <map>
#include <optional>

#include "core/ip_address.hpp"

namespace netmeter::stats {

/// An IPv4 network learnt from ARP: its address (host order) and prefix length.
struct BroadcastDomain {
  uint32_t network = 0;
  uint8_t prefix = 0;
  friend auto operator<=>(const BroadcastDomain&, const BroadcastDomain&) = default;
};

inline uint64_t domain_key(const BroadcastDomain& d) {
  return uint64_t{d.network} << 8 | d.prefix;
}
inline BroadcastDomain domain_of_key(uint64_t key) {
  return {static_cast<uint32_t>(key >> 8), static_cast<uint8_t>(key & 0xFF)};
}

/// The broadcast domain an ARP packet between `sender` and `target` shows (ntopng's heuristic): the
/// smallest network holding both addresses, at most a /28. None for probes (no sender address), for
/// a sender asking for itself, for link-local addresses (169.254/16), for non-IPv4 addresses, and for
/// networks wider than a /16 (a host asking that far off its own network is misconfigured, or proxied:
/// not a domain).
std::optional<BroadcastDomain> broadcast_domain(const core::IpAddress& sender, const core::IpAddress& target);

/// The domains of a slot, with the ARP packets that showed each. Bounded: a table full of domains
/// takes no new ones (they are counted).
class BroadcastDomains {
 public:
  static constexpr size_t kMax = 4096;

  void add(uint64_t key, uint64_t hits);
  const std::map<uint64_t, uint64_t>& hits() const { return hits_; }  ///< by domain_key, ascending
  uint64_t refused() const { return refused_; }
  void clear() { *this = {}; }

 private:
  std::map<uint64_t, uint64_t> hits_;
  uint64_t refused_ = 0;
};

}  // namespace netmeter::stats
