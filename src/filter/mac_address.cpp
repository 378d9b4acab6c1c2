#include "filter/mac_address.hpp"

namespace netmeter::filter {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "aabb.ccdd.eeff": three groups of exactly four hex digits.
std::optional<MacAddress> parse_dotted(std::string_view text) {
  if (text.size() != 14 || text[4] != '.' || text[9] != '.') return std::nullopt;
  MacAddress mac;
  size_t byte = 0;
  for (size_t i = 0; i < text.size(); i += 2) {
    if (text[i] == '.') ++i;
    const int hi = hex_value(text[i]);
    const int lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    mac.bytes[byte++] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return mac;
}

}  // namespace

std::optional<MacAddress> MacAddress::parse(std::string_view text) {
  if (text.find('.') != std::string_view::npos) return parse_dotted(text);
  const size_t sep_at = text.find_first_of(":-");
  if (sep_at == std::string_view::npos) return std::nullopt;
  const char sep = text[sep_at];
  MacAddress mac;
  size_t pos = 0;
  for (size_t group = 0; group < 6; ++group) {
    if (group > 0) {
      if (pos >= text.size() || text[pos] != sep) return std::nullopt;
      ++pos;
    }
    int value = 0;
    size_t digits = 0;
    while (pos < text.size() && digits < 2 && hex_value(text[pos]) >= 0) {
      value = value * 16 + hex_value(text[pos]);
      ++pos;
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    mac.bytes[group] = static_cast<uint8_t>(value);
  }
  if (pos != text.size()) return std::nullopt;
  return mac;
}

std::string MacAddress::to_string() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(17);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i > 0) out += ':';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0xF];
  }
  return out;
}

}  // namespace netmeter::filter
