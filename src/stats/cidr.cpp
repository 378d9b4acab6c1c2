#include "stats/cidr.hpp"

#include <algorithm>
#include <charconv>

namespace netmeter::stats {

std::optional<Cidr> Cidr::parse(std::string_view text) {
  auto slash = text.find('/');
  auto ip = core::IpAddress::parse(text.substr(0, slash));
  if (!ip) return std::nullopt;
  int max = ip->is_v4() ? 32 : 128;
  int prefix = max;
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (ec != std::errc{} || end != digits.data() + digits.size() || prefix < 0 || prefix > max)
      return std::nullopt;
  }
  // Keep only the network bits, so 192.168.1.7/24 means 192.168.1.0/24.
  auto bytes = ip->bytes();
  for (int i = 0; i < 16; ++i) {
    int keep = std::clamp(prefix - 8 * i, 0, 8);
    bytes[i] &= static_cast<uint8_t>(0xFF00u >> keep);
  }
  return Cidr{ip->is_v4() ? core::IpAddress::v4(bytes.data()) : core::IpAddress::v6(bytes.data()), prefix};
}

bool Cidr::contains(const core::IpAddress& ip) const {
  if (ip.version() != network.version()) return false;
  const auto& a = ip.bytes();
  const auto& n = network.bytes();
  int full = prefix / 8;
  for (int i = 0; i < full; ++i)
    if (a[i] != n[i]) return false;
  int rest = prefix % 8;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xFF00u >> rest);
  return (a[full] & mask) == n[full];
}

std::string Cidr::to_string() const {
  return network.to_string() + "/" + std::to_string(prefix);
}

std::optional<std::vector<Cidr>> parse_cidr_list(std::string_view text) {
  std::vector<Cidr> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ')
      item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ')
      item.remove_suffix(1);
    if (!item.empty()) {
      auto c = Cidr::parse(item);
      if (!c) return std::nullopt;
      out.push_back(*c);
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

bool in_any(const std::vector<Cidr>& blocks, const core::IpAddress& ip) {
  for (const auto& b : blocks)
    if (b.contains(ip)) return true;
  return false;
}

}  // namespace netmeter::stats
