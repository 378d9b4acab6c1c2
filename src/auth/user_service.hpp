#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/clock.hpp"
#include "auth/password_hasher.hpp"
#include "auth/permissions.hpp"
#include "auth/rc.hpp"
#include "auth/verification_cache.hpp"
#include "store/database.hpp"

namespace netmeter::auth {

/// A user as shown to API clients: never the password hash.
struct UserInfo {
  int64_t id = 0;
  std::string name;
  std::string full_name;
  Role role = Role::User;
  Permissions granted;                        // per-user grants as stored (only pcap / upload)
  Permissions effective;                      // what the role and grants give
  std::vector<std::string> allowed_networks;  // canonical CIDRs; empty = all
  std::vector<uint32_t> allowed_interfaces;   // slot ids; empty = all
  std::string language;
  TimePoint created;
  bool disabled = false;
};

struct NewUser {
  std::string name;
  std::string password;
  std::optional<std::string> confirm_password;  // if given, must equal password (PasswordMismatch)
  std::string full_name;
  Role role = Role::User;
  Permissions granted;  // for users: pcap / upload; read_stats is implicit; admin is refused
  std::vector<std::string> allowed_networks;
  std::vector<uint32_t> allowed_interfaces;
  std::string language = "en";
};

/// Fields to change; empty optionals are left alone.
struct UserChanges {
  std::optional<std::string> full_name;
  std::optional<Role> role;
  std::optional<Permissions> granted;
  std::optional<std::vector<std::string>> allowed_networks;
  std::optional<std::vector<uint32_t>> allowed_interfaces;
  std::optional<std::string> language;
  std::optional<bool> disabled;
};

/// User management behind the users endpoints. It does not decide who may call what (the API layer
/// requires `admin` for everything but a user's own password change). Invariants kept here: names
/// and passwords follow the rules in user_rules.hpp, at least one enabled admin always remains
/// (`LastAdmin`), and every change to a user drops that user's verification-cache entries; password
/// changes also end the user's sessions (except the caller's own on a self change). Argon2 runs
/// outside the database lock. Thread-safe.
class UserService {
 public:
  UserService(store::Database& db, const PasswordHasher& hasher, VerificationCache& cache, const Clock& clock)
      : db_(db), hasher_(hasher), cache_(cache), clock_(clock) {}

  Result<std::vector<UserInfo>> list();
  /// NotFound when absent.
  Result<UserInfo> get(std::string_view name);
  /// InvalidArguments, PasswordMismatch (confirmation), UserAlreadyExisting.
  Result<UserInfo> add(const NewUser& user);
  /// InvalidArguments, NotFound, LastAdmin (demoting or disabling the last enabled admin).
  Result<UserInfo> edit(std::string_view name, const UserChanges& changes);
  /// Admin path: sets a new password without the old one; ends all the user's sessions.
  Status reset_password(std::string_view name, std::string_view new_password);
  /// Self path: PasswordMismatch when `old_password` is wrong; ends the user's other sessions
  /// (`keep_session_id` is the caller's own session cookie, if any).
  Status change_password(std::string_view name, std::string_view old_password, std::string_view new_password,
                         std::optional<std::string_view> keep_session_id = std::nullopt);
  /// NotFound, LastAdmin. Tokens and sessions of the user are deleted with it.
  Status remove(std::string_view name);
  /// True once any user exists (see ensure_admin).
  Result<bool> has_users();

 private:
  Status store_new_hash(const store::UserRecord& user, const std::string& hash, bool compare_and_set,
                        std::optional<std::string_view> keep_session_id);

  store::Database& db_;
  const PasswordHasher& hasher_;
  VerificationCache& cache_;
  const Clock& clock_;
};

}  // namespace netmeter::auth
