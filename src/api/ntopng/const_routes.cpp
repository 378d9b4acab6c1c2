// The ntopng dialect's constants: L4 protocols, nDPI's applications and categories, alert severities and
// alert types (get/l4/protocol/consts.lua, get/l7/application/consts.lua, get/l7/category/consts.lua,
// get/alert/severity/consts.lua, get/alert/type/consts.lua).

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <string>
#include <vector>

#include "alerts/alert_types.hpp"
#include "api/dialect.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/ntopng/ntopng_routes.hpp"
#include "api/routes.hpp"

namespace netmeter::api::ntopng {

namespace json = boost::json;

namespace {

struct L4Const {
  const char* name;
  const char* other;
  int id;
};

// ntopng's static list (l4_keys), in its order, duplicates included.
constexpr L4Const kL4Protocols[] = {
    {"IP", "ip", 0},     {"ICMP", "icmp", 1},           {"IGMP", "igmp", 2},    {"TCP", "tcp", 6},
    {"UDP", "udp", 17},  {"IPv6", "ipv6", 41},          {"RSVP", "rsvp", 46},   {"GRE", "gre", 47},
    {"ESP", "esp", 50},  {"IPv6-ICMP", "ipv6icmp", 58}, {"EIGRP", "eigrp", 88}, {"OSPF", "ospf", 89},
    {"PIM", "pim", 103}, {"VRRP", "vrrp", 112},         {"HIP", "hip", 139},    {"ICMPv6", "icmpv6", 58},
    {"IGMP", "igmp", 2}, {"Other IP", "other_ip", -1},
};

struct Severity {
  const char* name;
  int id;
};

// ntopng's alert severities (alert_severities.lua); there is no 7.
constexpr Severity kSeverities[] = {
    {"none", 0},    {"debug", 1}, {"info", 2},     {"notice", 3},
    {"warning", 4}, {"error", 5}, {"critical", 6}, {"emergency", 8},
};

http::Response l4_protocols() {
  json::array out;
  for (const auto& p : kL4Protocols)
    out.push_back(json::object{{"name", p.name}, {"other", p.other}, {"id", p.id}});
  return ntop_ok(out);
}

http::Response severities() {
  json::array out;
  for (const auto& s : kSeverities)
    out.push_back(json::object{{"severity", s.name}, {"id", s.id}});
  return ntop_ok(out);
}

/// The slot whose nDPI tables answer: the one `ifid` names when given, else the first the caller may
/// see that keeps statistics (every slot runs the same nDPI with the same custom protocols).
SelectedInterface table_slot(const Call& call, ApiServices& services) {
  if (auto ifid = call.params.non_empty("ifid")) return select_interface(call, services, ifid);
  if (services.slots) {
    for (const auto& info : services.slots->list()) {
      const std::string id = std::to_string(info.id);
      SelectedInterface s = select_interface(call, services, id);
      if (!s.error) return s;
    }
  }
  return select_interface(call, services, std::nullopt);
}

http::Response applications(const query::QueryService& q) {
  json::array out;
  for (const auto& p : q.protocol_table())
    out.push_back(json::object{{"name", p.name}, {"appl_id", p.id}, {"cat_id", p.category}});
  return ntop_ok(out);
}

bool less_insensitive(const std::string& a, const std::string& b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
  });
}

json::array category_apps(const std::vector<query::ProtocolEntry>& protocols, uint16_t category) {
  std::vector<const query::ProtocolEntry*> members;
  for (const auto& p : protocols)
    if (p.category == category) members.push_back(&p);
  std::stable_sort(members.begin(), members.end(),
                   [](const auto* a, const auto* b) { return less_insensitive(a->name, b->name); });
  json::array out;
  for (const auto* p : members)
    out.push_back(json::object{{"name", p->name}, {"id", std::to_string(p->id)}});
  return out;
}

// The alert types netmeter raises, with ntopng 6.x's keys and ids (alerts/alert_types.cpp). Flow and host
// ids overlap, as in ntopng; the entity tells them apart.
http::Response alert_types() {
  json::array out;
  for (const auto& t : alerts::alert_types())
    out.push_back(json::object{
        {"type", "alert_" + std::string(t.key)}, {"key", t.id}, {"entity", alerts::entity_name(t.entity)}});
  return ntop_ok(out);
}

http::Response categories(const query::QueryService& q) {
  const auto protocols = q.protocol_table();
  json::array out;
  for (uint16_t id : q.category_table())
    out.push_back(json::object{
        {"name", q.category_name(id)}, {"cat_id", id}, {"app_list", category_apps(protocols, id)}});
  return ntop_ok(out);
}

/// A route over a slot's nDPI tables.
Route table_route(ApiServices& services, http::Response (*fn)(const query::QueryService&)) {
  return {[&services, fn](Call& call) {
            SelectedInterface s = table_slot(call, services);
            if (s.error) return std::move(*s.error);
            return fn(*s.slot->query());
          },
          Need::read_stats, BodyKind::params};
}

Route static_route(http::Response (*fn)()) {
  return {[fn](Call&) { return fn(); }, Need::authenticated, BodyKind::params};
}

}  // namespace

void register_const_routes(RouteTree& tree, ApiServices& services) {
  add_ntopng_read(tree, "get/l4/protocol/consts.lua", static_route(l4_protocols));
  add_ntopng_read(tree, "get/alert/severity/consts.lua", static_route(severities));
  add_ntopng_read(tree, "get/alert/type/consts.lua", static_route(alert_types));
  add_ntopng_read(tree, "get/l7/application/consts.lua", table_route(services, applications));
  add_ntopng_read(tree, "get/l7/category/consts.lua", table_route(services, categories));
}

}  // namespace netmeter::api::ntopng
