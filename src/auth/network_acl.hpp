#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip_address.hpp"

namespace netmeter::auth {

/// An address block such as 10.0.0.0/8 or fe80::/10; host bits are cleared.
struct Cidr {
  core::IpAddress network;
  int prefix = 0;

  /// "a.b.c.d/n", "x::y/n", or a bare address (a /32 or /128). Surrounding spaces are ignored.
  static std::optional<Cidr> parse(std::string_view text);
  bool contains(const core::IpAddress& address) const;
  /// Canonical form, e.g. "192.168.1.0/24".
  std::string to_string() const;
  friend bool operator==(const Cidr&, const Cidr&) = default;
};

/// Parses a list of CIDRs (the items of a comma-separated field), canonicalized; nullopt if any item
/// is invalid. Used to validate `allowed_networks` before it is stored.
std::optional<std::vector<Cidr>> parse_cidr_list(const std::vector<std::string>& items);

/// The networks a user may see. Unrestricted when the stored list is empty (ntopng's
/// "0.0.0.0/0,::/0"). Restricted lists fail closed: a stored entry that no longer parses allows nothing.
class NetworkAcl {
 public:
  NetworkAcl() = default;
  explicit NetworkAcl(const std::vector<std::string>& stored);

  bool unrestricted() const { return !restricted_; }
  bool allows(const core::IpAddress& address) const;
  const std::vector<Cidr>& networks() const { return networks_; }

 private:
  std::vector<Cidr> networks_;
  bool restricted_ = false;
};

}  // namespace netmeter::auth
