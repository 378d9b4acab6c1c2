#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip_address.hpp"

namespace netmeter::core {

/// An address block such as 10.0.0.0/8 or fe80::/10; host bits are cleared.
struct Cidr {
  IpAddress network;
  int prefix = 0;

  /// "a.b.c.d/n", "x::y/n", or a bare address (a /32 or /128). Surrounding spaces are ignored.
  static std::optional<Cidr> parse(std::string_view text);
  bool contains(const IpAddress& address) const;
  /// Canonical form, e.g. "192.168.1.0/24".
  std::string to_string() const;
  friend bool operator==(const Cidr&, const Cidr&) = default;
};

/// A comma-separated list of blocks ("192.168.1.0/24,127.0.0.0/8"); nullopt if any item is malformed.
std::optional<std::vector<Cidr>> parse_cidr_list(std::string_view text);
bool in_any(const std::vector<Cidr>& blocks, const IpAddress& ip);

}  // namespace netmeter::core
