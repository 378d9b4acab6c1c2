#include <boost/json.hpp>
#include <charconv>
#include <string>

#include "api/dialect.hpp"
#include "api/routes.hpp"
#include "api/user_requests.hpp"

namespace netmeter::api {

namespace json = boost::json;

namespace {

json::object user_json(const auth::UserInfo& u) {
  json::array networks;
  for (const auto& n : u.allowed_networks)
    networks.emplace_back(n);
  json::array slots;
  for (auto i : u.allowed_interfaces)
    slots.emplace_back(i);
  return json::object{
      {"name", u.name},
      {"fullName", u.full_name},
      {"role", auth::role_name(u.role)},
      {"permissions", permission_list(u.effective)},
      {"allowedNetworks", std::move(networks)},
      {"allowedInterfaces", std::move(slots)},
      {"language", u.language},
      {"disabled", u.disabled},
      {"created", epoch_seconds(u.created)},
  };
}

json::object token_json(const auth::TokenInfo& t) {
  json::object o{{"id", t.id},
                 {"owner", t.owner},
                 {"permissions", permission_list(t.permissions)},
                 {"effectivePermissions", permission_list(t.effective)},
                 {"description", t.description},
                 {"created", epoch_seconds(t.created)},
                 {"expired", t.expired}};
  o["expires"] = t.expires ? json::value(epoch_seconds(*t.expires)) : json::value(nullptr);
  o["lastUsed"] = t.last_used ? json::value(epoch_seconds(*t.last_used)) : json::value(nullptr);
  return o;
}

http::Response failed(const auth::Failure& f) {
  return allegro_error(status_of(f.rc), f.message);
}

http::Response list_users(ApiServices& s) {
  auto users = s.auth.users().list();
  if (!users) return failed(users.error());
  json::array out;
  for (const auto& u : *users)
    out.push_back(user_json(u));
  return json_response(200, out);
}

http::Response add_user(ApiServices& s, Call& call) {
  auto user = new_user_from(call.params, kAllegroUserFields);
  if (!user) return failed(user.error());
  auto added = s.auth.users().add(*user);
  if (!added) return failed(added.error());
  return json_response(201, user_json(*added));
}

http::Response delete_user(ApiServices& s, Call& call) {
  auto removed = s.auth.users().remove(call.path_param("name"));
  if (!removed) return failed(removed.error());
  return json_response(200, json::object{{"deleted", call.path_param("name")}});
}

http::Response create_token_route(ApiServices& s, Call& call) {
  auto token = create_token(s.auth, call, call.params.non_empty("owner"));
  if (!token) return failed(token.error());
  json::object o{{"id", token->id},
                 {"token", token->secret},
                 {"permissions", permission_list(token->permissions)},
                 {"created", epoch_seconds(token->created)}};
  o["expires"] = token->expires ? json::value(epoch_seconds(*token->expires)) : json::value(nullptr);
  return json_response(201, o);
}

// Own tokens; admins see everyone's with all=true.
http::Response list_tokens(ApiServices& s, Call& call) {
  std::optional<std::string_view> owner = call.principal->user_name;
  if (call.principal->has(auth::Permission::Admin) && call.params.flag("all").value_or(false)) owner.reset();
  auto tokens = s.auth.tokens().list(owner);
  if (!tokens) return failed(tokens.error());
  json::array out;
  for (const auto& t : *tokens)
    out.push_back(token_json(t));
  return json_response(200, out);
}

http::Response delete_token(ApiServices& s, Call& call) {
  auto text = call.path_param("id");
  int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || p != text.data() + text.size()) return allegro_error(404, "no such token");
  std::optional<std::string_view> owner = call.principal->user_name;
  if (call.principal->has(auth::Permission::Admin)) owner.reset();
  auto revoked = s.auth.tokens().revoke(id, owner);
  if (!revoked) return failed(revoked.error());
  return json_response(200, json::object{{"deleted", id}});
}

}  // namespace

void register_allegro_user_routes(RouteTree& tree, ApiServices& s) {
  tree.add("GET", "/API/system/users", {[&s](Call&) { return list_users(s); }, Need::admin});
  tree.add("POST", "/API/system/users", {[&s](Call& c) { return add_user(s, c); }, Need::admin});
  tree.add("DELETE", "/API/system/users/:name", {[&s](Call& c) { return delete_user(s, c); }, Need::admin});
  tree.add("GET", "/API/system/tokens", {[&s](Call& c) { return list_tokens(s, c); }, Need::authenticated});
  tree.add("POST", "/API/system/tokens",
           {[&s](Call& c) { return create_token_route(s, c); }, Need::authenticated});
  tree.add("DELETE", "/API/system/tokens/:id",
           {[&s](Call& c) { return delete_token(s, c); }, Need::authenticated});
}

}  // namespace netmeter::api
