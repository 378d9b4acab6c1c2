#include "auth/user_rules.hpp"

#include <algorithm>
#include <cctype>

namespace netmeter::auth {

bool is_valid_user_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxUserNameLength) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '.' || c == '_' || c == '@' || c == '-';
  });
}

std::optional<std::string> password_problem(std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return "password must have at least " + std::to_string(kMinPasswordLength) + " characters";
  }
  if (password.size() > kMaxPasswordLength) {
    return "password must have at most " + std::to_string(kMaxPasswordLength) + " characters";
  }
  if (password.find('\0') != std::string_view::npos) return "password must not contain NUL characters";
  return std::nullopt;
}

bool is_valid_language(std::string_view language) {
  if (language.size() < 2 || language.size() > 8) return false;
  return std::all_of(language.begin(), language.end(), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

bool is_valid_label(std::string_view text, std::size_t max_length) {
  if (text.size() > max_length) return false;
  return std::none_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

}  // namespace netmeter::auth
