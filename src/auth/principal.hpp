#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/clock.hpp"
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
  std::optional<int64_t> token_id;        // Token only
  std::string session_id;                 // Session only: the cookie value (for logout)
  std::optional<int64_t> session_row_id;  // Session only: its id in lists
  std::string csrf_token;                 // Session only: must accompany state-changing requests
  std::optional<TimePoint> expires;       // when the credential ends (none: the password, or never)
  /// A token is among the credentials this one was made with (or is one): it stands for a narrower
  /// grant than the account, so it cannot change the password or act for other users.
  bool delegated = false;

  bool has(Permission p) const { return permissions.has(p); }
  bool may_see_interface(uint32_t slot) const;
  bool may_see_address(const core::IpAddress& address) const { return allowed_networks.allows(address); }
  /// True when state-changing requests must carry the CSRF token (cookie authentication).
  bool requires_csrf() const { return method == AuthMethod::Session; }
};

/// What a new session or token derives from: the credential of the request that asks for it. The new
/// credential never carries more than `cap`, never outlives `expires`, and is deleted with its parent
/// (`parent_token_id` / `parent_session_id`, stored with it: the database cascades). Only the password
/// is a root: what is made with HTTP Basic has no parent and the user's own rights (cap all).
struct Derivation {
  Permissions cap = Permissions::all();
  std::optional<TimePoint> expires;
  std::optional<int64_t> parent_token_id;
  std::optional<int64_t> parent_session_id;
  bool delegated = false;

  static Derivation from(const Principal& creator);
  /// The earlier of `wanted` and this derivation's expiry.
  std::optional<TimePoint> bound(std::optional<TimePoint> wanted) const;
};

/// Constant-time check of a presented CSRF token against the principal's session. False for
/// principals not authenticated by session (they have no CSRF token) and for an empty token.
bool check_csrf(const Principal& principal, std::string_view presented);

/// The principal of a stored user (role from the record, permissions from role and grants).
/// nullopt if the record's role is unknown.
std::optional<Principal> principal_from_user(const store::UserRecord& user, AuthMethod method);

}  // namespace netmeter::auth
