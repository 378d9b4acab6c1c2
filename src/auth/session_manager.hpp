#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/clock.hpp"
#include "auth/principal.hpp"
#include "auth/rc.hpp"
#include "store/database.hpp"

namespace netmeter::auth {

struct SessionConfig {
  /// Lifetime of a session: ntopng's `auth_session_duration` setting (seconds).
  std::chrono::seconds duration{3600};
  /// Upper bound for a duration requested per session.
  std::chrono::seconds max_duration{7 * 24 * 3600};
  /// Sessions kept per user; creating one more drops the one expiring first.
  int64_t max_per_user = 32;
  /// `last used` is written at most this often per session (every write is an fsync).
  std::chrono::seconds last_used_resolution{60};
};

/// What `create` hands out once: the cookie value and the CSRF token.
struct NewSession {
  int64_t row_id = 0;      // the session's id in lists (not a secret)
  std::string id;          // value of the `session` cookie; 32 random bytes, base64url
  std::string csrf_token;  // to be sent back with state-changing requests
  TimePoint expires;
  Permissions permissions;  // its cap (all: as its user)
};

/// A session to create.
struct SessionRequest {
  std::string user;
  /// Overrides the configured lifetime, clamped to [1 s, max_duration]; none or 0: the configured one
  /// (ntopng's 0 = "never expires" is deliberately not honoured).
  std::optional<std::chrono::seconds> duration;
  /// Narrower rights than the creator's (NotGranted when wider, InvalidArguments when empty).
  std::optional<Permissions> permissions;
  /// The credential that asks (Derivation::from(principal)); default: the password.
  Derivation from;
  std::string client_address;  // shown in session lists
  std::string user_agent;
};

/// A session as listed to its user or an admin: never its secret.
struct SessionInfo {
  int64_t id = 0;
  std::string user;
  TimePoint created;
  TimePoint expires;
  std::optional<TimePoint> last_used;
  std::string client_address;
  std::string user_agent;
  Permissions permissions;  // its cap narrowed by the user's current permissions
  std::string origin;       // "password", "token" or "session": what it was made with
};

/// Cookie sessions (`Cookie: session=<id>`), persisted in the store so a restart does not log the
/// web UI out. Only the SHA-256 digest of a session id is stored. Expiry is absolute (no sliding)
/// and follows the injected clock. A session authenticates as its user with the user's *current*
/// permissions narrowed by the session's cap; a disabled user's sessions do not authenticate, a deleted
/// user's are gone. A session made with a token or another session (see Derivation) carries at most its
/// parent's rights, ends no later than it, and is deleted with it, as is everything made with a session
/// when it ends. Thread-safe.
class SessionManager {
 public:
  /// `credentials_removed` is called after sessions were deleted (logout, end, trimming): tokens made
  /// with them went too, and a cache of token verifications must forget them.
  SessionManager(store::Database& db, const Clock& clock, SessionConfig config = {},
                 std::function<void()> credentials_removed = {})
      : db_(db), clock_(clock), config_(config), credentials_removed_(std::move(credentials_removed)) {}

  /// NotFound (no such user), NotGranted (user disabled, or wider than the creator), InvalidArguments.
  Result<NewSession> create(const SessionRequest& request);
  /// A password-made session for `user` (create() with defaults).
  Result<NewSession> create_session(std::string_view user,
                                    std::optional<std::chrono::seconds> duration = std::nullopt);
  /// The principal of a live session, or nullopt (unknown, expired, user disabled). An expired
  /// session found here is deleted.
  Result<std::optional<Principal>> authenticate(std::string_view session_id);
  /// Logout: ends the session with this cookie value. NotFound when the session does not exist.
  Status destroy(std::string_view session_id);
  /// Sessions of `owner` (NotFound if no such user), or everyone's.
  Result<std::vector<SessionInfo>> list(std::optional<std::string_view> owner);
  /// Ends a session by its id; with `owner`, only one of theirs (NotFound otherwise).
  Status end(int64_t id, std::optional<std::string_view> owner);
  /// Deletes expired sessions; returns how many (also done on every create).
  Result<int64_t> purge_expired();

  const SessionConfig& config() const { return config_; }

 private:
  void removed() const {
    if (credentials_removed_) credentials_removed_();
  }

  store::Database& db_;
  const Clock& clock_;
  SessionConfig config_;
  std::function<void()> credentials_removed_;
};

}  // namespace netmeter::auth
