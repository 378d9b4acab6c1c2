// ntopng's alert endpoints (docs/ntopng/alerts.md): get/{flow,host,interface,mac}/alert/list.lua (JSON and
// format=txt CSV), get/alert/type/counters.lua, get/alert/severity/counters.lua,
// acknowledge/{flow,host,mac}/alerts.lua and delete/{flow,host,mac}/alerts.lua, over alerts::AlertService
// (engaged alerts of the slots' engines, past alerts in the store).
#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <string>
#include <string_view>

#include "alerts/alert_service.hpp"
#include "alerts/alert_types.hpp"
#include "alerts/store_sink.hpp"
#include "api/common/alert_select.hpp"
#include "api/dialect.hpp"
#include "api/ntopng/alert_csv.hpp"
#include "api/ntopng/alert_request.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/ntopng/ntopng_routes.hpp"
#include "api/routes.hpp"
#include "core/ip_protocol.hpp"
#include "query/name_resolver.hpp"
#include "store/alert_store.hpp"

namespace netmeter::api::ntopng {

namespace json = boost::json;
using alerts::Alert;
using alerts::Entity;

namespace {

json::object vlan_json(uint16_t vlan) {
  std::string label = vlan ? std::to_string(vlan) : "";
  return {{"label", label}, {"title", label}, {"value", vlan}};
}

json::object common_record(const Alert& a) {
  const alerts::AlertType* t = alerts::find_alert_type(a.entity, a.type_id);
  std::string label = alert_type_label(a.entity, a.type_id);
  std::string severity(alerts::severity_name(a.severity));
  json::object r;
  r["family"] = alerts::entity_name(a.entity);
  r["row_id"] = a.id;
  r["tstamp"] = json::object{{"value", a.begin_s}, {"label", a.begin_s}};
  r["alert_id"] = json::object{{"value", a.type_id}, {"label", label}};
  r["alert_category"] = json::object{{"value", t ? static_cast<int>(t->category) : 0}};
  r["score"] = json::object{{"value", a.score}, {"label", std::to_string(a.score)}};
  r["severity"] = json::object{{"value", static_cast<int>(a.severity)}, {"label", severity}};
  r["duration"] = a.end_s ? a.duration_s() : 0;
  r["count"] = 1;
  r["acknowledged"] = a.acknowledged;
  r["alert_name"] = label;
  return r;
}

json::object endpoint_json(const core::IpAddress& ip) {
  std::string text = ip.to_string();
  return {{"value", text}, {"ip", text}, {"label", text}};
}

json::object flow_record(const Alert& a, const query::NameResolver* names) {
  json::object r = common_record(a);
  std::string label = alert_type_label(a.entity, a.type_id);
  r["msg"] = json::object{{"name", label}, {"fullname", label}, {"value", a.type_id}, {"description", ""}};
  r["info"] = json::object{{"label", a.info}, {"value", a.info}};
  r["cli_ip"] = endpoint_json(a.client.ip);
  r["srv_ip"] = endpoint_json(a.server.ip);
  r["cli_port"] = json::object{{"value", a.client.port}};
  r["srv_port"] = json::object{{"value", a.server.port}};
  r["vlan_id"] = vlan_json(a.vlan);
  std::string l4 = core::ip_protocol_name(a.l4);
  r["proto"] = json::object{{"value", a.l4}, {"label", l4}};
  std::string l7 = names ? names->application(a.l7_master, a.l7_app) : "";
  r["l7_proto"] = json::object{{"value", a.l7_app ? a.l7_app : a.l7_master},
                               {"l4_label", l4},
                               {"l7_label", l7},
                               {"label", l7.empty() || l7 == l4 ? l7 : l4 + ":" + l7}};
  r["flow_risk"] = json::object{{"value", std::to_string(a.flow_risk)}, {"score", a.flow_score}};
  // ntopng's way from the alert to its packets (the ring buffer's live extraction takes it).
  r["filter"] = json::object{{"epoch_begin", a.begin_s}, {"epoch_end", a.end_s + 1}, {"bpf", alert_bpf(a)}};
  return r;
}

json::object host_record(const Alert& a) {
  json::object r = common_record(a);
  std::string label = alert_type_label(a.entity, a.type_id);
  std::string ip = a.ip.to_string();
  std::string role = a.is_attacker ? "attacker" : "victim";
  std::string description = ip + (a.is_attacker ? " is a " : " is the victim of a ") + label + " [" +
                            std::to_string(a.value) + " > " + std::to_string(a.threshold) + "]";
  r["msg"] = json::object{{"name", label}, {"value", a.type_id}, {"description", description}};
  r["ip"] = json::object{{"value", ip}, {"label", ip}};
  r["vlan_id"] = vlan_json(a.vlan);
  r["is_attacker"] = a.is_attacker;
  r["is_victim"] = a.is_victim;
  r["role"] = json::object{{"value", role}, {"label", role}};
  r["value"] = a.value;
  r["threshold"] = a.threshold;
  return r;
}

json::object interface_record(const Alert& a) {
  json::object r = common_record(a);
  std::string label = alert_type_label(a.entity, a.type_id);
  std::string description =
      label + " [" + std::to_string(a.value) + "% > " + std::to_string(a.threshold) + "%]";
  r["msg"] = json::object{{"name", label}, {"value", a.type_id}, {"description", description}};
  r["ifid"] = std::to_string(a.ifid);
  r["value"] = a.value;
  r["threshold"] = a.threshold;
  return r;
}

/// ntopng's mac_alert_store record: `address` is the MAC the address now answers from; netmeter knows no
/// device types or names (`device_type` 0, "Unknown"; `name` the address) and adds `ip` and `vlan_id`.
json::object mac_record(const Alert& a) {
  json::object r = common_record(a);
  std::string label = alert_type_label(a.entity, a.type_id);
  std::string ip = a.ip.to_string();
  std::string description = mac_change_description(a);
  r["address"] = mac_change(a).second;
  r["device_type"] = json::object{{"value", 0}, {"label", "Unknown"}};
  r["name"] = ip;
  r["description"] = description;
  r["msg"] =
      json::object{{"name", label}, {"fullname", label}, {"value", a.type_id}, {"description", description}};
  r["ip"] = json::object{{"value", ip}, {"label", ip}};
  r["vlan_id"] = vlan_json(a.vlan);
  return r;
}

/// ntopng's extended answer: the envelope, `rsp.records`, and the datatable counts beside it.
http::Response list_answer(json::array records, int64_t matched) {
  json::object body{{"rc", 0}, {"rc_str", "OK"}, {"rc_str_hr", "Success"}};
  size_t shown = records.size();
  body["rsp"] = json::object{{"records", std::move(records)}, {"stats", json::object{}}};
  body["recordsFiltered"] = matched;
  body["recordsTotal"] = shown;  // as ntopng: the records in this answer
  return json_response(200, body);
}

Route list_route(ApiServices& services, Entity entity) {
  return alert_read_route(services, entity, [&services, entity](NtopCall& c, const AlertRequest& r) {
    if (r.csv) return alert_csv(services, c, entity, r);
    // flow and MAC alerts are one-shot: never engaged
    if ((entity == Entity::Flow || entity == Entity::Mac) && r.query.engaged) return list_answer({}, 0);
    auto s = select_alerts(*services.alerts, r.query, c.visible());
    if (!s) return ntop_error(NtopRc::InternalError, "cannot read the alert store");
    json::array records;
    if (entity == Entity::Flow) {
      c.query().read([&](const stats::StatsStore&, const query::NameResolver& names) {
        for (const auto& a : s->page)
          records.push_back(flow_record(a, &names));
      });
    } else {
      for (const auto& a : s->page)
        records.push_back(entity == Entity::Host  ? host_record(a)
                          : entity == Entity::Mac ? mac_record(a)
                                                  : interface_record(a));
    }
    return list_answer(std::move(records), s->matched);
  });
}

/// Counts per type or per severity over every entity (ntopng's all_alert_store).
Route counters_route(ApiServices& services, store::AlertStore::GroupBy group) {
  using GroupBy = store::AlertStore::GroupBy;
  return alert_read_route(services, std::nullopt, [&services, group](NtopCall& c, const AlertRequest& r) {
    std::map<std::pair<int64_t, int64_t>, int64_t> counts;
    const store::AlertFilter& filter = r.query.filter;
    if (!r.query.engaged && !c.visible()) {
      auto rows = services.alerts->past().count_by(group, filter);
      if (!rows) return ntop_error(NtopRc::InternalError, "cannot read the alert store");
      for (const auto& g : *rows)
        counts[{g.entity, g.value}] = g.count;
    } else {
      auto all = visible_alerts(*services.alerts, r.query.engaged, filter, c.visible());
      if (!all) return ntop_error(NtopRc::InternalError, "cannot read the alert store");
      for (const Alert& a : *all) {
        int64_t entity = group == GroupBy::AlertId ? static_cast<int64_t>(a.entity) : 0;
        int64_t value = group == GroupBy::AlertId ? a.type_id : static_cast<int64_t>(a.severity);
        ++counts[{entity, value}];
      }
    }
    std::vector<std::pair<std::pair<int64_t, int64_t>, int64_t>> sorted(counts.begin(), counts.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& x, const auto& y) { return x.second > y.second; });
    json::array out;
    for (const auto& [key, count] : sorted) {
      if (group == GroupBy::AlertId) {
        auto entity = static_cast<Entity>(key.first);
        out.push_back(json::object{{"count", count},
                                   {"entity_id", key.first},
                                   {"entity_label", alerts::entity_name(entity)},
                                   {"alert_id", key.second},
                                   {"name", alert_type_label(entity, static_cast<uint16_t>(key.second))}});
      } else {
        auto severity = static_cast<alerts::Severity>(key.second);
        out.push_back(json::object{
            {"count", count}, {"severity", key.second}, {"name", alerts::severity_name(severity)}});
      }
    }
    return ntop_ok(out);
  });
}

enum class Change { Acknowledge, Delete };

/// acknowledge/<family>/alerts.lua and delete/<family>/alerts.lua: past alerts only (engaged ones are
/// still true), administrators only.
Route change_route(ApiServices& services, Entity entity, Change change) {
  return {[&services, entity, change](Call& call) {
            SelectedInterface selected = select_interface(call, services, call.params.non_empty("ifid"));
            if (selected.error) return std::move(*selected.error);
            if (!services.alerts) return alerts_missing();
            AlertRequest r;
            if (auto bad = parse_alert_request(call.params, selected.ifid, entity, r)) return std::move(*bad);
            if (r.query.engaged) return invalid_arguments("engaged alerts cannot be acknowledged or deleted");
            const store::AlertFilter& f = r.query.filter;
            store::AlertStore& past = services.alerts->past();
            auto n = change == Change::Acknowledge ? past.acknowledge(f) : past.remove(f);
            if (!n) return ntop_error(NtopRc::InternalError, "cannot change the alert store");
            return ntop_ok(json::object{});
          },
          Need::admin, BodyKind::params};
}

}  // namespace

void register_alert_routes(RouteTree& tree, ApiServices& services) {
  using GroupBy = store::AlertStore::GroupBy;
  add_ntopng_read(tree, "get/flow/alert/list.lua", list_route(services, Entity::Flow));
  add_ntopng_read(tree, "get/host/alert/list.lua", list_route(services, Entity::Host));
  add_ntopng_read(tree, "get/interface/alert/list.lua", list_route(services, Entity::Interface));
  add_ntopng_read(tree, "get/mac/alert/list.lua", list_route(services, Entity::Mac));
  add_ntopng_read(tree, "get/alert/type/counters.lua", counters_route(services, GroupBy::AlertId));
  add_ntopng_read(tree, "get/alert/severity/counters.lua", counters_route(services, GroupBy::Severity));
  for (auto [family, entity] :
       {std::pair{"flow", Entity::Flow}, std::pair{"host", Entity::Host}, std::pair{"mac", Entity::Mac}}) {
    std::string f(family);
    add_ntopng(tree, "POST", "acknowledge/" + f + "/alerts.lua",
               change_route(services, entity, Change::Acknowledge));
    add_ntopng(tree, "POST", "delete/" + f + "/alerts.lua", change_route(services, entity, Change::Delete));
  }
  register_alert_stats_routes(tree, services);
}

}  // namespace netmeter::api::ntopng
