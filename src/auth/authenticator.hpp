#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "auth/password_hasher.hpp"
#include "auth/principal.hpp"
#include "auth/rate_limiter.hpp"
#include "auth/session_manager.hpp"
#include "auth/token_service.hpp"
#include "auth/verification_cache.hpp"
#include "store/database.hpp"
#include "store/expected.hpp"

namespace netmeter::auth {

/// The raw inputs of one request, as received (the API layer does no parsing).
struct AuthRequest {
  std::string_view authorization;   // Authorization header value; empty if absent
  std::string_view session_cookie;  // value of the `session` cookie; empty if absent
  std::string_view client_address;  // peer address without port, e.g. "192.0.2.7" or "2001:db8::1"
};

enum class AuthFailureReason {
  Missing,      // no credentials: 401 with WWW-Authenticate
  Invalid,      // wrong, unknown, expired or malformed credentials: 401
  RateLimited,  // too many failures from this address: 429 with Retry-After
  Internal,     // the store failed: 500 (nothing was decided about the caller)
};

struct AuthFailure {
  AuthFailureReason reason = AuthFailureReason::Invalid;
  std::chrono::seconds retry_after{0};  // RateLimited only
};

using AuthOutcome = store::Expected<Principal, AuthFailure>;

std::string_view auth_failure_name(AuthFailureReason reason);  // "missing", "invalid", ...

/// Decides who a request is.
///
/// An Authorization header wins over a session cookie; when it is present but wrong the cookie is
/// not tried. Basic and token attempts from an address blocked by the rate limiter are refused
/// before any verification, and every failed Basic or token attempt (including a malformed header)
/// counts as a failure. Session cookies are neither counted nor blocked: 256-bit ids cannot be
/// guessed, and browsers keep sending stale cookies, which must not lock out an address (often a NAT
/// shared with other users).
///
/// Basic: the verification cache answers repeat requests; otherwise the user is loaded and the
/// password verified with Argon2id outside the database lock. An unknown user costs one Argon2id
/// verification against a dummy hash too, so timing does not reveal which names exist. A hash made
/// with older cost parameters is upgraded after a successful verification. Thread-safe.
class Authenticator {
 public:
  /// The parts it coordinates (owned elsewhere, e.g. by AuthService; must outlive it).
  struct Parts {
    store::Database& db;
    const PasswordHasher& hasher;
    VerificationCache& cache;
    LoginRateLimiter& limiter;
    TokenService& tokens;
    SessionManager& sessions;
  };

  explicit Authenticator(Parts parts);

  AuthOutcome authenticate(const AuthRequest& request);

 private:
  AuthOutcome basic(const std::string& user, const std::string& password, std::string_view address);
  AuthOutcome token(const std::string& secret, std::string_view address);
  AuthOutcome session(std::string_view session_id);
  AuthOutcome failed(std::string_view address);
  void upgrade_hash(const store::UserRecord& user, std::string_view password);

  Parts parts_;
  std::string dummy_hash_;
};

}  // namespace netmeter::auth
