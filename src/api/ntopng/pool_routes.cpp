// ntopng's pools (docs/ntopng/pools.md): add/edit/delete/get of interface, host, local network and active
// monitoring pools; recipients-only edits of the flow, MAC, host pool and system pools (each has its
// Default pool only); get/pools.lua, delete/pools.lua, recipient/pools.lua and the host pool member calls.
// Writes need an administrator (ntopng's pools capability), reads read_stats.
#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "api/dialect.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/ntopng/ntopng_routes.hpp"
#include "api/ntopng/pool_members.hpp"
#include "api/routes.hpp"
#include "store/database.hpp"
#include "store/pool_repository.hpp"

namespace netmeter::api::ntopng {

namespace {

namespace json = boost::json;
using store::PoolRecord;
using store::PoolRefusal;
using store::PoolRepository;

/// ntopng's pool keys; `members`: pools of the type are added, edited and deleted with members, the
/// others (which only have their Default pool) take edits of their recipients alone.
struct PoolKind {
  std::string_view key;
  bool members;
};
constexpr PoolKind kKinds[] = {{"interface", true},         {"host", true},   {"network", true},
                               {"active_monitoring", true}, {"flow", false},  {"mac", false},
                               {"host_pool", false},        {"system", false}};

/// One of rest_utils.consts (ntopng-behaviour.md §0.4) that ntop_ok/ntop_error do not name.
struct PoolRc {
  int rc;
  std::string_view str;
  int status;
};
constexpr PoolRc kAdded{0, "POOL_ADDED_SUCCESSFULLY", 200}, kEdited{0, "POOL_EDITED_SUCCESSFULLY", 200},
    kDeleted{0, "POOL_DELETED_SUCCESSFULLY", 200}, kBound{0, "POOL_MEMBER_BOUND_SUCCESSFULLY", 200},
    kAddFailed{-13, "ADD_POOL_FAILED", 409}, kEditFailed{-14, "EDIT_POOL_FAILED", 409},
    kDeleteFailed{-15, "DELETE_POOL_FAILED", 409}, kNotFound{-16, "POOL_NOT_FOUND", 409},
    kBindFailed{-17, "BIND_POOL_MEMBER_FAILED", 409},
    kAlreadyBound{-18, "BIND_POOL_MEMBER_ALREADY_BOUND", 409},
    kTooMany{-53, "ADD_POOL_FAILED_TOO_MANY_POOLS", 409};

http::Response answer(const PoolRc& rc, std::string_view text, json::value rsp = json::array()) {
  return json_response(rc.status,
                       json::object{{"rc", rc.rc}, {"rc_str", rc.str}, {"rc_str_hr", text}, {"rsp", rsp}});
}

http::Response store_error() {
  return ntop_error(NtopRc::InternalError, "the pools could not be read or stored");
}

json::object pool_json(const PoolRecord& p, bool with_key) {
  json::array members;
  json::object details;
  for (const auto& m : p.members) {
    members.push_back(json::value(m));
    details[m] = pool_member_details(p.type, m);
  }
  json::array recipients;
  for (const auto& r : p.recipients)
    recipients.push_back(json::object{{"recipient_id", r.id}, {"recipient_name", r.name}});
  json::object o{{"pool_id", p.id},
                 {"name", p.name},
                 {"members", members},
                 {"member_details", details},
                 {"recipients", recipients}};
  if (with_key) o["key"] = p.type;
  return o;
}

std::vector<uint32_t> interface_ids(ApiServices& services) {
  std::vector<uint32_t> ids;
  if (services.slots)
    for (const auto& s : services.slots->list())
      ids.push_back(s.id);
  return ids;
}

/// `recipients` (comma-separated ids) into `pool`; the INVALID_ARGUMENTS answer when malformed.
std::optional<http::Response> parse_recipients(const Params& params, PoolRecord& pool) {
  std::string_view text = params.get("recipients").value_or("");
  while (!text.empty()) {
    auto comma = text.find(',');
    std::string item(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    Params one;
    one.add("id", item);
    auto id = one.integer("id", 0, INT32_MAX);
    if (!id.value) return invalid_arguments("recipients must be a comma-separated list of recipient ids");
    pool.recipients.push_back({*id.value, {}});
  }
  return std::nullopt;
}

std::optional<http::Response> check_name(std::string_view name) {
  if (name.empty()) return invalid_arguments("pool_name must not be empty");
  if (name.size() > 128) return invalid_arguments("pool_name is longer than 128 bytes");
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) return invalid_arguments("pool_name contains control characters");
  return std::nullopt;
}

/// The refusal of a write as `failed`; an unknown pool as `not_found` (ntopng's delete names it
/// POOL_NOT_FOUND, its edit EDIT_POOL_FAILED).
http::Response refused(PoolRefusal why, const PoolRc& failed, const PoolRc& not_found) {
  switch (why) {
    case PoolRefusal::NameTaken:
      return answer(failed, "a pool of that type with that name exists already");
    case PoolRefusal::MemberBound:
      return answer(failed, "a member belongs to another pool already");
    case PoolRefusal::UnknownRecipient:
      return invalid_arguments("no recipient with one of the given ids");
    case PoolRefusal::NotFound:
      return answer(not_found, "no pool of that type with that id");
    case PoolRefusal::TooMany:
      return answer(kTooMany, "too many pools of that type (at most 128)");
    case PoolRefusal::DefaultPool:
      return answer(failed, "the Default pool cannot be deleted, renamed or given members");
  }
  return store_error();
}

struct Ctx {
  store::Database& db;
  ApiServices& services;
  PoolKind kind;
};

http::Response add_pool(const Ctx& c, Call& call) {
  auto name = call.params.get("pool_name");
  auto members = call.params.get("pool_members");
  if (!name || !members) return invalid_arguments("pool_name and pool_members are required");
  if (auto bad = check_name(*name)) return std::move(*bad);
  PoolRecord pool{std::string(c.kind.key), 0, std::string(*name), {}, {}};
  if (auto bad = parse_recipients(call.params, pool)) return std::move(*bad);
  auto parsed = parse_pool_members(c.kind.key, *members, interface_ids(c.services));
  if (parsed.error) return answer(kAddFailed, *parsed.error);
  pool.members = std::move(parsed.members);
  auto conn = c.db.lock();
  auto done = PoolRepository(conn).add(pool);
  if (!done) return store_error();
  if (done->refusal) return refused(*done->refusal, kAddFailed, kAddFailed);
  return answer(kAdded, "Pool added successfully", json::object{{"pool_id", done->id}});
}

http::Response edit_pool(const Ctx& c, Call& call) {
  auto id = call.params.integer("pool", 0, INT32_MAX);
  if (!id.value) return invalid_arguments("pool (an id) is required");
  PoolRecord pool{std::string(c.kind.key), *id.value, {}, {}, {}};
  if (auto bad = parse_recipients(call.params, pool)) return std::move(*bad);
  // The Default pool keeps its name and has no members, as ntopng forces them; so do the pool types
  // whose pools are all Default.
  bool recipients_only = !c.kind.members || *id.value == 0;
  auto name = call.params.get("pool_name");
  auto members = call.params.get("pool_members");
  if (c.kind.members && (!name || !members))
    return invalid_arguments("pool_name and pool_members are required");
  if (!recipients_only) {
    if (auto bad = check_name(*name)) return std::move(*bad);
    pool.name = std::string(*name);
    auto parsed = parse_pool_members(c.kind.key, *members, interface_ids(c.services));
    if (parsed.error) return answer(kEditFailed, *parsed.error);
    pool.members = std::move(parsed.members);
  } else if (!members.value_or("").empty()) {
    return answer(kEditFailed, "this pool takes no members");
  }
  auto conn = c.db.lock();
  auto done = PoolRepository(conn).edit(pool, recipients_only);
  if (!done) return store_error();
  if (done->refusal) return refused(*done->refusal, kEditFailed, kEditFailed);
  return answer(kEdited, "Pool edited successfully");
}

http::Response delete_pool(const Ctx& c, Call& call) {
  auto id = call.params.integer("pool", 0, INT32_MAX);
  if (!id.value) return invalid_arguments("pool (an id) is required");
  auto conn = c.db.lock();
  auto done = PoolRepository(conn).remove(c.kind.key, *id.value);
  if (!done) return store_error();
  if (done->refusal) return refused(*done->refusal, kDeleteFailed, kNotFound);
  return answer(kDeleted, "Pool deleted successfully");
}

http::Response get_pools(const Ctx& c, Call& call) {
  auto id = call.params.integer("pool", 0, INT32_MAX);
  if (id.error) return invalid_arguments(*id.error);
  auto conn = c.db.lock();
  PoolRepository repo(conn);
  if (id.value) {
    auto pool = repo.pool(c.kind.key, *id.value);
    if (!pool) return store_error();
    if (!*pool) return answer(kNotFound, "no pool of that type with that id");
    return ntop_ok(json::object{{std::to_string(*id.value), pool_json(**pool, false)}});
  }
  auto all = repo.pools(c.kind.key);
  if (!all) return store_error();
  json::array out;
  for (const auto& p : *all)
    out.push_back(pool_json(p, false));
  return ntop_ok(out);
}

http::Response list_answer(const store::Result<std::vector<PoolRecord>>& pools) {
  if (!pools) return store_error();
  json::array out;
  for (const auto& p : *pools)
    out.push_back(pool_json(p, true));
  return ntop_ok(out);
}

http::Response bind_member(store::Database& db, Call& call) {
  auto id = call.params.integer("pool", 0, INT32_MAX);
  auto member = call.params.get("member");
  if (!id.value || !member) return invalid_arguments("pool and member are required");
  auto normal = normalise_pool_member("host", *member, {});
  if (!normal) return answer(kBindFailed, "not a valid host pool member");
  auto conn = db.lock();
  PoolRepository repo(conn);
  auto done = repo.bind("host", *normal, *id.value, *id.value == 0);
  if (!done) return store_error();
  if (done->refusal == PoolRefusal::MemberBound) {
    auto current = repo.pool("host", *done->bound_to);
    if (!current || !*current) return store_error();
    return answer(kAlreadyBound, "the member belongs to another pool", pool_json(**current, false));
  }
  if (done->refusal) return answer(kBindFailed, "no host pool with that id");
  return answer(kBound, "Pool member bound successfully");
}

http::Response host_pool_members(store::Database& db, Call& call) {
  auto id = call.params.integer("pool", 0, INT32_MAX);
  if (!id.value) return invalid_arguments("pool (an id) is required");
  auto conn = db.lock();
  auto pool = PoolRepository(conn).pool("host", *id.value);
  if (!pool) return store_error();
  if (!*pool) return answer(kNotFound, "no host pool with that id");
  json::array out;
  for (const auto& m : (*pool)->members)
    out.push_back(pool_member_details("host", m));
  return ntop_ok(out);
}

void register_kind(RouteTree& tree, store::Database& db, ApiServices& services, PoolKind kind) {
  auto route = [&db, &services, kind](auto fn, Need need) {
    return Route{[&db, &services, kind, fn](Call& call) { return fn(Ctx{db, services, kind}, call); }, need};
  };
  const std::string k(kind.key);
  add_ntopng(tree, "POST", "edit/" + k + "/pool.lua", route(edit_pool, Need::admin));
  add_ntopng_read(tree, "get/" + k + "/pools.lua", route(get_pools, Need::read_stats));
  if (!kind.members) return;
  add_ntopng(tree, "POST", "add/" + k + "/pool.lua", route(add_pool, Need::admin));
  add_ntopng(tree, "POST", "delete/" + k + "/pool.lua", route(delete_pool, Need::admin));
}

}  // namespace

void register_pool_routes(RouteTree& tree, ApiServices& services) {
  if (!services.pools) return;
  store::Database& db = *services.pools;
  for (const auto& kind : kKinds)
    register_kind(tree, db, services, kind);
  // The spec names the active monitoring list in the singular as well.
  add_ntopng_read(tree, "get/active_monitoring/pool.lua", {[&db, &services](Call& call) {
                    return get_pools(Ctx{db, services, kKinds[3]}, call);
                  }});
  add_ntopng_read(tree, "get/pools.lua", {[&db](Call&) {
                    auto conn = db.lock();
                    return list_answer(PoolRepository(conn).pools(""));
                  }});
  add_ntopng_read(tree, "recipient/pools.lua", {[&db](Call& call) {
                    auto id = call.params.integer("recipient_id", 0, INT32_MAX);
                    if (!id.value) return invalid_arguments("recipient_id (an id) is required");
                    auto conn = db.lock();
                    return list_answer(PoolRepository(conn).pools_of_recipient(*id.value));
                  }});
  add_ntopng_read(tree, "delete/pools.lua",
                  {[&db](Call&) {
                     auto conn = db.lock();
                     if (!PoolRepository(conn).remove_all()) return store_error();
                     return ntop_ok(json::array());
                   },
                   Need::admin});
  add_ntopng(tree, "POST", "bind/host/pool/member.lua",
             {[&db](Call& c) { return bind_member(db, c); }, Need::admin});
  add_ntopng_read(tree, "get/host/pool/members.lua", {[&db](Call& c) { return host_pool_members(db, c); }});
}

}  // namespace netmeter::api::ntopng
