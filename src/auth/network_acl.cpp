#include "auth/network_acl.hpp"

namespace netmeter::auth {

std::optional<std::vector<Cidr>> parse_cidr_list(const std::vector<std::string>& items) {
  std::vector<Cidr> out;
  for (const auto& item : items) {
    auto cidr = Cidr::parse(item);
    if (!cidr) return std::nullopt;
    out.push_back(*cidr);
  }
  return out;
}

NetworkAcl::NetworkAcl(const std::vector<std::string>& stored) : restricted_(!stored.empty()) {
  for (const auto& item : stored) {
    if (auto cidr = Cidr::parse(item)) networks_.push_back(*cidr);
  }
}

bool NetworkAcl::allows(const core::IpAddress& address) const {
  if (!restricted_) return true;
  for (const auto& n : networks_) {
    if (n.contains(address)) return true;
  }
  return false;
}

}  // namespace netmeter::auth
