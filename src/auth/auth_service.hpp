#pragma once

#include "auth/authenticator.hpp"
#include "auth/clock.hpp"
#include "auth/password_hasher.hpp"
#include "auth/rate_limiter.hpp"
#include "auth/session_manager.hpp"
#include "auth/token_service.hpp"
#include "auth/user_service.hpp"
#include "auth/verification_cache.hpp"
#include "store/database.hpp"

namespace netmeter::auth {

struct AuthConfig {
  HashCost hash_cost = HashCost::interactive();
  SessionConfig sessions;
  TokenConfig tokens;
  RateLimitConfig rate_limit;
  VerificationCacheConfig verification_cache;
};

/// The authentication and user-management objects, wired together once (app/ builds one and hands
/// references to the API layer). Requires `init_crypto()` to have succeeded. Construction computes
/// one Argon2id hash (the authenticator's dummy). Not movable: the parts refer to each other.
class AuthService {
 public:
  AuthService(store::Database& db, const Clock& clock, AuthConfig config = {});
  AuthService(const AuthService&) = delete;
  AuthService& operator=(const AuthService&) = delete;

  Authenticator& authenticator() { return authenticator_; }
  UserService& users() { return users_; }
  TokenService& tokens() { return tokens_; }
  SessionManager& sessions() { return sessions_; }
  /// Failed-login counters for metrics endpoints.
  RateLimitCounters rate_limit_counters() const { return limiter_.counters(); }
  /// Password guesses outside a login (an `old_password` of a password change) count as failed logins
  /// of the client address too: nullopt when it may try, else the seconds until it may.
  std::optional<std::chrono::seconds> login_blocked(std::string_view address) {
    return limiter_.check(address);
  }
  void record_failed_login(std::string_view address) { limiter_.record_failure(address); }

 private:
  PasswordHasher hasher_;
  VerificationCache cache_;
  LoginRateLimiter limiter_;
  UserService users_;
  TokenService tokens_;
  SessionManager sessions_;
  Authenticator authenticator_;
};

}  // namespace netmeter::auth
