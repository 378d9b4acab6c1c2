#include "api/user_requests.hpp"

#include <boost/json.hpp>
#include <charconv>

namespace netmeter::api {

const UserFieldNames kNtopngUserFields{
    "username",  "password",         "confirm_password",  "old_password",  "full_name",
    "user_role", "allowed_networks", "allowed_interface", "user_language", "allow_pcap_download"};
const UserFieldNames kAllegroUserFields{"name",     "password", "confirmPassword", "oldPassword",
                                        "fullName", "role",     "allowedNetworks", "allowedInterfaces",
                                        "language", "pcap"};

namespace {

std::optional<int64_t> to_int(std::string_view text) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

// Everything (0.0.0.0/0 and ::/0) is stored as "no restriction".
std::vector<std::string> networks_from(std::string_view text) {
  std::vector<std::string> out;
  for (auto& n : split_list(text))
    if (n != "0.0.0.0/0" && n != "::/0") out.push_back(n);
  return out;
}

// Grants from the `permissions` list (Allegro) and the pcap / upload flags (ntopng). `admin` is a role,
// not a grant: asking it for an account of role `user` is refused, never quietly narrowed.
auth::Result<std::optional<auth::Permissions>> grants_from(const Params& params, const UserFieldNames& names,
                                                           auth::Permissions current, auth::Role role) {
  std::optional<auth::Permissions> granted;
  if (auto list = params.get("permissions")) {
    auto parsed = auth::Permissions::parse(*list);
    if (!parsed)
      return auth::fail(auth::Rc::InvalidArguments, "unknown permission in '" + std::string(*list) + "'");
    if (parsed->has(auth::Permission::Admin) && role != auth::Role::Admin)
      return auth::fail(
          auth::Rc::InvalidArguments,
          "the admin permission comes with the admin role; a user account cannot be granted it");
    granted = *parsed & auth::grantable_to_users();
  }
  auto apply = [&](std::optional<bool> flag, auth::Permission p) {
    if (!flag) return;
    auto base = granted.value_or(current);
    granted = *flag ? (base | auth::Permissions{p})
                    : auth::Permissions::from_bits(base.bits() & ~static_cast<uint32_t>(p));
  };
  apply(params.flag(names.pcap), auth::Permission::Pcap);
  apply(params.flag("allow_upload"), auth::Permission::Upload);
  return granted;
}

}  // namespace

auth::Result<std::vector<uint32_t>> parse_slots(std::string_view text) {
  std::vector<uint32_t> out;
  for (auto& item : split_list(text)) {
    auto v = to_int(item);
    if (!v || *v < 0 || *v > 0xffff)
      return auth::fail(auth::Rc::InvalidArguments, "interfaces are slot numbers, got '" + item + "'");
    out.push_back(static_cast<uint32_t>(*v));
  }
  return out;
}

auth::Result<auth::NewUser> new_user_from(const Params& params, const UserFieldNames& names) {
  auth::NewUser user;
  auto name = params.non_empty(names.name);
  auto password = params.get(names.password);
  if (!name || !password)
    return auth::fail(auth::Rc::InvalidArguments, "user name and password are required");
  user.name = std::string(*name);
  user.password = std::string(*password);
  if (auto c = params.get(names.confirm)) user.confirm_password = std::string(*c);
  if (auto f = params.get(names.full_name)) user.full_name = std::string(*f);
  if (auto r = params.non_empty(names.role)) {
    auto role = auth::parse_role(*r);
    if (!role) return auth::fail(auth::Rc::InvalidArguments, "unknown role '" + std::string(*r) + "'");
    user.role = *role;
  }
  if (auto n = params.get(names.networks)) user.allowed_networks = networks_from(*n);
  if (auto i = params.get(names.interfaces)) {
    auto slots = parse_slots(*i);
    if (!slots) return auth::unexpected(std::move(slots).error());
    user.allowed_interfaces = std::move(*slots);
  }
  if (auto l = params.non_empty(names.language)) user.language = std::string(*l);
  auto grants = grants_from(params, names, {}, user.role);
  if (!grants) return auth::unexpected(std::move(grants).error());
  user.granted = grants->value_or(auth::Permissions{});
  return user;
}

auth::Result<auth::UserChanges> user_changes_from(const Params& params, const UserFieldNames& names,
                                                  const auth::UserInfo& current) {
  auth::UserChanges changes;
  if (auto f = params.get(names.full_name)) changes.full_name = std::string(*f);
  if (auto r = params.non_empty(names.role)) {
    auto role = auth::parse_role(*r);
    if (!role) return auth::fail(auth::Rc::InvalidArguments, "unknown role '" + std::string(*r) + "'");
    changes.role = *role;
  }
  if (auto n = params.get(names.networks)) changes.allowed_networks = networks_from(*n);
  if (auto i = params.get(names.interfaces)) {
    auto slots = parse_slots(*i);
    if (!slots) return auth::unexpected(std::move(slots).error());
    changes.allowed_interfaces = std::move(*slots);
  }
  if (auto l = params.non_empty(names.language)) changes.language = std::string(*l);
  if (auto d = params.flag("disabled")) changes.disabled = *d;
  auto grants = grants_from(params, names, current.granted, changes.role.value_or(current.role));
  if (!grants) return auth::unexpected(std::move(grants).error());
  changes.granted = *grants;
  return changes;
}

auth::Result<auth::CreatedToken> create_token(auth::AuthService& auth, const Call& call,
                                              std::optional<std::string_view> owner) {
  const auth::Principal& caller = *call.principal;
  auth::NewToken request;
  request.owner = caller.user_name;
  if (owner && *owner != caller.user_name) {
    if (!caller.has(auth::Permission::Admin) || caller.delegated)
      return auth::fail(auth::Rc::NotGranted,
                        "only admins signed in with their password create tokens for others");
    request.owner = std::string(*owner);
  }
  request.permissions = caller.permissions;
  if (auto text = call.params.get("permissions")) {
    auto parsed = auth::Permissions::parse(*text);
    if (!parsed)
      return auth::fail(auth::Rc::InvalidArguments, "unknown permission in '" + std::string(*text) + "'");
    request.permissions = *parsed;
  }
  // A token never carries more than whoever asks for it (a token minting tokens stays within its set);
  // the token service checks the owner's permissions too.
  if (!request.permissions.is_subset_of(caller.permissions))
    return auth::fail(auth::Rc::NotGranted, "a token cannot have permissions its creator does not have");
  if (auto d = call.params.get("description")) request.description = std::string(*d);
  auto expires = call.params.integer("expires", 1, kLatestExpiry);
  if (expires.error)
    return auth::fail(auth::Rc::InvalidArguments, "expires (epoch seconds): " + *expires.error);
  if (expires.value) request.expires = auth::from_epoch_seconds(*expires.value);
  request.from = auth::Derivation::from(caller);
  return auth.tokens().create(request);
}

boost::json::array permission_list(auth::Permissions permissions) {
  boost::json::array out;
  for (auto p : {auth::Permission::ReadStats, auth::Permission::Pcap, auth::Permission::Upload,
                 auth::Permission::Admin})
    if (permissions.has(p)) out.emplace_back(auth::permission_name(p));
  return out;
}

int64_t epoch_seconds(auth::TimePoint t) {
  return auth::to_epoch_seconds(t);
}

}  // namespace netmeter::api
