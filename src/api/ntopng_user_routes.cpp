#include <boost/json.hpp>
#include <string>

#include "api/dialect.hpp"
#include "api/routes.hpp"
#include "api/user_requests.hpp"

namespace netmeter::api {

namespace json = boost::json;

namespace {

json::object user_json(const auth::UserInfo& u) {
  std::string networks;
  for (const auto& n : u.allowed_networks)
    networks += (networks.empty() ? "" : ",") + n;
  std::string slots;
  for (auto i : u.allowed_interfaces)
    slots += (slots.empty() ? "" : ",") + std::to_string(i);
  return json::object{
      {"username", u.name},
      {"full_name", u.full_name},
      {"user_role", u.role == auth::Role::Admin ? "administrator" : "unprivileged"},
      {"allowed_networks", networks.empty() ? "0.0.0.0/0,::/0" : networks},
      {"allowed_interface", slots},
      {"allow_pcap_download", u.effective.has(auth::Permission::Pcap)},
      {"allow_upload", u.effective.has(auth::Permission::Upload)},
      {"user_language", u.language},
      {"disabled", u.disabled},
      {"created", epoch_seconds(u.created)},
  };
}

http::Response failed(const auth::Failure& f, NtopRc fallback) {
  return ntop_error(ntop_rc_of(f.rc, fallback), f.message);
}

http::Response list_users(ApiServices& s) {
  auto users = s.auth.users().list();
  if (!users) return failed(users.error(), NtopRc::InternalError);
  json::array out;
  for (const auto& u : *users)
    out.push_back(user_json(u));
  return ntop_ok(out);
}

http::Response add_user(ApiServices& s, Call& call) {
  auto user = new_user_from(call.params, kNtopngUserFields);
  if (!user) return failed(user.error(), NtopRc::AddUserFailed);
  auto added = s.auth.users().add(*user);
  if (!added) return failed(added.error(), NtopRc::AddUserFailed);
  return ntop_ok(user_json(*added));
}

// A self password change proves the old password: a guess that fails counts as a failed login of the
// client address, and a blocked address may not guess at all.
http::Response change_own_password(ApiServices& s, Call& call, std::string_view name,
                                   std::string_view password) {
  const auto& caller = *call.principal;
  auto old = call.params.get("old_password");
  if (!old) return ntop_error(NtopRc::InvalidArguments, "old_password is required");
  const std::string& address = call.request.client_address;
  if (auto wait = s.auth.login_blocked(address)) {
    auto r = ntop_error(NtopRc::InternalError, "too many failed logins from this address", 429);
    r.set_header("Retry-After", std::to_string(wait->count()));
    return r;
  }
  std::optional<std::string_view> keep;
  if (!caller.session_id.empty()) keep = caller.session_id;
  auto changed = s.auth.users().change_password(name, *old, password, keep);
  if (!changed && changed.error().rc == auth::Rc::PasswordMismatch) s.auth.record_failed_login(address);
  if (!changed) return failed(changed.error(), NtopRc::EditUserFailed);
  return ntop_ok(json::array());
}

// Admins edit anyone; others may only change their own password, proving the old one.
http::Response edit_user(ApiServices& s, Call& call) {
  const auto& caller = *call.principal;
  bool admin = caller.has(auth::Permission::Admin);
  auto name = call.params.non_empty("username");
  if (!name) return ntop_error(NtopRc::InvalidArguments, "username is required");
  auto password = call.params.get("password");
  // Without admin rights only the own password may change, and not with a credential made from an API
  // token (it stands for a narrower grant than the account itself).
  if (!admin && (*name != caller.user_name || caller.delegated || !password))
    return ntop_error(NtopRc::NotGranted, "admin permission required");
  auto current = s.auth.users().get(*name);
  if (!current) return failed(current.error(), NtopRc::EditUserFailed);

  if (password) {
    auto confirm = call.params.get("confirm_password");
    if (confirm && *confirm != *password) return ntop_error(NtopRc::PasswordMismatch, "passwords differ");
    if (!admin || call.params.get("old_password")) {
      auto r = change_own_password(s, call, *name, *password);
      if (!admin || r.status != 200) return r;
    } else {
      auto changed = s.auth.users().reset_password(*name, *password);
      if (!changed) return failed(changed.error(), NtopRc::EditUserFailed);
    }
  }
  if (!admin) return ntop_ok(json::array());

  auto changes = user_changes_from(call.params, kNtopngUserFields, *current);
  if (!changes) return failed(changes.error(), NtopRc::EditUserFailed);
  auto edited = s.auth.users().edit(*name, *changes);
  if (!edited) return failed(edited.error(), NtopRc::EditUserFailed);
  return ntop_ok(user_json(*edited));
}

http::Response delete_user(ApiServices& s, Call& call) {
  auto name = call.params.non_empty("username");
  if (!name) return ntop_error(NtopRc::InvalidArguments, "username is required");
  auto removed = s.auth.users().remove(*name);
  if (!removed) return failed(removed.error(), NtopRc::DeleteUserFailed);
  return ntop_ok(json::array());
}

http::Response create_api_token(ApiServices& s, Call& call) {
  auto token = create_token(s.auth, call, call.params.non_empty("username"));
  if (!token) return failed(token.error(), NtopRc::InternalError);
  json::object o{{"api_token", token->secret},
                 {"id", token->id},
                 {"permissions", permission_list(token->permissions)},
                 {"created", epoch_seconds(token->created)}};
  if (token->expires) o["expires"] = epoch_seconds(*token->expires);
  return ntop_ok(o);
}

}  // namespace

void register_ntopng_user_routes(RouteTree& tree, ApiServices& s) {
  for (const char* method : {"GET", "POST"})
    add_ntopng(tree, method, "get/ntopng/users.lua", {[&s](Call&) { return list_users(s); }, Need::admin});
  add_ntopng(tree, "POST", "add/ntopng/user.lua", {[&s](Call& c) { return add_user(s, c); }, Need::admin});
  add_ntopng(tree, "POST", "edit/ntopng/user.lua",
             {[&s](Call& c) { return edit_user(s, c); }, Need::authenticated});
  add_ntopng(tree, "POST", "delete/ntopng/user.lua",
             {[&s](Call& c) { return delete_user(s, c); }, Need::admin});
  add_ntopng(tree, "POST", "create/ntopng/api_token.lua",
             {[&s](Call& c) { return create_api_token(s, c); }, Need::authenticated});
}

}  // namespace netmeter::api
