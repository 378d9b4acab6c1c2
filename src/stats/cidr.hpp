#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip_address.hpp"

namespace netmeter::stats {

/// An address block such as 192.168.1.0/24 or fe80::/10.
struct Cidr {
  core::IpAddress network;
  int prefix = 0;

  static std::optional<Cidr> parse(std::string_view text);
  bool contains(const core::IpAddress& ip) const;
  std::string to_string() const;
};

/// A comma-separated list of blocks ("192.168.1.0/24,127.0.0.0/8"); nullopt if any item is malformed.
std::optional<std::vector<Cidr>> parse_cidr_list(std::string_view text);
bool in_any(const std::vector<Cidr>& blocks, const core::IpAddress& ip);

}  // namespace netmeter::stats
