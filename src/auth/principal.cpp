#include "auth/principal.hpp"

#include <algorithm>

#include "auth/crypto.hpp"

namespace netmeter::auth {

std::string_view auth_method_name(AuthMethod method) {
  switch (method) {
    case AuthMethod::Basic:
      return "basic";
    case AuthMethod::Token:
      return "token";
    case AuthMethod::Session:
      return "session";
  }
  return "";
}

bool Principal::may_see_interface(uint32_t slot) const {
  return allowed_interfaces.empty() ||
         std::find(allowed_interfaces.begin(), allowed_interfaces.end(), slot) != allowed_interfaces.end();
}

Derivation Derivation::from(const Principal& creator) {
  Derivation d;
  if (creator.method == AuthMethod::Basic) return d;
  d.cap = creator.permissions;
  d.expires = creator.expires;
  d.delegated = creator.delegated;
  if (creator.method == AuthMethod::Token) d.parent_token_id = creator.token_id;
  if (creator.method == AuthMethod::Session) d.parent_session_id = creator.session_row_id;
  return d;
}

std::optional<TimePoint> Derivation::bound(std::optional<TimePoint> wanted) const {
  if (!expires) return wanted;
  if (!wanted) return expires;
  return std::min(*wanted, *expires);
}

bool check_csrf(const Principal& principal, std::string_view presented) {
  if (principal.method != AuthMethod::Session || principal.csrf_token.empty() || presented.empty()) {
    return false;
  }
  return constant_time_equal(principal.csrf_token, presented);
}

std::optional<Principal> principal_from_user(const store::UserRecord& user, AuthMethod method) {
  auto role = parse_role(user.role);
  if (!role) return std::nullopt;
  Principal p;
  p.user_id = user.id;
  p.user_name = user.name;
  p.role = *role;
  p.permissions = effective_permissions(*role, Permissions::from_bits(user.permissions));
  p.allowed_networks = NetworkAcl(user.allowed_networks);
  p.allowed_interfaces = user.allowed_interfaces;
  p.language = user.language;
  p.method = method;
  return p;
}

}  // namespace netmeter::auth
