#include "api/session_requests.hpp"

#include <algorithm>
#include <charconv>

namespace netmeter::api {

namespace {

bool acts_for_others(const auth::Principal& caller) {
  return caller.has(auth::Permission::Admin) && !caller.delegated;
}

}  // namespace

auth::Result<auth::NewSession> create_session(auth::AuthService& auth, const Call& call,
                                              std::optional<std::string_view> user,
                                              std::string_view duration_key) {
  const auth::Principal& caller = *call.principal;
  auth::SessionRequest request;
  request.user = caller.user_name;
  if (user && *user != caller.user_name) {
    if (!acts_for_others(caller))
      return auth::fail(auth::Rc::NotGranted,
                        "only admins signed in with their password create sessions for others");
    request.user = std::string(*user);
  }
  auto duration = call.params.integer(duration_key, 0, kMaxAskedSessionSeconds);
  if (duration.error) return auth::fail(auth::Rc::InvalidArguments, *duration.error);
  if (duration.value) request.duration = std::chrono::seconds(*duration.value);
  if (auto text = call.params.non_empty("permissions")) {
    auto parsed = auth::Permissions::parse(*text);
    if (!parsed)
      return auth::fail(auth::Rc::InvalidArguments, "unknown permission in '" + std::string(*text) + "'");
    request.permissions = *parsed;
  }
  request.from = auth::Derivation::from(caller);
  request.client_address = call.request.client_address;
  request.user_agent = std::string(call.request.header("User-Agent").value_or(""));
  return auth.sessions().create(request);
}

std::string session_cookie(const auth::NewSession& session, bool tls) {
  auto max_age =
      std::chrono::duration_cast<std::chrono::seconds>(session.expires - std::chrono::system_clock::now());
  std::string cookie = "session=" + session.id + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                       std::to_string(std::max<int64_t>(1, max_age.count()));
  if (tls) cookie += "; Secure";
  return cookie;
}

std::string expired_session_cookie(bool tls) {
  std::string cookie = "session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
  if (tls) cookie += "; Secure";
  return cookie;
}

auth::Status end_current_session(auth::AuthService& auth, const Call& call) {
  const auth::Principal& caller = *call.principal;
  if (caller.method != auth::AuthMethod::Session)
    return auth::fail(auth::Rc::InvalidArguments, "this request was not authenticated by a session cookie");
  return auth.sessions().destroy(caller.session_id);
}

auth::Result<std::vector<auth::SessionInfo>> list_sessions(auth::AuthService& auth, const Call& call) {
  const auth::Principal& caller = *call.principal;
  std::optional<std::string_view> owner = caller.user_name;
  if (caller.has(auth::Permission::Admin)) {
    if (call.params.flag("all").value_or(false)) owner.reset();
    if (auto name = call.params.non_empty("username")) owner = *name;
  }
  return auth.sessions().list(owner);
}

auth::Status end_session(auth::AuthService& auth, const Call& call, std::string_view id_text) {
  int64_t id = 0;
  auto [p, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc() || p != id_text.data() + id_text.size())
    return auth::fail(auth::Rc::NotFound, "no such session");
  std::optional<std::string_view> owner = call.principal->user_name;
  if (call.principal->has(auth::Permission::Admin)) owner.reset();
  return auth.sessions().end(id, owner);
}

}  // namespace netmeter::api
