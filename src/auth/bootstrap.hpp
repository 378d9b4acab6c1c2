#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "auth/rc.hpp"
#include "auth/user_service.hpp"

namespace netmeter::auth {

inline constexpr std::string_view kBootstrapAdminName = "admin";
inline constexpr std::size_t kGeneratedPasswordLength = 20;

/// First start: when no user exists, creates the admin user `admin` with `password` (from the
/// environment or a command-line flag; must satisfy the password rules) or, without one, with a
/// random 20-character password that is returned so the caller can print it once. There is never
/// a fixed default password. Returns nullopt when users already exist or the password was given.
Result<std::optional<std::string>> ensure_admin(UserService& users, std::optional<std::string_view> password);

}  // namespace netmeter::auth
