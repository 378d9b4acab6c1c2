#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/call.hpp"
#include "auth/auth_service.hpp"
#include "http/response.hpp"

namespace netmeter::api {

/// Longest session lifetime a client may ask for (then clamped to the configured maximum); beyond it the
/// number is refused rather than clamped, as a sign of a client bug.
constexpr int64_t kMaxAskedSessionSeconds = 365 * 24 * 3600;

/// Creates a session for the caller (or, for an admin holding the account itself, for `user`), derived
/// from the credential of the call: never more rights than it, never longer than it. `duration_key`
/// names the lifetime parameter (`auth_session_duration`, `duration`); `permissions` may narrow it.
auth::Result<auth::NewSession> create_session(auth::AuthService& auth, const Call& call,
                                              std::optional<std::string_view> user,
                                              std::string_view duration_key);

/// Set-Cookie for a new session, and the one that removes the cookie (logout).
std::string session_cookie(const auth::NewSession& session, bool tls);
std::string expired_session_cookie(bool tls);

/// The session of the call ends (logout). NotFound when the call was not authenticated by a session.
auth::Status end_current_session(auth::AuthService& auth, const Call& call);

/// Which sessions a listing shows: the caller's own; admins may name another user or ask for all.
auth::Result<std::vector<auth::SessionInfo>> list_sessions(auth::AuthService& auth, const Call& call);

/// Ends session `id`: one of the caller's own, or anyone's for an admin.
auth::Status end_session(auth::AuthService& auth, const Call& call, std::string_view id);

}  // namespace netmeter::api
