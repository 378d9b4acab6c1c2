#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/network_acl.hpp"
#include "auth/permissions.hpp"
#include "store/user_repository.hpp"

namespace netmeter::auth {

/// How a request proved who it is.
enum class AuthMethod { Basic, Token, Session };

std::string_view auth_method_name(AuthMethod method);  // "basic", "token", "session"

/// The authenticated caller of one request, as the API layer sees it.
struct Principal {
  int64_t user_id = 0;
  std::string user_name;
  Role role = Role::User;
  /// What this request may do: the user's current permissions, narrowed by the token's set when
  /// authenticated by token.
  Permissions permissions;
  NetworkAcl allowed_networks;               // hosts the user may see
  std::vector<uint32_t> allowed_interfaces;  // analysis slots the user may see; empty = all
  std::string language;
  AuthMethod method = AuthMethod::Basic;
  std::optional<int64_t> token_id;  // Token only
  std::string session_id;           // Session only: the cookie value (for logout)
  std::string csrf_token;           // Session only: must accompany state-changing requests

  bool has(Permission p) const { return permissions.has(p); }
  bool may_see_interface(uint32_t slot) const;
  bool may_see_address(const core::IpAddress& address) const { return allowed_networks.allows(address); }
  /// True when state-changing requests must carry the CSRF token (cookie authentication).
  bool requires_csrf() const { return method == AuthMethod::Session; }
};

/// Constant-time check of a presented CSRF token against the principal's session. False for
/// principals not authenticated by session (they have no CSRF token) and for an empty token.
bool check_csrf(const Principal& principal, std::string_view presented);

/// The principal of a stored user (role from the record, permissions from role and grants).
/// nullopt if the record's role is unknown.
std::optional<Principal> principal_from_user(const store::UserRecord& user, AuthMethod method);

}  // namespace netmeter::auth
