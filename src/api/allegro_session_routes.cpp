// Allegro sessions: create, list, end one, logout.
#include <boost/json.hpp>

#include "api/dialect.hpp"
#include "api/routes.hpp"
#include "api/session_requests.hpp"
#include "api/user_requests.hpp"

namespace netmeter::api {

namespace json = boost::json;

namespace {

http::Response failed(const auth::Failure& f) {
  return allegro_error(status_of(f.rc), f.message);
}

json::object session_json(const auth::SessionInfo& s, const auth::Principal& caller) {
  json::object o{{"id", s.id},
                 {"user", s.user},
                 {"created", epoch_seconds(s.created)},
                 {"expires", epoch_seconds(s.expires)},
                 {"clientAddress", s.client_address},
                 {"userAgent", s.user_agent},
                 {"permissions", permission_list(s.permissions)},
                 {"origin", s.origin},
                 {"current", caller.session_row_id == s.id}};
  o["lastSeen"] = s.last_used ? json::value(epoch_seconds(*s.last_used)) : json::value(nullptr);
  return o;
}

http::Response create(ApiServices& s, Call& call) {
  auto session = create_session(s.auth, call, call.params.non_empty("user"), "duration");
  if (!session) return failed(session.error());
  auto r = json_response(201, json::object{{"id", session->row_id},
                                           {"session", session->id},
                                           {"csrf", session->csrf_token},
                                           {"expires", epoch_seconds(session->expires)},
                                           {"permissions", permission_list(session->permissions)}});
  r.add_header("Set-Cookie", session_cookie(*session, call.request.tls));
  return r;
}

http::Response list(ApiServices& s, Call& call) {
  auto sessions = list_sessions(s.auth, call);
  if (!sessions) return failed(sessions.error());
  json::array out;
  for (const auto& session : *sessions)
    out.push_back(session_json(session, *call.principal));
  return json_response(200, out);
}

http::Response end(ApiServices& s, Call& call) {
  auto id = call.path_param("id");
  bool current = call.principal->session_row_id && std::to_string(*call.principal->session_row_id) == id;
  auto ended = end_session(s.auth, call, id);
  if (!ended) return failed(ended.error());
  auto r = json_response(200, json::object{{"deleted", std::stoll(std::string(id))}});
  if (current) r.add_header("Set-Cookie", expired_session_cookie(call.request.tls));
  return r;
}

http::Response logout(ApiServices& s, Call& call) {
  auto ended = end_current_session(s.auth, call);
  if (!ended) return failed(ended.error());
  auto r = json_response(200, json::object{{"loggedOut", true}});
  r.add_header("Set-Cookie", expired_session_cookie(call.request.tls));
  return r;
}

}  // namespace

void register_allegro_session_routes(RouteTree& tree, ApiServices& s) {
  tree.add("GET", "/API/system/sessions", {[&s](Call& c) { return list(s, c); }, Need::authenticated});
  tree.add("POST", "/API/system/sessions", {[&s](Call& c) { return create(s, c); }, Need::authenticated});
  tree.add("DELETE", "/API/system/sessions/:id", {[&s](Call& c) { return end(s, c); }, Need::authenticated});
  tree.add("POST", "/API/system/logout", {[&s](Call& c) { return logout(s, c); }, Need::authenticated});
}

}  // namespace netmeter::api
