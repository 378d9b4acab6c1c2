#include "api/allegro/module_json.hpp"

#include <charconv>

#include "api/allegro/counters_json.hpp"
#include "api/allegro/list_json.hpp"
#include "api/common/csv_body.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;

namespace {

/// rx + tx into rx: a module without a direction of its own.
stats::Traffic fold(const stats::Traffic& t) {
  return {t.packets(), t.bytes(), 0, 0};
}

query::TrafficValues folded_values(const query::TrafficValues& v) {
  return {fold(v.all_time), fold(v.last_second), fold(v.interval), fold(v.interval_per_second)};
}

void fold_graph(query::Graph& g) {
  for (query::GraphPoint& p : g.points)
    p.value = fold(p.value);
}

void put_graph(json::object& o, query::Graph graph, bool fold, const TimeParams& time) {
  if (fold) fold_graph(graph);
  o["history"] = history_object(graph, time.history_data, graph.end * 1000);
}

/// First and last activity, unless there was none (no traffic).
void put_activity(json::object& o, int64_t first_ns, int64_t last_ns) {
  if (first_ns == 0 && last_ns == 0) return;
  o["firstActivity"] = epoch_s(first_ns);
  o["lastActivity"] = epoch_s(last_ns);
}

/// The counters a CSV row shows: the interval's when the request gave one, else all-time.
void csv_row(std::string& out, const ModuleSpec& spec, const query::ModuleItem& m, const TimeParams& time) {
  if (spec.csv_key) {
    spec.csv_key(out, m);
    out.push_back(',');
  }
  csv_field(out, m.name);
  out.push_back(',');
  csv_number(out, epoch_s(m.first_ns));
  out.push_back(',');
  csv_number(out, epoch_s(m.last_ns));
  const stats::Traffic& t = csv_traffic(m.traffic, time);
  csv_traffic_fields(out, spec.fold ? fold(t) : t);
}

}  // namespace

json::object module_item_json(const ModuleSpec& spec, const query::ModuleItem& m) {
  json::object o;
  spec.put_key(o, m);
  o[spec.name_field] = m.name;
  put_activity(o, m.first_ns, m.last_ns);
  put_counters(o, spec.fold ? folded_values(m.traffic) : m.traffic);
  if (spec.fold) put_directions(o, m.traffic.all_time);
  return o;
}

void put_module_history(json::object& o, const StatsCall& c, const ModuleSpec& spec,
                        const query::EntityRef& ref) {
  if (!c.time.history) return;
  auto graph = c.query().graph(ref, c.time.graph);
  if (graph) put_graph(o, std::move(*graph), spec.fold, c.time);
}

http::Response module_list(StatsCall& c, const ModuleSpec& spec) {
  ListParams lp;
  if (auto bad = list_params(c, spec.sorts, {}, lp)) return std::move(*bad);
  query::ModuleFilter filter = spec.filter;
  filter.text = lp.filter;
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  const TimeParams time = c.time;
  const bool item_history = c.call.params.flag("history").value_or(false);
  std::string header(spec.csv_key_header);
  header += header.empty() ? "" : ",";
  header += spec.name_field;
  header += ",firstActivity,lastActivity,rxPackets,rxBytes,txPackets,txBytes";
  return list_answer<query::ModuleItem>(
      lp,
      [keep, q, module = spec.module, filter](const query::ListRequest& r) {
        return q->entities(module, r, filter);
      },
      [&](const query::ModuleItem& m) {
        json::object o = module_item_json(spec, m);
        if (item_history) put_module_history(o, c, spec, m.ref);
        return o;
      },
      header, [spec, time](std::string& out, const query::ModuleItem& m) { csv_row(out, spec, m, time); },
      spec.csv_file);
}

std::optional<json::object> module_item(const StatsCall& c, const ModuleSpec& spec,
                                        const query::EntityRef& ref) {
  auto m = c.query().entity(ref, c.time.interval);
  if (!m) return std::nullopt;
  json::object o = module_item_json(spec, *m);
  put_module_history(o, c, spec, ref);
  return o;
}

json::object module_counters(const StatsCall& c, const ModuleSpec& spec, size_t& items) {
  query::ListRequest r;
  r.interval = c.time.interval;
  r.visible = c.visible();
  const query::ModuleTotals totals = c.query().module_totals(spec.module, r, spec.filter);
  items = totals.items;
  json::object o;
  put_counters(o, spec.fold ? folded_values(totals.traffic) : totals.traffic);
  put_activity(o, totals.first_ns, totals.last_ns);
  if (c.time.history)
    put_graph(o, c.query().module_graph(spec.module, c.time.graph, r, spec.filter), spec.fold, c.time);
  return o;
}

std::optional<uint64_t> path_number(std::string_view text, uint64_t max) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || v > max) return std::nullopt;
  return v;
}

http::Response unknown_item(std::string_view what, std::string_view text) {
  return allegro_error(404, "unknown " + std::string(what) + " '" + std::string(text) + "'");
}

void put_directions(json::object& o, const stats::Traffic& t) {
  o["clientToServer"] = json::object{{"packets", t.tx_packets}, {"bytes", t.tx_bytes}};
  o["serverToClient"] = json::object{{"packets", t.rx_packets}, {"bytes", t.rx_bytes}};
}

}  // namespace netmeter::api::allegro
