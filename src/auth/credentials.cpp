#include "auth/credentials.hpp"

#include <cctype>

#include "auth/crypto.hpp"

namespace netmeter::auth {

namespace {

constexpr std::size_t kMaxTokenLength = 512;

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

bool scheme_is(std::string_view scheme, std::string_view expected) {
  if (scheme.size() != expected.size()) return false;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(scheme[i])) != expected[i]) return false;
  }
  return true;
}

// RFC 6750 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
bool is_b64token(std::string_view t) {
  if (t.empty() || t.size() > kMaxTokenLength) return false;
  std::size_t i = 0;
  for (; i < t.size(); ++i) {
    const auto c = static_cast<unsigned char>(t[i]);
    if (!(std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/')) break;
  }
  if (i == 0) return false;
  for (; i < t.size(); ++i) {
    if (t[i] != '=') return false;
  }
  return true;
}

std::optional<Credentials> parse_basic(std::string_view encoded) {
  auto decoded = decode_base64(encoded);
  if (!decoded) return std::nullopt;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  BasicCredentials basic{decoded->substr(0, colon), decoded->substr(colon + 1)};
  for (char c : basic.user) {
    if (std::iscntrl(static_cast<unsigned char>(c))) return std::nullopt;
  }
  return basic;
}

}  // namespace

std::optional<Credentials> parse_authorization(std::string_view header) {
  if (header.size() > kMaxAuthorizationLength) return std::nullopt;
  header = trim(header);
  std::size_t end = 0;
  while (end < header.size() && !is_space(header[end]))
    ++end;
  const auto scheme = header.substr(0, end);
  const auto rest = trim(header.substr(end));
  if (rest.empty()) return std::nullopt;
  if (scheme_is(scheme, "basic")) return parse_basic(rest);
  if (scheme_is(scheme, "bearer") || scheme_is(scheme, "token")) {
    if (!is_b64token(rest)) return std::nullopt;
    return TokenCredentials{std::string(rest)};
  }
  return std::nullopt;
}

}  // namespace netmeter::auth
