// ntopng's check configuration endpoints (docs/ntopng/alerts.md): get/checks/config.lua, enable/check.lua,
// disable/check.lua and edit/check/config.lua, over alerts::AlertService (stored, applied to every slot).
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "alerts/alert_service.hpp"
#include "api/dialect.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/ntopng/ntopng_routes.hpp"
#include "api/routes.hpp"

namespace netmeter::api::ntopng {

namespace {

namespace json = boost::json;
using alerts::CheckConfig;
using alerts::Entity;

/// ntopng's check_subdir values for the entities netmeter has checks for.
std::optional<Entity> subdir_entity(std::string_view subdir) {
  if (subdir == "flow") return Entity::Flow;
  if (subdir == "host") return Entity::Host;
  if (subdir == "interface") return Entity::Interface;
  if (subdir == "mac") return Entity::Mac;
  return std::nullopt;
}

std::string_view subdir_name(Entity e) {
  switch (e) {
    case Entity::Flow:
      return "flow";
    case Entity::Host:
      return "host";
    case Entity::Interface:
      return "interface";
    case Entity::Mac:
      return "mac";
  }
  return "";
}

json::object script_conf(const CheckConfig& c) {
  json::object conf{{"threshold", c.threshold}};
  if (c.threshold2 != 0) conf["threshold2"] = c.threshold2;
  if (c.severity) {
    conf["severity"] = json::object{{"severity_id", static_cast<int>(*c.severity)},
                                    {"label", alerts::severity_name(*c.severity)}};
  }
  json::array items;
  for (const auto& ip : c.servers)
    items.push_back(json::string(ip.to_string()));
  conf["items"] = std::move(items);
  return conf;
}

http::Response get_config(alerts::AlertService& service) {
  json::object rsp{{"flow", json::object{}},
                   {"host", json::object{}},
                   {"interface", json::object{}},
                   {"mac", json::object{}}};
  for (const auto& check : service.checks()) {
    json::object hooks{
        {"all", json::object{{"enabled", check.config.enabled}, {"script_conf", script_conf(check.config)}}}};
    rsp[subdir_name(check.entity)].as_object()[check.name] = std::move(hooks);
  }
  return ntop_ok(rsp);
}

/// check_subdir and script_key of a write; the error answer when they are missing or the subdir is unknown.
struct Target {
  Entity entity = Entity::Host;
  std::string key;
  std::optional<http::Response> error;
};
Target target_of(const Params& p) {
  Target t;
  auto subdir = p.non_empty("check_subdir");
  auto key = p.non_empty("script_key");
  if (!subdir || !key) {
    t.error = invalid_arguments("check_subdir and script_key are required");
    return t;
  }
  auto entity = subdir_entity(*subdir);
  if (!entity) {
    t.error = invalid_arguments("check_subdir must be flow, host, interface or mac");
    return t;
  }
  t.entity = *entity;
  t.key = std::string(*key);
  return t;
}

/// ntopng answers rc 0 with rsp {success, error} whether or not the check exists.
http::Response outcome(alerts::AlertService::Configured r) {
  using Configured = alerts::AlertService::Configured;
  if (r == Configured::StoreFailed)
    return ntop_error(NtopRc::InternalError, "the configuration could not be stored");
  json::object rsp{{"success", r == Configured::Ok}};
  if (r == Configured::NoSuchCheck) rsp["error"] = "no such check";
  return ntop_ok(rsp);
}

http::Response toggle(alerts::AlertService& service, Call& call, bool enabled) {
  Target t = target_of(call.params);
  if (t.error) return std::move(*t.error);
  return outcome(service.configure(t.entity, t.key, [enabled](CheckConfig& c) { c.enabled = enabled; }));
}

/// The changes an edit asks for, validated before anything is applied.
struct Edit {
  std::optional<bool> enabled;
  std::optional<uint64_t> threshold;
  std::optional<uint64_t> threshold2;
  std::optional<std::optional<alerts::Severity>> severity;  ///< set to "none": from the score
  std::optional<std::vector<core::IpAddress>> servers;
};

std::optional<http::Response> parse_edit(const Params& p, Edit& e) {
  if (auto raw = p.get("enabled")) {
    e.enabled = p.flag("enabled");
    if (!raw->empty() && !e.enabled) return invalid_arguments("enabled must be true or false");
  }
  for (auto [name, out] : {std::pair{"threshold", &e.threshold}, std::pair{"threshold2", &e.threshold2}}) {
    auto v = p.integer(name, 0, INT64_MAX);
    if (v.error) return invalid_arguments(*v.error);
    if (v.value) *out = static_cast<uint64_t>(*v.value);
  }
  if (auto sev = p.non_empty("severity")) {
    if (*sev == "none") {
      e.severity = std::optional<alerts::Severity>{};
    } else if (auto named = alerts::severity_from_name(*sev)) {
      e.severity = named;
    } else {
      auto id = p.integer("severity", 1, 8);
      if (id.error || !id.value || alerts::severity_name(static_cast<alerts::Severity>(*id.value)).empty())
        return invalid_arguments("severity must be a severity id or name, or none");
      e.severity = static_cast<alerts::Severity>(*id.value);
    }
  }
  if (auto items = p.get("items")) {
    std::vector<core::IpAddress> servers;
    for (const auto& item : split_list(*items)) {
      auto ip = core::IpAddress::parse(item);
      if (!ip) return invalid_arguments("items must be IP addresses, comma-separated");
      servers.push_back(*ip);
    }
    e.servers = std::move(servers);
  }
  return std::nullopt;
}

http::Response edit(alerts::AlertService& service, Call& call) {
  Target t = target_of(call.params);
  if (t.error) return std::move(*t.error);
  Edit e;
  if (auto bad = parse_edit(call.params, e)) return std::move(*bad);
  return outcome(service.configure(t.entity, t.key, [&e](CheckConfig& c) {
    if (e.enabled) c.enabled = *e.enabled;
    if (e.threshold) c.threshold = *e.threshold;
    if (e.threshold2) c.threshold2 = *e.threshold2;
    if (e.severity) c.severity = *e.severity;
    if (e.servers) c.servers = *e.servers;
  }));
}

}  // namespace

void register_check_routes(RouteTree& tree, ApiServices& services) {
  if (!services.alerts) return;
  alerts::AlertService& service = *services.alerts;
  add_ntopng_read(tree, "get/checks/config.lua", {[&service](Call&) { return get_config(service); }});
  add_ntopng(tree, "POST", "enable/check.lua",
             {[&service](Call& c) { return toggle(service, c, true); }, Need::admin});
  add_ntopng(tree, "POST", "disable/check.lua",
             {[&service](Call& c) { return toggle(service, c, false); }, Need::admin});
  add_ntopng(tree, "POST", "edit/check/config.lua",
             {[&service](Call& c) { return edit(service, c); }, Need::admin});
}

}  // namespace netmeter::api::ntopng
