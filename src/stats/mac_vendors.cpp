#include "stats/mac_vendors.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>

namespace netmeter::stats {

namespace {

constexpr int kBits[3] = {24, 28, 36};

MacKey mask_of(int bits) {
  return (~MacKey{0} << (48 - bits)) & 0xFFFFFFFFFFFFull;
}

/// "00:1B:C5" or "00:1B:C5:00:10:00" (also '-' separated) → the address, shifted to 48 bits.
std::optional<MacKey> parse_prefix(std::string_view text) {
  MacKey value = 0;
  int octets = 0;
  while (!text.empty() && octets < 6) {
    uint8_t octet = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + std::min<size_t>(2, text.size()), octet, 16);
    if (ec != std::errc{} || end != text.data() + std::min<size_t>(2, text.size())) return std::nullopt;
    value = (value << 8) | octet;
    ++octets;
    text.remove_prefix(std::min<size_t>(2, text.size()));
    if (!text.empty() && (text.front() == ':' || text.front() == '-' || text.front() == '.'))
      text.remove_prefix(1);
  }
  if (!text.empty() || octets < 3) return std::nullopt;
  return value << (8 * (6 - octets));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

void MacVendors::add(MacKey prefix, int bits, std::string name) {
  for (int i = 0; i < 3; ++i)
    if (kBits[i] == bits) by_prefix_[i].emplace(prefix & mask_of(bits), std::move(name));
}

std::shared_ptr<const MacVendors> MacVendors::parse(std::string_view text) {
  auto vendors = std::make_shared<MacVendors>();
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;
    // Columns: prefix[/bits], short name, long name (optional), separated by tabs.
    auto tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    std::string_view prefix_text = line.substr(0, tab);
    std::string_view rest = trim(line.substr(tab + 1));
    auto tab2 = rest.find('\t');
    std::string_view name = tab2 == std::string_view::npos ? rest : trim(rest.substr(tab2 + 1));
    if (name.empty()) name = trim(rest.substr(0, tab2));
    int bits = 24;
    if (auto slash = prefix_text.find('/'); slash != std::string_view::npos) {
      auto digits = prefix_text.substr(slash + 1);
      if (std::from_chars(digits.data(), digits.data() + digits.size(), bits).ec != std::errc{}) continue;
      prefix_text = prefix_text.substr(0, slash);
    }
    auto prefix = parse_prefix(prefix_text);
    if (!prefix || name.empty()) continue;
    vendors->add(*prefix, bits, std::string(name));
  }
  return vendors;
}

std::shared_ptr<const MacVendors> MacVendors::load(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path;
    return nullptr;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto vendors = parse(text.str());
  if (vendors->size() == 0) {
    error = path + " holds no MAC vendor entry";
    return nullptr;
  }
  return vendors;
}

std::string_view MacVendors::lookup(MacKey mac) const {
  for (int i = 2; i >= 0; --i) {
    auto it = by_prefix_[i].find(mac & mask_of(kBits[i]));
    if (it != by_prefix_[i].end()) return it->second;
  }
  return {};
}

}  // namespace netmeter::stats
