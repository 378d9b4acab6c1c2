#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netmeter::filter {

/// A 48-bit Ethernet address.
struct MacAddress {
  std::array<uint8_t, 6> bytes{};

  /// "aa:bb:cc:dd:ee:ff" or "aa-bb-cc-dd-ee-ff" (one or two hex digits per group, one separator
  /// throughout, any case) or Cisco's "aabb.ccdd.eeff"; nullopt otherwise.
  static std::optional<MacAddress> parse(std::string_view text);
  /// "aa:bb:cc:dd:ee:ff", lower case.
  std::string to_string() const;
  friend bool operator==(const MacAddress&, const MacAddress&) = default;
};

}  // namespace netmeter::filter
