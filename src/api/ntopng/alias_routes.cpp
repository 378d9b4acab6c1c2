// set/host/alias.lua: the name a user gives a host, stored in SQLite and shown as the host's name in both
// dialects (see docs/ntopng/alias.md).

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/common/host_alias_book.hpp"
#include "api/dialect.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/ntopng/ntopng_routes.hpp"
#include "api/routes.hpp"
#include "query/hosts.hpp"

namespace netmeter::api::ntopng {

namespace {

namespace json = boost::json;

/// Longest alias kept, in bytes (ntopng has no limit; names are shown in every host list).
constexpr size_t kMaxAliasBytes = 255;

/// The parameters of the body alone: ntopng's script reads `_POST`, so query-string values are ignored
/// (a `?host=..&custom_name=..` is a request without parameters there, and here).
Params body_params(const http::Request& request) {
  http::Request body_only;
  static_cast<http::RequestHead&>(body_only) = request;
  body_only.query.clear();
  body_only.raw_query.clear();
  body_only.body = request.body;
  body_only.form_fields = request.form_fields;
  Params params;
  params.parse(body_only);  // the handler parsed the whole request already: this subset parses too
  return params;
}

bool has_control_character(std::string_view text) {
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

http::Response set_alias(HostAliasBook& book, Call& call) {
  const Params params = body_params(call.request);
  auto host = params.non_empty("host");
  if (!host) return invalid_arguments("host is required");
  auto key = query::parse_host_key(*host);
  if (!key) return invalid_arguments("host must be an IP address or ip@vlan");
  auto name = params.get("custom_name");
  if (!name) return invalid_arguments("custom_name is required (empty: remove the alias)");
  if (name->size() > kMaxAliasBytes) return invalid_arguments("custom_name is longer than 255 bytes");
  if (has_control_character(*name)) return invalid_arguments("custom_name contains control characters");
  // ntopng keys the alias by the address alone: the VLAN of ip@vlan is accepted and not kept.
  if (auto stored = book.set(key->ip, std::string(*name)); !stored)
    return ntop_error(NtopRc::InternalError, "the alias could not be stored");
  return ntop_ok(json::array());
}

}  // namespace

void register_alias_routes(RouteTree& tree, ApiServices& services) {
  if (!services.aliases) return;
  HostAliasBook& book = *services.aliases;
  add_ntopng(tree, "POST", "set/host/alias.lua",
             {[&book](Call& c) { return set_alias(book, c); }, Need::admin});
}

}  // namespace netmeter::api::ntopng
