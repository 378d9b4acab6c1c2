// ntopng's alert endpoints (docs/ntopng/alerts.md): get/{flow,host,interface}/alert/list.lua,
// get/alert/type/counters.lua, get/alert/severity/counters.lua, acknowledge/{flow,host}/alerts.lua and
// delete/{flow,host}/alerts.lua, over alerts::AlertService (engaged alerts of the slots' engines, past
// alerts in the store).
#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <map>
#include <string>
#include <string_view>

#include "alerts/alert_service.hpp"
#include "alerts/alert_types.hpp"
#include "alerts/store_sink.hpp"
#include "api/dialect.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/ntopng/ntopng_routes.hpp"
#include "api/routes.hpp"
#include "core/ip_protocol.hpp"
#include "query/name_resolver.hpp"
#include "store/alert_repository.hpp"
#include "store/database.hpp"

namespace netmeter::api::ntopng {

namespace json = boost::json;
using alerts::Alert;
using alerts::Entity;

namespace {

constexpr int64_t kMaxPage = 10'000;

std::optional<int64_t> whole_number(std::string_view text) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return n;
}

/// What a list, counter, acknowledge or delete request asks for.
struct AlertRequest {
  bool engaged = false;  ///< status=engaged; otherwise the past alerts
  store::AlertFilter filter;
  int64_t start = 0;
  int64_t length = 10;
};

/// ntopng's tag filters are "value" or "value;op"; netmeter implements op "eq" only.
std::optional<http::Response> tag_value(const Params& params, std::string_view name, std::string& out) {
  auto raw = params.non_empty(name);
  if (!raw) return std::nullopt;
  std::string_view v = *raw;
  if (auto semi = v.find(';'); semi != std::string_view::npos) {
    if (v.substr(semi + 1) != "eq") return invalid_arguments(std::string(name) + ": only the eq operator");
    v = v.substr(0, semi);
  }
  out = std::string(v);
  return std::nullopt;
}

std::optional<http::Response> number_filter(const Params& params, std::string_view name,
                                            std::optional<int64_t>& out) {
  std::string text;
  if (auto bad = tag_value(params, name, text)) return bad;
  if (text.empty()) return std::nullopt;
  out = whole_number(text);
  if (!out) return invalid_arguments(std::string(name) + " must be a number");
  return std::nullopt;
}

std::optional<http::Response> parse_request(const Params& p, uint32_t ifid, std::optional<Entity> entity,
                                            AlertRequest& r) {
  if (auto status = p.non_empty("status")) r.engaged = *status == "engaged";
  r.filter.ifids = std::vector<int64_t>{ifid};
  if (entity) r.filter.entity = static_cast<int64_t>(*entity);
  auto begin = p.integer("epoch_begin", 0, INT64_MAX);
  auto end = p.integer("epoch_end", 0, INT64_MAX);
  if (begin.error) return invalid_arguments(*begin.error);
  if (end.error) return invalid_arguments(*end.error);
  if (begin.value && end.value && *begin.value <= *end.value) {  // as ntopng: ignored otherwise
    r.filter.epoch_begin = begin.value;
    r.filter.epoch_end = end.value;
  }
  if (auto bad = number_filter(p, "alert_id", r.filter.alert_id)) return bad;
  if (!r.filter.alert_id)
    if (auto bad = number_filter(p, "alert_type", r.filter.alert_id)) return bad;
  if (auto bad = number_filter(p, "severity", r.filter.severity)) return bad;
  if (!r.filter.severity)
    if (auto bad = number_filter(p, "alert_severity", r.filter.severity)) return bad;
  if (auto bad = number_filter(p, "row_id", r.filter.row_id)) return bad;
  std::string ip;
  if (auto bad = tag_value(p, "ip", ip)) return bad;
  if (!ip.empty()) {
    auto parsed = core::IpAddress::parse(ip);
    if (!parsed) return invalid_arguments("ip is not an address");
    r.filter.ip = parsed->to_string();
  }
  auto start = p.integer("start", 0, INT64_MAX);
  auto length = p.integer("length", 0, kMaxPage);
  if (start.error) return invalid_arguments(*start.error);
  if (length.error) return invalid_arguments(*length.error);
  if (start.value) r.start = *start.value;
  if (length.value) r.length = *length.value;
  if (auto format = p.non_empty("format"); format && *format != "json")
    return invalid_arguments("format: netmeter answers json only");
  return std::nullopt;
}

bool matches(const Alert& a, const store::AlertFilter& f) {
  if (f.entity && static_cast<int64_t>(a.entity) != *f.entity) return false;
  if (f.alert_id && a.type_id != *f.alert_id) return false;
  if (f.severity && static_cast<int64_t>(a.severity) != *f.severity) return false;
  if (f.epoch_begin && a.begin_s < *f.epoch_begin) return false;
  if (f.epoch_end && a.begin_s > *f.epoch_end) return false;
  if (f.row_id && static_cast<int64_t>(a.id) != *f.row_id) return false;
  if (f.ip && a.ip.to_string() != *f.ip) return false;
  return true;
}

/// Whether the caller may see the alert: its host, or either end of its flow; interface alerts with the
/// interface.
bool visible(const NtopCall& c, const Alert& a) {
  if (a.entity == Entity::Interface) return true;
  if (a.entity == Entity::Flow) return c.may_see(a.client.ip) || c.may_see(a.server.ip);
  return c.may_see(a.ip);
}

/// The alerts a list asks for, the page and how many matched (recordsFiltered).
struct Selected {
  std::vector<Alert> page;
  int64_t matched = 0;
};

std::optional<http::Response> select(NtopCall& c, alerts::AlertService& service, const AlertRequest& r,
                                     Selected& out) {
  auto visible_fn = c.visible();
  std::vector<Alert> all;
  if (r.engaged) {
    std::vector<uint32_t> ifids{c.ifid};
    for (auto& a : service.engaged(&ifids))
      if (matches(a, r.filter)) all.push_back(std::move(a));
    std::sort(all.begin(), all.end(), [](const Alert& x, const Alert& y) {
      return x.begin_s != y.begin_s ? x.begin_s > y.begin_s : x.id > y.id;
    });
  } else {
    auto conn = service.database().lock();
    store::AlertRepository repo(conn);
    if (!visible_fn) {  // sees every network: the store pages
      auto total = repo.count(r.filter);
      auto rows = repo.list(r.filter, {.offset = r.start, .limit = r.length, .newest_first = true});
      if (!total || !rows) return ntop_error(NtopRc::InternalError, "cannot read the alert store");
      out.matched = *total;
      for (const auto& row : *rows)
        out.page.push_back(alerts::from_record(row));
      return std::nullopt;
    }
    auto rows = repo.list(r.filter, {.offset = 0, .limit = INT64_MAX, .newest_first = true});
    if (!rows) return ntop_error(NtopRc::InternalError, "cannot read the alert store");
    for (const auto& row : *rows)
      all.push_back(alerts::from_record(row));
  }
  std::erase_if(all, [&](const Alert& a) { return !visible(c, a); });
  out.matched = static_cast<int64_t>(all.size());
  for (int64_t i = r.start; i < out.matched && i < r.start + r.length; ++i)
    out.page.push_back(std::move(all[static_cast<size_t>(i)]));
  return std::nullopt;
}

std::string type_label(Entity entity, uint16_t id) {
  const alerts::AlertType* t = alerts::find_alert_type(entity, id);
  return t ? alerts::alert_label(*t) : std::to_string(id);
}

json::object vlan_json(uint16_t vlan) {
  std::string label = vlan ? std::to_string(vlan) : "";
  return {{"label", label}, {"title", label}, {"value", vlan}};
}

json::object common_record(const Alert& a) {
  const alerts::AlertType* t = alerts::find_alert_type(a.entity, a.type_id);
  std::string label = type_label(a.entity, a.type_id);
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
  std::string label = type_label(a.entity, a.type_id);
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
  std::string bpf = "host " + a.client.ip.to_string() + " and host " + a.server.ip.to_string();
  if (a.client.port) bpf += " and port " + std::to_string(a.client.port);
  if (a.server.port) bpf += " and port " + std::to_string(a.server.port);
  r["filter"] = json::object{{"epoch_begin", a.begin_s}, {"epoch_end", a.end_s + 1}, {"bpf", bpf}};
  return r;
}

json::object host_record(const Alert& a) {
  json::object r = common_record(a);
  std::string label = type_label(a.entity, a.type_id);
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
  std::string label = type_label(a.entity, a.type_id);
  std::string description =
      label + " [" + std::to_string(a.value) + "% > " + std::to_string(a.threshold) + "%]";
  r["msg"] = json::object{{"name", label}, {"value", a.type_id}, {"description", description}};
  r["ifid"] = std::to_string(a.ifid);
  r["value"] = a.value;
  r["threshold"] = a.threshold;
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

http::Response service_missing() {
  return ntop_error(NtopRc::InternalError, "alerts are off");
}

Route list_route(ApiServices& services, Entity entity) {
  return interface_route(
      services,
      [&services, entity](NtopCall& c) {
        if (!services.alerts) return service_missing();
        AlertRequest r;
        if (auto bad = parse_request(c.call.params, c.ifid, entity, r)) return std::move(*bad);
        Selected s;
        if (entity == Entity::Flow && r.engaged) return list_answer({}, 0);  // flow alerts are one-shot
        if (auto bad = select(c, *services.alerts, r, s)) return std::move(*bad);
        json::array records;
        if (entity == Entity::Flow) {
          c.query().read([&](const stats::StatsStore&, const query::NameResolver& names) {
            for (const auto& a : s.page)
              records.push_back(flow_record(a, &names));
          });
        } else {
          for (const auto& a : s.page)
            records.push_back(entity == Entity::Host ? host_record(a) : interface_record(a));
        }
        return list_answer(std::move(records), s.matched);
      },
      false);
}

/// Counts per type or per severity over every entity (ntopng's all_alert_store).
Route counters_route(ApiServices& services, store::AlertRepository::GroupBy group) {
  using GroupBy = store::AlertRepository::GroupBy;
  return interface_route(
      services,
      [&services, group](NtopCall& c) {
        if (!services.alerts) return service_missing();
        AlertRequest r;
        if (auto bad = parse_request(c.call.params, c.ifid, std::nullopt, r)) return std::move(*bad);
        std::map<std::pair<int64_t, int64_t>, int64_t> counts;
        auto add = [&](const Alert& a) {
          if (!visible(c, a)) return;
          int64_t entity = group == GroupBy::AlertId ? static_cast<int64_t>(a.entity) : 0;
          int64_t value = group == GroupBy::AlertId ? a.type_id : static_cast<int64_t>(a.severity);
          ++counts[{entity, value}];
        };
        if (r.engaged) {
          std::vector<uint32_t> ifids{c.ifid};
          for (const auto& a : services.alerts->engaged(&ifids))
            if (matches(a, r.filter)) add(a);
        } else if (!c.visible()) {
          auto conn = services.alerts->database().lock();
          auto rows = store::AlertRepository(conn).count_by(group, r.filter);
          if (!rows) return ntop_error(NtopRc::InternalError, "cannot read the alert store");
          for (const auto& g : *rows)
            counts[{g.entity, g.value}] = g.count;
        } else {
          auto conn = services.alerts->database().lock();
          auto rows = store::AlertRepository(conn).list(r.filter, {.offset = 0, .limit = INT64_MAX});
          if (!rows) return ntop_error(NtopRc::InternalError, "cannot read the alert store");
          for (const auto& row : *rows)
            add(alerts::from_record(row));
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
                                       {"name", type_label(entity, static_cast<uint16_t>(key.second))}});
          } else {
            auto severity = static_cast<alerts::Severity>(key.second);
            out.push_back(json::object{
                {"count", count}, {"severity", key.second}, {"name", alerts::severity_name(severity)}});
          }
        }
        return ntop_ok(out);
      },
      false);
}

enum class Change { Acknowledge, Delete };

/// acknowledge/<family>/alerts.lua and delete/<family>/alerts.lua: past alerts only (engaged ones are
/// still true), administrators only.
Route change_route(ApiServices& services, Entity entity, Change change) {
  return {[&services, entity, change](Call& call) {
            SelectedInterface selected = select_interface(call, services, call.params.non_empty("ifid"));
            if (selected.error) return std::move(*selected.error);
            if (!services.alerts) return service_missing();
            AlertRequest r;
            if (auto bad = parse_request(call.params, selected.ifid, entity, r)) return std::move(*bad);
            if (r.engaged) return invalid_arguments("engaged alerts cannot be acknowledged or deleted");
            auto conn = services.alerts->database().lock();
            store::AlertRepository repo(conn);
            auto n = change == Change::Acknowledge ? repo.acknowledge(r.filter) : repo.remove(r.filter);
            if (!n) return ntop_error(NtopRc::InternalError, "cannot change the alert store");
            return ntop_ok(json::object{});
          },
          Need::admin, BodyKind::params};
}

}  // namespace

void register_alert_routes(RouteTree& tree, ApiServices& services) {
  using GroupBy = store::AlertRepository::GroupBy;
  add_ntopng_read(tree, "get/flow/alert/list.lua", list_route(services, Entity::Flow));
  add_ntopng_read(tree, "get/host/alert/list.lua", list_route(services, Entity::Host));
  add_ntopng_read(tree, "get/interface/alert/list.lua", list_route(services, Entity::Interface));
  add_ntopng_read(tree, "get/alert/type/counters.lua", counters_route(services, GroupBy::AlertId));
  add_ntopng_read(tree, "get/alert/severity/counters.lua", counters_route(services, GroupBy::Severity));
  for (auto [family, entity] : {std::pair{"flow", Entity::Flow}, std::pair{"host", Entity::Host}}) {
    std::string f(family);
    add_ntopng(tree, "POST", "acknowledge/" + f + "/alerts.lua",
               change_route(services, entity, Change::Acknowledge));
    add_ntopng(tree, "POST", "delete/" + f + "/alerts.lua", change_route(services, entity, Change::Delete));
  }
}

}  // namespace netmeter::api::ntopng
