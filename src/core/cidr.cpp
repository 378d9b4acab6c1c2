#include "core/cidr.hpp"

#include <charconv>

namespace netmeter::core {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

IpAddress masked(const IpAddress& a, int prefix) {
  auto bytes = a.bytes();
  for (int i = 0; i < 16; ++i) {
    const int keep = prefix - 8 * i;
    if (keep >= 8) continue;
    bytes[i] = keep <= 0 ? 0 : static_cast<uint8_t>(bytes[i] & (0xff << (8 - keep)));
  }
  return a.is_v4() ? IpAddress::v4(bytes.data()) : IpAddress::v6(bytes.data());
}

}  // namespace

std::optional<Cidr> Cidr::parse(std::string_view text) {
  text = trim(text);
  const auto slash = text.find('/');
  auto address = IpAddress::parse(text.substr(0, slash));
  if (!address || text.substr(0, slash).find('\0') != std::string_view::npos) return std::nullopt;
  const int max_prefix = address->is_v4() ? 32 : 128;
  int prefix = max_prefix;
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || digits.size() > 3 || ec != std::errc() || end != digits.data() + digits.size() ||
        prefix < 0 || prefix > max_prefix) {
      return std::nullopt;
    }
  }
  return Cidr{masked(*address, prefix), prefix};
}

bool Cidr::contains(const IpAddress& address) const {
  // Runs per packet (local-network tests): two masked 64-bit compares, no copy of the address.
  if (address.version() != network.version()) return false;
  for (int i = 0; i < 2; ++i) {
    const int keep = prefix - 64 * i;
    if (keep <= 0) return true;
    const uint64_t mask = keep >= 64 ? ~uint64_t{0} : ~uint64_t{0} << (64 - keep);
    if ((address.numeric(i) & mask) != network.numeric(i)) return false;
  }
  return true;
}

std::string Cidr::to_string() const {
  return network.to_string() + "/" + std::to_string(prefix);
}

std::optional<std::vector<Cidr>> parse_cidr_list(std::string_view text) {
  std::vector<Cidr> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto item = trim(text.substr(0, comma));
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

bool in_any(const std::vector<Cidr>& blocks, const IpAddress& ip) {
  for (const auto& b : blocks)
    if (b.contains(ip)) return true;
  return false;
}

}  // namespace netmeter::core
