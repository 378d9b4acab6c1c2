#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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
};

/// What `create_session` hands out once: the cookie value and the CSRF token.
struct NewSession {
  std::string id;          // value of the `session` cookie; 32 random bytes, base64url
  std::string csrf_token;  // to be sent back with state-changing requests
  TimePoint expires;
};

/// Cookie sessions (`Cookie: session=<id>`), persisted in the store so a restart does not log the
/// web UI out. Only the SHA-256 digest of a session id is stored. Expiry is absolute (no sliding)
/// and follows the injected clock. A session authenticates as its user with the user's *current*
/// role and permissions; a disabled user's sessions do not authenticate, a deleted user's are gone.
/// Thread-safe.
class SessionManager {
 public:
  SessionManager(store::Database& db, const Clock& clock, SessionConfig config = {})
      : db_(db), clock_(clock), config_(config) {}

  /// A new session for `user`. `duration` overrides the configured lifetime for this session (the
  /// `auth_session_duration` parameter of ntopng's create/session endpoint), clamped to
  /// [1 s, max_duration]; none or 0 means the configured lifetime (ntopng's 0 = "never expires" is
  /// deliberately not honoured). NotFound (no such user), NotGranted (user disabled).
  Result<NewSession> create_session(std::string_view user,
                                    std::optional<std::chrono::seconds> duration = std::nullopt);
  /// The principal of a live session, or nullopt (unknown, expired, user disabled). An expired
  /// session found here is deleted.
  Result<std::optional<Principal>> authenticate(std::string_view session_id);
  /// Logout. NotFound when the session does not exist.
  Status destroy(std::string_view session_id);
  /// Deletes expired sessions; returns how many (also done on every create).
  Result<int64_t> purge_expired();

  const SessionConfig& config() const { return config_; }

 private:
  store::Database& db_;
  const Clock& clock_;
  SessionConfig config_;
};

}  // namespace netmeter::auth
