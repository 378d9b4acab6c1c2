#include "auth/user_service.hpp"

#include "auth/crypto.hpp"
#include "auth/network_acl.hpp"
#include "auth/user_rules.hpp"
#include "store/session_repository.hpp"
#include "store/user_repository.hpp"

namespace netmeter::auth {

namespace {

store::Unexpected<Failure> internal(const store::Error& e) {
  return fail(Rc::InternalError, "store: " + e.message);
}

std::optional<UserInfo> to_info(const store::UserRecord& u) {
  auto role = parse_role(u.role);
  if (!role) return std::nullopt;
  const auto granted = Permissions::from_bits(u.permissions);
  return UserInfo{u.id,
                  u.name,
                  u.full_name,
                  *role,
                  granted,
                  effective_permissions(*role, granted),
                  u.allowed_networks,
                  u.allowed_interfaces,
                  u.language,
                  from_epoch_seconds(u.created_at),
                  u.disabled};
}

Result<UserInfo> info_or_error(const store::UserRecord& u) {
  auto info = to_info(u);
  if (!info) return fail(Rc::InternalError, "stored user '" + u.name + "' has an unknown role");
  return std::move(*info);
}

Result<std::vector<std::string>> canonical_networks(const std::vector<std::string>& items) {
  auto parsed = parse_cidr_list(items);
  if (!parsed) return fail(Rc::InvalidArguments, "allowed networks must be CIDRs such as 10.0.0.0/8");
  std::vector<std::string> out;
  for (const auto& cidr : *parsed)
    out.push_back(cidr.to_string());
  return out;
}

Result<Permissions> stored_grants(Permissions granted) {
  if (granted.has(Permission::Admin)) {
    return fail(Rc::InvalidArguments, "the admin permission comes with the admin role, not as a grant");
  }
  return granted & grantable_to_users();
}

Status check_common(const std::string& full_name, const std::string& language) {
  if (!is_valid_label(full_name, kMaxFullNameLength)) {
    return fail(Rc::InvalidArguments, "full name is too long or contains control characters");
  }
  if (!is_valid_language(language)) return fail(Rc::InvalidArguments, "invalid language");
  return {};
}

bool is_enabled_admin(const store::UserRecord& u) {
  return u.role == store::kRoleAdmin && !u.disabled;
}

}  // namespace

Result<std::vector<UserInfo>> UserService::list() {
  auto conn = db_.lock();
  auto users = store::UserRepository(conn).list();
  if (!users) return internal(users.error());
  std::vector<UserInfo> out;
  for (const auto& u : *users) {
    if (auto info = to_info(u)) out.push_back(std::move(*info));
  }
  return out;
}

Result<UserInfo> UserService::get(std::string_view name) {
  auto conn = db_.lock();
  auto user = store::UserRepository(conn).find_by_name(name);
  if (!user) return internal(user.error());
  if (!*user) return fail(Rc::NotFound, "no such user");
  return info_or_error(**user);
}

Result<UserInfo> UserService::add(const NewUser& user) {
  if (!is_valid_user_name(user.name)) {
    return fail(Rc::InvalidArguments, "user name must be 1-64 characters from A-Z a-z 0-9 . _ @ -");
  }
  if (auto problem = password_problem(user.password)) return fail(Rc::InvalidArguments, *problem);
  if (user.confirm_password && *user.confirm_password != user.password) {
    return fail(Rc::PasswordMismatch, "password and confirmation differ");
  }
  if (auto s = check_common(user.full_name, user.language); !s) return unexpected(std::move(s).error());
  auto networks = canonical_networks(user.allowed_networks);
  if (!networks) return unexpected(std::move(networks).error());
  auto grants = stored_grants(user.granted);
  if (!grants) return unexpected(std::move(grants).error());

  // Cheap duplicate check first, so a taken name does not cost an Argon2 hash.
  if (auto existing = get(user.name); existing) return fail(Rc::UserAlreadyExisting, "user already exists");

  auto hash = hasher_.hash(user.password);
  if (!hash) return fail(Rc::InternalError, "password hashing failed");

  store::UserRecord record;
  record.name = user.name;
  record.full_name = user.full_name;
  record.role = std::string(role_name(user.role));
  record.password_hash = std::move(*hash);
  record.permissions = grants->bits();
  record.allowed_networks = std::move(*networks);
  record.allowed_interfaces = user.allowed_interfaces;
  record.language = user.language;
  record.created_at = to_epoch_seconds(clock_.now());

  auto conn = db_.lock();
  auto id = store::UserRepository(conn).insert(record);
  if (!id) {
    if (id.error().is_constraint()) return fail(Rc::UserAlreadyExisting, "user already exists");
    return internal(id.error());
  }
  record.id = *id;
  return info_or_error(record);
}

Result<UserInfo> UserService::edit(std::string_view name, const UserChanges& changes) {
  std::optional<std::vector<std::string>> networks;
  if (changes.allowed_networks) {
    auto canonical = canonical_networks(*changes.allowed_networks);
    if (!canonical) return unexpected(std::move(canonical).error());
    networks = std::move(*canonical);
  }
  std::optional<Permissions> grants;
  if (changes.granted) {
    auto g = stored_grants(*changes.granted);
    if (!g) return unexpected(std::move(g).error());
    grants = *g;
  }

  store::UserRecord record;
  {
    auto conn = db_.lock();
    auto tx = conn.begin();
    if (!tx) return internal(tx.error());
    store::UserRepository users(conn);
    auto found = users.find_by_name(name);
    if (!found) return internal(found.error());
    if (!*found) return fail(Rc::NotFound, "no such user");
    record = std::move(**found);
    const bool was_enabled_admin = is_enabled_admin(record);

    if (changes.full_name) record.full_name = *changes.full_name;
    if (changes.role) record.role = std::string(role_name(*changes.role));
    if (grants) record.permissions = grants->bits();
    if (networks) record.allowed_networks = std::move(*networks);
    if (changes.allowed_interfaces) record.allowed_interfaces = *changes.allowed_interfaces;
    if (changes.language) record.language = *changes.language;
    if (changes.disabled) record.disabled = *changes.disabled;
    if (auto s = check_common(record.full_name, record.language); !s) return unexpected(std::move(s).error());

    if (was_enabled_admin && !is_enabled_admin(record)) {
      auto admins = users.count_enabled_admins();
      if (!admins) return internal(admins.error());
      if (*admins <= 1) return fail(Rc::LastAdmin, "cannot demote or disable the last enabled admin");
    }
    auto updated = users.update(record);
    if (!updated) return internal(updated.error());
    if (auto s = tx->commit(); !s) return internal(s.error());
  }
  cache_.invalidate_user(record.name);
  return info_or_error(record);
}

Status UserService::reset_password(std::string_view name, std::string_view new_password) {
  if (auto problem = password_problem(new_password)) return fail(Rc::InvalidArguments, *problem);
  store::UserRecord user;
  {
    auto conn = db_.lock();
    auto found = store::UserRepository(conn).find_by_name(name);
    if (!found) return internal(found.error());
    if (!*found) return fail(Rc::NotFound, "no such user");
    user = std::move(**found);
  }
  auto hash = hasher_.hash(new_password);
  if (!hash) return fail(Rc::InternalError, "password hashing failed");
  return store_new_hash(user, *hash, false, std::nullopt);
}

Status UserService::change_password(std::string_view name, std::string_view old_password,
                                    std::string_view new_password,
                                    std::optional<std::string_view> keep_session_id) {
  if (auto problem = password_problem(new_password)) return fail(Rc::InvalidArguments, *problem);
  store::UserRecord user;
  {
    auto conn = db_.lock();
    auto found = store::UserRepository(conn).find_by_name(name);
    if (!found) return internal(found.error());
    if (!*found) return fail(Rc::NotFound, "no such user");
    user = std::move(**found);
  }
  if (!hasher_.verify(user.password_hash, old_password)) {
    return fail(Rc::PasswordMismatch, "old password is wrong");
  }
  auto hash = hasher_.hash(new_password);
  if (!hash) return fail(Rc::InternalError, "password hashing failed");
  return store_new_hash(user, *hash, true, keep_session_id);
}

Status UserService::store_new_hash(const store::UserRecord& user, const std::string& hash,
                                   bool compare_and_set, std::optional<std::string_view> keep_session_id) {
  std::optional<store::Digest> keep;
  if (keep_session_id) keep = sha256(*keep_session_id);
  {
    auto conn = db_.lock();
    auto tx = conn.begin();
    if (!tx) return internal(tx.error());
    store::UserRepository users(conn);
    if (compare_and_set) {
      // Only if nobody changed the password since we verified the old one.
      auto replaced = users.replace_password_hash(user.id, user.password_hash, hash);
      if (!replaced) return internal(replaced.error());
      if (!*replaced) return fail(Rc::PasswordMismatch, "the password was changed meanwhile");
    } else {
      auto current = users.find_by_id(user.id);
      if (!current) return internal(current.error());
      if (!*current) return fail(Rc::NotFound, "no such user");
      auto record = std::move(**current);
      record.password_hash = hash;
      if (auto updated = users.update(record); !updated) return internal(updated.error());
    }
    if (auto removed = store::SessionRepository(conn).remove_for_user(user.id, keep); !removed) {
      return internal(removed.error());
    }
    if (auto s = tx->commit(); !s) return internal(s.error());
  }
  cache_.invalidate_user(user.name);
  return {};
}

Status UserService::remove(std::string_view name) {
  {
    auto conn = db_.lock();
    auto tx = conn.begin();
    if (!tx) return internal(tx.error());
    store::UserRepository users(conn);
    auto found = users.find_by_name(name);
    if (!found) return internal(found.error());
    if (!*found) return fail(Rc::NotFound, "no such user");
    if (is_enabled_admin(**found)) {
      auto admins = users.count_enabled_admins();
      if (!admins) return internal(admins.error());
      if (*admins <= 1) return fail(Rc::LastAdmin, "cannot delete the last enabled admin");
    }
    if (auto removed = users.remove((*found)->id); !removed) return internal(removed.error());
    if (auto s = tx->commit(); !s) return internal(s.error());
  }
  cache_.invalidate_user(name);
  return {};
}

Result<bool> UserService::has_users() {
  auto conn = db_.lock();
  auto count = store::UserRepository(conn).count();
  if (!count) return internal(count.error());
  return *count > 0;
}

}  // namespace netmeter::auth
