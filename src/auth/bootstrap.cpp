#include "auth/bootstrap.hpp"

#include "auth/crypto.hpp"

namespace netmeter::auth {

Result<std::optional<std::string>> ensure_admin(UserService& users,
                                                std::optional<std::string_view> password) {
  auto exists = users.has_users();
  if (!exists) return unexpected(std::move(exists).error());
  if (*exists) return std::optional<std::string>();

  std::optional<std::string> generated;
  NewUser admin;
  admin.name = std::string(kBootstrapAdminName);
  admin.full_name = "Administrator";
  admin.role = Role::Admin;
  if (password) {
    admin.password = std::string(*password);
  } else {
    generated = random_password(kGeneratedPasswordLength);
    admin.password = *generated;
  }
  auto added = users.add(admin);
  if (!added) return unexpected(std::move(added).error());
  return generated;
}

}  // namespace netmeter::auth
