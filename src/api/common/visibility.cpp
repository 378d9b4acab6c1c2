#include "api/common/visibility.hpp"

#include <memory>

namespace netmeter::api {

std::function<bool(const core::IpAddress&)> visible_to(const auth::Principal* principal) {
  if (!principal || principal->allowed_networks.unrestricted()) return {};
  auto acl = std::make_shared<const auth::NetworkAcl>(principal->allowed_networks);
  return [acl](const core::IpAddress& a) { return acl->allows(a); };
}

bool may_see_address(const auth::Principal* principal, const core::IpAddress& address) {
  return !principal || principal->may_see_address(address);
}

}  // namespace netmeter::api
