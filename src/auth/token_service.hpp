#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/clock.hpp"
#include "auth/permissions.hpp"
#include "auth/principal.hpp"
#include "auth/rc.hpp"
#include "auth/token_cache.hpp"
#include "store/database.hpp"

namespace netmeter::auth {

struct TokenConfig {
  int64_t max_per_user = 100;
  /// `last used` is written at most this often per token: with synchronous=FULL every write is an
  /// fsync, which must not happen on every API request.
  std::chrono::seconds last_used_resolution{60};
  /// Recent verifications, so that a token sent on every request skips the store (see TokenCache).
  TokenCacheConfig cache;
};

struct NewToken {
  std::string owner;
  Permissions permissions;  // must be non-empty and within the owner's current permissions and from.cap
  std::string description;
  std::optional<TimePoint> expires;  // none = never (or the parent's expiry); must lie in the future
  Derivation from;                   // the credential that asks (default: the password)
};

/// The result of creating a token: `secret` is shown to the user once and never stored.
struct CreatedToken {
  int64_t id = 0;
  std::string secret;  // 32 random bytes, base64url without padding (43 characters)
  Permissions permissions;
  TimePoint created;
  std::optional<TimePoint> expires;
};

struct TokenInfo {
  int64_t id = 0;
  std::string owner;
  Permissions permissions;  // as chosen at creation
  Permissions effective;    // narrowed by the owner's current permissions
  std::string description;
  TimePoint created;
  std::optional<TimePoint> expires;
  std::optional<TimePoint> last_used;
  bool expired = false;
};

/// API tokens (`Authorization: Bearer|Token <secret>`). Only the SHA-256 digest of a secret is
/// stored; lookups are by digest, and the found digest is compared again in constant time. A token
/// never carries more than its owner: creation rejects a wider set (NotGranted), and at use time the
/// set is intersected with the owner's *current* permissions, so downgrading the owner narrows every
/// token. A disabled owner's tokens do not authenticate; deleting the owner deletes them. Successful
/// verifications are cached for `config.cache.ttl` (TokenCache): revoking a token drops it at once, and
/// any change to a user, seen through `user_changes`, drops every entry. A token made with another
/// token or a session (see Derivation) carries at most its parent's rights, expires no later than it,
/// and is deleted with it. Thread-safe.
class TokenService {
 public:
  /// `user_changes`: the verification cache UserService invalidates on every user change (null: the
  /// token cache only sees revocations, for tests that change no user).
  TokenService(store::Database& db, const Clock& clock, TokenConfig config = {},
               const VerificationCache* user_changes = nullptr)
      : db_(db), clock_(clock), config_(config), cache_(config.cache, clock, user_changes) {}

  /// NotFound (owner), InvalidArguments (empty set, bad description, past expiry, too many tokens),
  /// NotGranted (wider than the owner).
  Result<CreatedToken> create(const NewToken& request);
  /// Tokens of one owner (NotFound if the owner does not exist), or all tokens.
  Result<std::vector<TokenInfo>> list(std::optional<std::string_view> owner);
  /// Deletes a token; with `owner`, only one of theirs (NotFound otherwise).
  Status revoke(int64_t id, std::optional<std::string_view> owner);
  /// The principal a presented secret stands for, or nullopt (unknown, expired, owner disabled).
  Result<std::optional<Principal>> authenticate(std::string_view secret);
  /// Tokens were deleted behind this service's back (with the session they were made with): drop every
  /// cached verification.
  void forget_cached() { cache_.invalidate_all(); }

 private:
  store::Database& db_;
  const Clock& clock_;
  TokenConfig config_;
  TokenCache cache_;
};

}  // namespace netmeter::auth
