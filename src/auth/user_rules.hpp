#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace netmeter::auth {

inline constexpr std::size_t kMaxUserNameLength = 64;
inline constexpr std::size_t kMinPasswordLength = 8;
inline constexpr std::size_t kMaxPasswordLength = 1024;  // Basic headers are capped anyway
inline constexpr std::size_t kMaxFullNameLength = 128;
inline constexpr std::size_t kMaxDescriptionLength = 256;

/// 1–64 characters from [A-Za-z0-9._@-].
bool is_valid_user_name(std::string_view name);
/// Why a password is refused (too short / too long / contains NUL), or nullopt if acceptable.
std::optional<std::string> password_problem(std::string_view password);
/// A short language tag: 2–8 characters from [A-Za-z_-] ("en", "de", "pt-BR").
bool is_valid_language(std::string_view language);
/// Free text shown in lists (full names, token descriptions): bounded, no control characters.
bool is_valid_label(std::string_view text, std::size_t max_length);

}  // namespace netmeter::auth
