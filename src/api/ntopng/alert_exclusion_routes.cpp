// ntopng's alert exclusions (docs/ntopng/alerts.md): add/alert/exclusion.lua, delete/alert/exclusion.lua
// and get/alert/exclusion/list.lua, over alerts::AlertService (stored, applied by every slot's engine
// before it raises an alert).
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "alerts/alert_service.hpp"
#include "alerts/alert_types.hpp"
#include "api/dialect.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/ntopng/ntopng_routes.hpp"
#include "api/routes.hpp"
#include "core/cidr.hpp"

namespace netmeter::api::ntopng {

namespace {

namespace json = boost::json;
using alerts::Entity;

std::optional<Entity> family_entity(std::string_view type) {
  if (type == "host") return Entity::Host;
  if (type == "flow") return Entity::Flow;
  return std::nullopt;
}

http::Response add_exclusion(alerts::AlertService& service, Call& call) {
  const Params& p = call.params;
  auto type = p.non_empty("type");
  auto entity = type ? family_entity(*type) : std::nullopt;
  if (!entity) return invalid_arguments("type must be host or flow");
  auto addr = p.non_empty("alert_addr");
  auto network = addr ? core::Cidr::parse(*addr) : std::nullopt;
  if (!network) return invalid_arguments("alert_addr must be an IP address or a CIDR block");
  auto key = p.integer("alert_key", 0, UINT16_MAX);
  if (key.error || !key.value) return invalid_arguments("alert_key (an alert id) is required");
  const auto* alert_type = alerts::find_alert_type(*entity, static_cast<uint16_t>(*key.value));
  if (!alert_type) return invalid_arguments("alert_key is not an alert of that type");
  auto id = service.add_exclusion(*entity, alert_type->id, *network);
  if (!id) return ntop_error(NtopRc::InternalError, "the exclusion could not be stored");
  return ntop_ok(json::object{{"exclusion_id", *id}});
}

http::Response delete_exclusion(alerts::AlertService& service, Call& call) {
  auto id = call.params.integer("exclusion_id", 1, INT64_MAX);
  if (id.error || !id.value) return invalid_arguments("exclusion_id is required");
  auto removed = service.remove_exclusion(*id.value);
  if (!removed) return ntop_error(NtopRc::InternalError, "the exclusion could not be removed");
  if (!*removed) return ntop_error(NtopRc::NotFound, "no such exclusion");
  return ntop_ok(json::object{});
}

http::Response list_exclusions(alerts::AlertService& service) {
  json::array out;
  for (const auto& e : service.exclusions()->list()) {
    const auto* type = alerts::find_alert_type(e.entity, e.type_id);
    out.push_back(json::object{{"exclusion_id", e.id},
                               {"type", alerts::entity_name(e.entity)},
                               {"alert_addr", e.network.to_string()},
                               {"alert_key", e.type_id},
                               {"alert_name", type ? alerts::alert_label(*type) : std::string()}});
  }
  return ntop_ok(out);
}

}  // namespace

void register_alert_exclusion_routes(RouteTree& tree, ApiServices& services) {
  if (!services.alerts) return;
  alerts::AlertService& service = *services.alerts;
  add_ntopng(tree, "POST", "add/alert/exclusion.lua",
             {[&service](Call& c) { return add_exclusion(service, c); }, Need::admin});
  add_ntopng(tree, "POST", "delete/alert/exclusion.lua",
             {[&service](Call& c) { return delete_exclusion(service, c); }, Need::admin});
  add_ntopng_read(tree, "get/alert/exclusion/list.lua",
                  {[&service](Call&) { return list_exclusions(service); }});
}

}  // namespace netmeter::api::ntopng
