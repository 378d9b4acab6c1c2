#include "stats/broadcast_domains.hpp"

#include <bit>

namespace netmeter::stats {

namespace {

constexpr uint8_t kNarrowest = 28;
constexpr uint8_t kWidest = 16;

uint32_t host_order(const core::IpAddress& a) {
  const auto& b = a.bytes();
  return uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | b[3];
}

bool link_local(uint32_t a) {
  return (a & 0xFFFF0000u) == 0xA9FE0000u;
}

}  // namespace

std::optional<BroadcastDomain> broadcast_domain(const core::IpAddress& sender,
                                                const core::IpAddress& target) {
  if (!sender.is_v4() || !target.is_v4()) return std::nullopt;
  const uint32_t s = host_order(sender), t = host_order(target);
  if (s == 0 || s == t || link_local(s) || link_local(t)) return std::nullopt;
  const auto common = static_cast<uint8_t>(std::countl_zero(s ^ t));
  const uint8_t prefix = common < kNarrowest ? common : kNarrowest;
  if (prefix < kWidest) return std::nullopt;
  const uint32_t mask = ~uint32_t{0} << (32 - prefix);
  return BroadcastDomain{s & mask, prefix};
}

void BroadcastDomains::add(uint64_t key, uint64_t hits) {
  auto it = hits_.find(key);
  if (it != hits_.end()) {
    it->second += hits;
  } else if (hits_.size() < kMax) {
    hits_.emplace(key, hits);
  } else {
    refused_ += hits;
  }
}

}  // namespace netmeter::stats
