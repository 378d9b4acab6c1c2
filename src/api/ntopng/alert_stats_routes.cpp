// ntopng's alert dashboards (docs/ntopng/alerts.md): get/alert/ts.lua and
// get/{flow,host,interface,mac}/alert/ts.lua (alerts per time slot and severity), get/alert/top.lua and
// get/flow/alert/top.lua (the most frequent and the most severe alert types; for flows also the hosts most
// alerted as client, as server, either).
#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <string>

#include "alerts/alert_service.hpp"
#include "alerts/alert_types.hpp"
#include "api/common/alert_select.hpp"
#include "api/dialect.hpp"
#include "api/ntopng/alert_request.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/ntopng/ntopng_routes.hpp"
#include "api/routes.hpp"
#include "store/alert_store.hpp"

namespace netmeter::api::ntopng {

namespace json = boost::json;
using alerts::Alert;
using alerts::Entity;
using alerts::Severity;
using store::AlertStore;

namespace {

constexpr int64_t kSlots = 31;    // ntopng's NUM_TIME_SLOTS: the series has kSlots + 1 points
constexpr size_t kTopLimit = 10;  // ntopng's TOP_LIMIT

http::Response store_error() {
  return ntop_error(NtopRc::InternalError, "cannot read the alert store");
}

/// ntopng's i18n title of a severity ("Error") and its colour in the dashboards.
std::string severity_title(Severity s) {
  std::string name(alerts::severity_name(s));
  if (!name.empty()) name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return name;
}

const char* severity_color(Severity s) {
  switch (s) {
    case Severity::Emergency:
    case Severity::Critical:
      return "#a71d2a";
    case Severity::Error:
      return "#dc3545";
    case Severity::Warning:
      return "#ffc107";
    case Severity::Notice:
      return "#17a2b8";
    default:
      return "#6c757d";
  }
}

/// The time range of the series: epoch_begin..epoch_end when given, else the matching alerts' first and
/// last begin (packet time: a capture of 2019 has its alerts in 2019, not in ntopng's last hour).
struct Slots {
  int64_t first = 0;  ///< the first slot's start
  int64_t width = 1;
  int64_t slot_of(int64_t t) const { return std::clamp(t - t % width, first, first + width * kSlots); }
};

Slots slots_for(int64_t begin, int64_t end) {
  Slots s;
  const int64_t span = std::max<int64_t>(end - begin, 0);
  s.width = span < kSlots ? 1 : (span + kSlots - 1) / kSlots;  // every time of [begin, end] has its slot
  s.first = begin - begin % s.width;
  return s;
}

/// count per (severity, slot)
using SlotCounts = std::map<std::pair<int64_t, int64_t>, int64_t>;

std::optional<http::Response> count_slots(ApiServices& services, const NtopCall& c, const AlertRequest& r,
                                          Slots& slots, SlotCounts& counts) {
  const store::AlertFilter& f = r.query.filter;
  std::optional<std::vector<Alert>> all;
  const bool in_store = !r.query.engaged && !c.visible();
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  if (in_store) {
    AlertStore& past = services.alerts->past();
    auto first = past.list_sorted(f, AlertStore::SortColumn::Time, false, 0, 1);
    auto last = past.list_sorted(f, AlertStore::SortColumn::Time, true, 0, 1);
    if (!first || !last) return store_error();
    if (!first->empty()) lo = first->front().tstamp, hi = last->front().tstamp;
  } else {
    all = visible_alerts(*services.alerts, r.query.engaged, f, c.visible());
    if (!all) return store_error();
    for (const Alert& a : *all)
      lo = std::min(lo, a.begin_s), hi = std::max(hi, a.begin_s);
  }
  if (f.epoch_begin) lo = *f.epoch_begin, hi = *f.epoch_end;
  if (lo > hi) lo = hi = 0;
  slots = slots_for(lo, hi);
  if (in_store) {
    auto rows = services.alerts->past().count_by_time(f, slots.width);
    if (!rows) return store_error();
    for (const auto& row : *rows)
      counts[{row.severity, slots.slot_of(row.slot)}] += row.count;
  } else {
    for (const Alert& a : *all)  // an engaged alert counts once, in the slot it began in
      ++counts[{static_cast<int64_t>(a.severity), slots.slot_of(a.begin_s)}];
  }
  return std::nullopt;
}

json::array series_data(const Slots& slots, const SlotCounts& counts, int64_t severity) {
  json::array data;
  for (int64_t i = 0; i <= kSlots; ++i) {
    const int64_t slot = slots.first + i * slots.width;
    auto it = counts.find({severity, slot});
    data.push_back(json::array{slot * 1000, it == counts.end() ? 0 : it->second});
  }
  return data;
}

/// `{series: [{name, data: [[ms, count], ...]}], colors}`: one series per severity that has alerts, the
/// most severe first; "No alerts" with zeros when none has.
Route ts_route(ApiServices& services, std::optional<Entity> entity) {
  return alert_read_route(services, entity, [&services, entity](NtopCall& c, const AlertRequest& r) {
    Slots slots;
    SlotCounts counts;
    if (auto bad = count_slots(services, c, r, slots, counts)) return std::move(*bad);
    json::array series, colors;
    for (int64_t sev = static_cast<int64_t>(Severity::Emergency); sev > 0; --sev) {
      bool any =
          std::any_of(counts.begin(), counts.end(), [&](const auto& kv) { return kv.first.first == sev; });
      if (!any) continue;
      const auto s = static_cast<Severity>(sev);
      series.push_back(json::object{{"name", severity_title(s)}, {"data", series_data(slots, counts, sev)}});
      colors.push_back(json::string(severity_color(s)));
    }
    if (series.empty()) {
      series.push_back(json::object{{"name", "No alerts"}, {"data", series_data(slots, counts, 0)}});
      colors.push_back("#ccc");
    }
    return ntop_ok(json::object{{"series", std::move(series)}, {"colors", std::move(colors)}});
  });
}

/// Alerts per type: how many, and the highest severity.
struct TypeTally {
  int64_t count = 0;
  int64_t max_severity = 0;
};
using TypeTallies = std::map<std::pair<int64_t, int64_t>, TypeTally>;  // (entity, alert id)

/// Alerts per address (flows: client, server, either).
struct AddressTallies {
  std::map<std::string, int64_t> client, server, either;
};

std::optional<http::Response> tally(ApiServices& services, const NtopCall& c, const AlertRequest& r,
                                    TypeTallies& types, AddressTallies& addresses, int64_t& total) {
  const store::AlertFilter& f = r.query.filter;
  if (!r.query.engaged && !c.visible()) {
    AlertStore& past = services.alerts->past();
    auto rows = past.count_by_type_severity(f);
    auto clients = past.count_by_address(AlertStore::AddressColumn::ClientIp, f);
    auto servers = past.count_by_address(AlertStore::AddressColumn::ServerIp, f);
    if (!rows || !clients || !servers) return store_error();
    for (const auto& row : *rows) {
      TypeTally& t = types[{row.entity, row.alert_id}];
      t.count += row.count;
      t.max_severity = std::max(t.max_severity, row.severity);
      total += row.count;
    }
    for (const auto& a : *clients)
      addresses.client[a.address] += a.count, addresses.either[a.address] += a.count;
    for (const auto& a : *servers)
      addresses.server[a.address] += a.count, addresses.either[a.address] += a.count;
    return std::nullopt;
  }
  auto all = visible_alerts(*services.alerts, r.query.engaged, f, c.visible());
  if (!all) return store_error();
  for (const Alert& a : *all) {
    TypeTally& t = types[{static_cast<int64_t>(a.entity), a.type_id}];
    ++t.count;
    t.max_severity = std::max(t.max_severity, static_cast<int64_t>(a.severity));
    ++total;
    if (a.entity != Entity::Flow) continue;
    const std::string cli = a.client.ip.to_string(), srv = a.server.ip.to_string();
    ++addresses.client[cli], ++addresses.either[cli];
    ++addresses.server[srv], ++addresses.either[srv];
  }
  return std::nullopt;
}

/// ntopng's count in a top list: the share of all alerts in percent, rounded down.
int64_t percent(int64_t count, int64_t total) {
  return total ? count * 100 / total : 0;
}

json::object top_section(const char* name, const char* label, json::array value) {
  return {{"name", name}, {"label", label}, {"tooltip", label}, {"value", std::move(value)}};
}

json::array top_types(const TypeTallies& types, int64_t total, bool by_severity) {
  std::vector<std::pair<std::pair<int64_t, int64_t>, TypeTally>> sorted(types.begin(), types.end());
  std::stable_sort(sorted.begin(), sorted.end(), [by_severity](const auto& x, const auto& y) {
    if (by_severity && x.second.max_severity != y.second.max_severity)
      return x.second.max_severity > y.second.max_severity;
    return x.second.count > y.second.count;
  });
  json::array out;
  for (size_t i = 0; i < sorted.size() && i < kTopLimit; ++i) {
    const auto& [key, t] = sorted[i];
    const auto entity = static_cast<Entity>(key.first);
    const std::string label = alert_type_label(entity, static_cast<uint16_t>(key.second));
    json::object o{{"key", "alert_id"}, {"value", key.second},    {"label", label},
                   {"title", label},    {"entity_id", key.first}, {"num_alerts", t.count}};
    if (by_severity) {
      o["severity"] = t.max_severity;
      o["severity_label"] = severity_title(static_cast<Severity>(t.max_severity));
    } else {
      o["count"] = percent(t.count, total);
    }
    out.push_back(std::move(o));
  }
  return out;
}

json::array top_addresses(const std::map<std::string, int64_t>& counts, const char* key, int64_t total) {
  std::vector<std::pair<std::string, int64_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  json::array out;
  for (size_t i = 0; i < sorted.size() && i < kTopLimit; ++i)
    out.push_back(json::object{{"key", key},
                               {"value", sorted[i].first},
                               {"label", sorted[i].first},
                               {"title", sorted[i].first},
                               {"count", percent(sorted[i].second, total)},
                               {"num_alerts", sorted[i].second}});
  return out;
}

Route top_route(ApiServices& services, std::optional<Entity> entity) {
  return alert_read_route(services, entity, [&services, entity](NtopCall& c, const AlertRequest& r) {
    TypeTallies types;
    AddressTallies addresses;
    int64_t total = 0;
    if (auto bad = tally(services, c, r, types, addresses, total)) return std::move(*bad);
    json::array out;
    out.push_back(top_section("top_alerts_by_count", "Top Alerts", top_types(types, total, false)));
    out.push_back(
        top_section("top_alerts_by_severity", "Top Alerts by Severity", top_types(types, total, true)));
    if (entity == Entity::Flow) {
      out.push_back(
          top_section("top_cli_ip", "Top Clients", top_addresses(addresses.client, "cli_ip", total)));
      out.push_back(
          top_section("top_srv_ip", "Top Servers", top_addresses(addresses.server, "srv_ip", total)));
      out.push_back(top_section("top_ip", "Top Hosts", top_addresses(addresses.either, "ip", total)));
    }
    return ntop_ok(out);
  });
}

}  // namespace

void register_alert_stats_routes(RouteTree& tree, ApiServices& services) {
  add_ntopng_read(tree, "get/alert/ts.lua", ts_route(services, std::nullopt));
  add_ntopng_read(tree, "get/flow/alert/ts.lua", ts_route(services, Entity::Flow));
  add_ntopng_read(tree, "get/host/alert/ts.lua", ts_route(services, Entity::Host));
  add_ntopng_read(tree, "get/interface/alert/ts.lua", ts_route(services, Entity::Interface));
  add_ntopng_read(tree, "get/mac/alert/ts.lua", ts_route(services, Entity::Mac));
  add_ntopng_read(tree, "get/alert/top.lua", top_route(services, std::nullopt));
  add_ntopng_read(tree, "get/flow/alert/top.lua", top_route(services, Entity::Flow));
}

}  // namespace netmeter::api::ntopng
