#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/connection.hpp"
#include "store/error.hpp"

namespace netmeter::store {

inline constexpr std::string_view kRoleAdmin = "admin";
inline constexpr std::string_view kRoleUser = "user";

/// One row of `users`. Validation (name syntax, password rules, CIDR syntax) is the auth layer's;
/// the store only enforces uniqueness of the name and the role spelling.
struct UserRecord {
  int64_t id = 0;  // assigned by insert()
  std::string name;
  std::string full_name;
  std::string role{kRoleUser};  // kRoleAdmin or kRoleUser
  std::string password_hash;
  uint32_t permissions = 0;                   // extra grants (auth::Permissions bits)
  std::vector<std::string> allowed_networks;  // CIDRs; empty = all
  std::vector<uint32_t> allowed_interfaces;   // analysis slot ids; empty = all
  std::string language{"en"};
  int64_t created_at = 0;  // epoch seconds
  bool disabled = false;
};

/// The `users` table, used through a locked connection: `UserRepository users(conn);`.
class UserRepository {
 public:
  explicit UserRepository(Connection& conn) : conn_(conn) {}

  Result<std::optional<UserRecord>> find_by_name(std::string_view name);
  Result<std::optional<UserRecord>> find_by_id(int64_t id);
  /// All users ordered by name.
  Result<std::vector<UserRecord>> list();
  /// Inserts and returns the new id; a duplicate name fails with a constraint error.
  Result<int64_t> insert(const UserRecord& user);
  /// Rewrites every column but id, name and created_at. False when the id does not exist.
  Result<bool> update(const UserRecord& user);
  /// Sets the hash only if the stored one still equals `expected_hash` (compare-and-set, for
  /// upgrading a hash after a successful login without undoing a concurrent password change).
  Result<bool> replace_password_hash(int64_t id, std::string_view expected_hash, std::string_view new_hash);
  /// Deletes the user; its tokens and sessions go with it (foreign keys). False when absent.
  Result<bool> remove(int64_t id);
  Result<int64_t> count();
  Result<int64_t> count_enabled_admins();

 private:
  Connection& conn_;
};

}  // namespace netmeter::store
