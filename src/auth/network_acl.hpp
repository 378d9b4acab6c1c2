#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/cidr.hpp"
#include "core/ip_address.hpp"

namespace netmeter::auth {

using core::Cidr;

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
