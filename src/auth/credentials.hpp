#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace netmeter::auth {

/// Longest Authorization header value we look at; longer ones are rejected unparsed.
inline constexpr std::size_t kMaxAuthorizationLength = 4096;

/// `Basic base64(user:password)`.
struct BasicCredentials {
  std::string user;
  std::string password;
};

/// `Bearer <token>` or `Token <token>` (Allegro and ntopng spellings).
struct TokenCredentials {
  std::string token;
};

using Credentials = std::variant<BasicCredentials, TokenCredentials>;

/// Parses an Authorization header value. The scheme is case-insensitive; surrounding whitespace and
/// several spaces after the scheme are accepted. Basic: valid base64 (padding optional) whose text
/// holds a ':' after a non-empty user name with no control characters; the password is everything
/// after the first ':'. Tokens: 1..512 characters of RFC 6750's b64token alphabet. Anything else
/// (unknown scheme, malformed, too long) → nullopt.
std::optional<Credentials> parse_authorization(std::string_view header);

}  // namespace netmeter::auth
