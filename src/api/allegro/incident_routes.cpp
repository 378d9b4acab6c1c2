// The Allegro incidents (docs/allegro/incidents.md): netmeter's alerts as the dialect's incidents.
// /API/stats/modules/global_incidents (summary), /API/stats/modules/global_incidents/incidents_paged and
// /API/stats/incidentReporting (the list: paging, sorting, starttime/endtime, CSV), and the incident
// rules (the slot's alert checks) under /API/stats/incidentReporting/rules.
#include <array>
#include <boost/json.hpp>
#include <map>
#include <string>

#include "alerts/alert_service.hpp"
#include "alerts/alert_types.hpp"
#include "api/allegro/allegro_routes.hpp"
#include "api/allegro/incident_json.hpp"
#include "api/allegro/list_json.hpp"
#include "api/allegro/slot_select.hpp"
#include "api/allegro/stats_route.hpp"
#include "api/common/alert_select.hpp"
#include "api/common/csv_body.hpp"
#include "api/dialect.hpp"
#include "http/headers.hpp"
#include "query/name_resolver.hpp"
#include "store/alert_store.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;
using alerts::Alert;
using alerts::Entity;
using SortColumn = store::AlertStore::SortColumn;

namespace {

constexpr std::string_view kModule = "/API/stats/modules/global_incidents";
constexpr std::string_view kReporting = "/API/stats/incidentReporting";
constexpr int64_t kMaxCount = 1000;

struct IncidentSort {
  std::string_view name;
  SortColumn column;
};
constexpr std::array kSorts = {
    IncidentSort{"time", SortColumn::Time},         IncidentSort{"severity", SortColumn::Severity},
    IncidentSort{"score", SortColumn::Score},       IncidentSort{"type", SortColumn::AlertId},
    IncidentSort{"duration", SortColumn::Duration}, IncidentSort{"ip", SortColumn::Ip},
    IncidentSort{"clientIp", SortColumn::ClientIp}, IncidentSort{"serverIp", SortColumn::ServerIp},
};

http::Response store_error() {
  return allegro_error(500, "cannot read the incident store");
}

/// The incidents a request asks for (docs/allegro/incidents.md "Parameters").
struct IncidentRequest {
  AlertQuery query;
  size_t page = 0;
  size_t count = 10;
  bool csv = false;
};

std::optional<http::Response> parse_filters(const StatsCall& c, store::AlertFilter& f) {
  const Params& p = c.call.params;
  f.ifids = std::vector<int64_t>{c.slot_id()};
  if (c.time.interval.start) f.epoch_begin = *c.time.interval.start;
  if (c.time.interval.end) f.epoch_end = *c.time.interval.end - 1;  // endtime is exclusive
  if (f.epoch_end && !f.epoch_begin) f.epoch_begin = 0;
  if (f.epoch_begin && !f.epoch_end) f.epoch_end = INT64_MAX;
  if (auto e = p.non_empty("entity")) {
    if (*e == "flow")
      f.entity = static_cast<int64_t>(Entity::Flow);
    else if (*e == "host")
      f.entity = static_cast<int64_t>(Entity::Host);
    else if (*e == "interface")
      f.entity = static_cast<int64_t>(Entity::Interface);
    else
      return allegro_error(400, "entity: flow, host or interface");
  }
  if (auto s = p.non_empty("severity")) {
    auto sev = alerts::severity_from_name(*s);
    if (!sev) return allegro_error(400, "severity: info, notice, warning, error, critical or emergency");
    f.severity = static_cast<int64_t>(*sev);
  }
  auto type = p.integer("typeId", 0, 65535);
  if (type.error) return allegro_error(400, "typeId: " + *type.error);
  f.alert_id = type.value;
  if (auto ip = p.non_empty("ip")) {
    auto parsed = core::IpAddress::parse(*ip);
    if (!parsed) return allegro_error(400, "ip is not an address");
    f.ip = parsed->to_string();
  }
  return std::nullopt;
}

std::optional<http::Response> parse_incidents(const StatsCall& c, IncidentRequest& r) {
  const Params& p = c.call.params;
  if (auto status = p.non_empty("status")) {
    if (*status != "engaged" && *status != "past") return allegro_error(400, "status: engaged or past");
    r.query.engaged = *status == "engaged";
  }
  if (auto bad = parse_filters(c, r.query.filter)) return bad;
  if (auto sort = p.non_empty("sort")) {
    const IncidentSort* found = nullptr;
    for (const auto& s : kSorts)
      if (http::iequals(s.name, *sort)) found = &s;
    if (!found)
      return allegro_error(400,
                           "unknown sort '" + std::string(*sort) +
                               "'; one of: time, severity, score, type, duration, ip, clientIp, serverIp");
    r.query.sort = found->column;
  }
  r.query.descending = p.flag("reverse").value_or(false);
  auto page = p.integer("page", 0, 1'000'000'000);
  auto count = p.integer("count", 1, kMaxCount);
  if (page.error) return allegro_error(400, *page.error);
  if (count.error) return allegro_error(400, *count.error);
  r.page = static_cast<size_t>(page.value.value_or(0));
  r.count = static_cast<size_t>(count.value.value_or(10));
  r.csv = p.flag("csv").value_or(false);
  r.query.offset = static_cast<int64_t>(r.page * r.count);
  r.query.length = static_cast<int64_t>(r.count);
  return std::nullopt;
}

http::Response incidents_csv(alerts::AlertService& service, const StatsCall& c, AlertQuery q) {
  q.offset = 0;
  auto rows = [service = &service, slot = c.slot.slot, q, visible = c.visible()](std::string& out,
                                                                                 size_t want) mutable {
    constexpr int64_t kBatch = 1000;
    while (out.size() < want) {
      q.length = kBatch;
      auto page = select_alerts(*service, q, visible);
      if (!page || page->page.empty()) return false;
      slot->query()->read([&](const stats::StatsStore&, const query::NameResolver& names) {
        for (const Alert& a : page->page) {
          incident_csv_row(out, a, &names);
          out.append("\r\n");
        }
      });
      q.offset += static_cast<int64_t>(page->page.size());
      if (static_cast<int64_t>(page->page.size()) < kBatch) return false;
    }
    return true;
  };
  return csv_response(incident_csv_header(), std::move(rows), "incidents.csv");
}

http::Response incidents(ApiServices& services, StatsCall& c) {
  if (!services.alerts) return allegro_error(503, "incidents are off");
  IncidentRequest r;
  if (auto bad = parse_incidents(c, r)) return std::move(*bad);
  if (r.csv) return incidents_csv(*services.alerts, c, r.query);
  auto s = select_alerts(*services.alerts, r.query, c.visible());
  if (!s) return store_error();
  query::Page<Alert> page;
  page.items = std::move(s->page);
  page.total = static_cast<size_t>(s->matched);
  page.page = r.page;
  page.page_size = r.count;
  page.pages = (page.total + r.count - 1) / r.count;
  json::object o;
  c.query().read([&](const stats::StatsStore&, const query::NameResolver& names) {
    o = page_object(page, [&](const Alert& a) { return incident_json(a, c.slot_id(), &names); });
  });
  return json_response(200, o);
}

/// Incidents per (entity, type) and per severity.
struct Tally {
  std::map<std::pair<int, int>, int64_t> types;
  std::map<std::string, int64_t> severities;
  int64_t past = 0, engaged = 0;
  void add(int entity, int type, alerts::Severity severity, int64_t n) {
    types[{entity, type}] += n;
    severities[std::string(alerts::severity_name(severity))] += n;
  }
};

/// Counts the past incidents: in the store when the caller sees every network, else over what it sees.
bool count_past(alerts::AlertService& service, const StatsCall& c, const store::AlertFilter& f, Tally& t) {
  if (!c.visible()) {
    auto rows = service.past().count_by_type_severity(f);
    if (!rows) return false;
    for (const auto& r : *rows) {
      t.add(static_cast<int>(r.entity), static_cast<int>(r.alert_id),
            static_cast<alerts::Severity>(r.severity), r.count);
      t.past += r.count;
    }
    return true;
  }
  auto past = visible_alerts(service, false, f, c.visible());
  if (!past) return false;
  for (const Alert& a : *past)
    t.add(static_cast<int>(a.entity), a.type_id, a.severity, 1);
  t.past = static_cast<int64_t>(past->size());
  return true;
}

/// The module's summary: how many incidents (past and engaged) the caller may see, per severity and type.
http::Response summary(ApiServices& services, StatsCall& c) {
  if (!services.alerts) return allegro_error(503, "incidents are off");
  store::AlertFilter f;
  if (auto bad = parse_filters(c, f)) return std::move(*bad);
  Tally t;
  auto engaged = visible_alerts(*services.alerts, true, f, c.visible());
  if (!engaged || !count_past(*services.alerts, c, f, t)) return store_error();
  for (const Alert& a : *engaged)
    t.add(static_cast<int>(a.entity), a.type_id, a.severity, 1);
  t.engaged = static_cast<int64_t>(engaged->size());
  json::object by_severity;
  for (const auto& [name, n] : t.severities)
    by_severity[name] = n;
  json::array by_type;
  for (const auto& [key, n] : t.types) {
    const auto entity = static_cast<Entity>(key.first);
    const alerts::AlertType* type = alerts::find_alert_type(entity, static_cast<uint16_t>(key.second));
    by_type.push_back(json::object{{"entity", alerts::entity_name(entity)},
                                   {"typeId", key.second},
                                   {"type", type ? std::string(type->key) : std::to_string(key.second)},
                                   {"name", type ? alerts::alert_label(*type) : std::to_string(key.second)},
                                   {"count", n}});
  }
  return json_response(200, json::object{{"numberOfIncidents", t.past + t.engaged},
                                         {"numberOfPastIncidents", t.past},
                                         {"numberOfEngagedIncidents", t.engaged},
                                         {"severities", std::move(by_severity)},
                                         {"types", std::move(by_type)}});
}

/// GET .../rules: the slot's checks. Readable with the statistics right.
http::Response rules(ApiServices& services, StatsCall& c) {
  auto engine = services.alerts ? services.alerts->engine(c.slot_id()) : nullptr;
  if (!engine) return allegro_error(404, "slot " + std::to_string(c.slot_id()) + " runs no incident rules");
  json::array out;
  for (const auto& check : engine->checks())
    out.push_back(rule_json(check));
  return json_response(200, json::object{{"rules", std::move(out)}, {"persisted", true}});
}

/// POST .../rules/:name (admin): `enabled` and/or `threshold` of one check. Stored, and applied to every
/// slot's engine, running and future (the check configuration is one for all slots).
http::Response change_rule(ApiServices& services, Call& call) {
  SelectedSlot slot = select_slot(call, services);
  if (slot.error) return std::move(*slot.error);
  const uint32_t id = slot.slot->info().id;
  auto engine = services.alerts ? services.alerts->engine(id) : nullptr;
  if (!engine) return allegro_error(404, "slot " + std::to_string(id) + " runs no incident rules");
  const std::string name(call.path_param("name"));
  std::optional<bool> enabled;
  if (auto text = call.params.non_empty("enabled")) {
    if (*text != "true" && *text != "false") return allegro_error(400, "enabled: true or false");
    enabled = *text == "true";
  }
  auto threshold = call.params.integer("threshold", 1, INT64_MAX);
  if (threshold.error) return allegro_error(400, "threshold: " + *threshold.error);
  if (!enabled && !threshold.value) return allegro_error(400, "give enabled and/or threshold");
  std::optional<alerts::AlertEngine::CheckInfo> found;
  for (const auto& check : engine->checks())
    if (check.name == name) found = check;
  if (!found) return allegro_error(404, "no incident rule '" + name + "'");
  const bool has_threshold = found->entity != Entity::Flow || found->config.threshold != 0;
  if (threshold.value && !has_threshold) return allegro_error(400, "rule '" + name + "' has no threshold");
  const auto configured = services.alerts->configure(found->entity, name, [&](alerts::CheckConfig& config) {
    if (enabled) config.enabled = *enabled;
    if (threshold.value) config.threshold = static_cast<uint64_t>(*threshold.value);
  });
  if (configured == alerts::AlertService::Configured::NoSuchCheck)
    return allegro_error(404, "no incident rule '" + name + "'");
  if (configured != alerts::AlertService::Configured::Ok)
    return allegro_error(500, "the rule could not be stored");
  for (const auto& check : engine->checks())
    if (check.name == name) return json_response(200, rule_json(check));
  return allegro_error(404, "no incident rule '" + name + "'");
}

}  // namespace

void register_incident_routes(RouteTree& tree, ApiServices& s) {
  const std::string module(kModule), reporting(kReporting);
  auto list = [&s](StatsCall& c) { return incidents(s, c); };
  tree.add("GET", module,
           stats_route(
               s, [&s](StatsCall& c) { return summary(s, c); }, false));
  tree.add("GET", module + "/incidents_paged", stats_route(s, list, false));
  tree.add("GET", reporting, stats_route(s, list, false));
  tree.add("GET", reporting + "/rules",
           stats_route(
               s, [&s](StatsCall& c) { return rules(s, c); }, false));
  tree.add("POST", reporting + "/rules/:name",
           {[&s](Call& call) { return change_rule(s, call); }, Need::admin, BodyKind::params});
}

}  // namespace netmeter::api::allegro
