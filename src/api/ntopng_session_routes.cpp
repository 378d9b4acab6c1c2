// ntopng sessions: create (login with other credentials), list, end (logout).
#include <boost/json.hpp>

#include "api/dialect.hpp"
#include "api/routes.hpp"
#include "api/session_requests.hpp"
#include "api/user_requests.hpp"

namespace netmeter::api {

namespace json = boost::json;

namespace {

http::Response failed(const auth::Failure& f, NtopRc fallback) {
  if (f.rc == auth::Rc::NotFound) return ntop_error(NtopRc::NotFound, f.message);
  return ntop_error(ntop_rc_of(f.rc, fallback), f.message);
}

json::object session_json(const auth::SessionInfo& s, const auth::Principal& caller) {
  json::object o{{"id", s.id},
                 {"username", s.user},
                 {"created", epoch_seconds(s.created)},
                 {"expires", epoch_seconds(s.expires)},
                 {"client_address", s.client_address},
                 {"user_agent", s.user_agent},
                 {"permissions", permission_list(s.permissions)},
                 {"origin", s.origin},
                 {"current", caller.session_row_id == s.id}};
  o["last_seen"] = s.last_used ? json::value(epoch_seconds(*s.last_used)) : json::value(nullptr);
  return o;
}

http::Response create(ApiServices& s, Call& call) {
  auto session = create_session(s.auth, call, call.params.non_empty("username"), "auth_session_duration");
  if (!session) return failed(session.error(), NtopRc::NotGranted);
  auto r = ntop_ok(json::object{{"session", session->id},
                                {"csrf", session->csrf_token},
                                {"id", session->row_id},
                                {"expires", epoch_seconds(session->expires)},
                                {"permissions", permission_list(session->permissions)}});
  r.add_header("Set-Cookie", session_cookie(*session, call.request.tls));
  return r;
}

http::Response list(ApiServices& s, Call& call) {
  auto sessions = list_sessions(s.auth, call);
  if (!sessions) return failed(sessions.error(), NtopRc::InternalError);
  json::array out;
  for (const auto& session : *sessions)
    out.push_back(session_json(session, *call.principal));
  return ntop_ok(out);
}

// Without `session_id`: logout (the session of this request); with it: end that session.
http::Response end(ApiServices& s, Call& call) {
  if (auto id = call.params.non_empty("session_id")) {
    bool current = call.principal->session_row_id && std::to_string(*call.principal->session_row_id) == *id;
    auto ended = end_session(s.auth, call, *id);
    if (!ended) return failed(ended.error(), NtopRc::InternalError);
    auto r = ntop_ok(json::array());
    if (current) r.add_header("Set-Cookie", expired_session_cookie(call.request.tls));
    return r;
  }
  auto ended = end_current_session(s.auth, call);
  if (!ended) return failed(ended.error(), NtopRc::InternalError);
  auto r = ntop_ok(json::array());
  r.add_header("Set-Cookie", expired_session_cookie(call.request.tls));
  return r;
}

}  // namespace

void register_ntopng_session_routes(RouteTree& tree, ApiServices& s) {
  for (const char* method : {"GET", "POST"})
    add_ntopng(tree, method, "create/ntopng/session.lua",
               {[&s](Call& c) { return create(s, c); }, Need::authenticated});
  add_ntopng(tree, "GET", "get/ntopng/sessions.lua",
             {[&s](Call& c) { return list(s, c); }, Need::authenticated});
  add_ntopng(tree, "POST", "delete/ntopng/session.lua",
             {[&s](Call& c) { return end(s, c); }, Need::authenticated});
}

}  // namespace netmeter::api
