// The ntopng interface family: get/interface/data, address, l7/stats, dscp/stats and the top talkers
// (docs/ntopng/interface.md).
#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "api/dialect.hpp"
#include "api/ntopng/alert_counts_json.hpp"
#include "api/ntopng/chart_json.hpp"
#include "api/ntopng/interface_json.hpp"
#include "api/ntopng/ntopng_routes.hpp"
#include "api/routes.hpp"
#include "history/export_queue.hpp"

namespace netmeter::api::ntopng {

namespace json = boost::json;

namespace {

constexpr uint16_t kArpEtherType = 0x0806;
constexpr int64_t kDefaultMaxValues = 5;  // count mode's slices before "Other"

DataContext data_context(const ApiServices& s) {
  using namespace std::chrono;
  DataContext ctx;
  ctx.now_s = duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
  ctx.uptime_s = duration_cast<seconds>(steady_clock::now() - s.started).count();
  return ctx;
}

/// The export queue's counters, when flows are exported (--history).
std::optional<history::ExportCounters> export_counters(const ApiServices& s) {
  if (!s.history_export) return std::nullopt;
  return s.history_export->counters();
}

/// ntopng's flow export fields, which its get/interface/data.lua sets when flows are dumped to a
/// database: the interface's flows stored and lost (docs/ntopng/interface.md).
void put_flow_export(json::object& o, const std::optional<history::ExportCounters>& exports, uint32_t ifid) {
  if (!exports) return;
  auto it = exports->slots.find(static_cast<uint16_t>(ifid));
  const history::SlotExportCounters c =
      it != exports->slots.end() ? it->second : history::SlotExportCounters{};
  o["flow_export_count"] = c.stored;
  o["flow_export_drops"] = c.dropped;
}

/// `iffilter=all`: every interface the caller may see, keyed by its id as a string.
http::Response all_interfaces(ApiServices& s, Call& call) {
  json::object out;
  const DataContext ctx = data_context(s);
  const auto exports = export_counters(s);
  if (s.slots) {
    for (const SlotInfo& info : s.slots->list()) {
      const std::string id = std::to_string(info.id);
      SelectedInterface sel = select_interface(call, s, id);
      if (sel.error) continue;  // forbidden, gone, or without statistics
      NtopCall c{call, info.id, std::move(sel.slot)};
      json::object o = interface_data(c, ctx);
      put_interface_alert_counts(o, s.alerts, c);
      put_flow_export(o, exports, info.id);
      out[id] = std::move(o);
    }
  }
  return ntop_ok(out);
}

/// get/interface/data.lua: `ifid`, or `iffilter` (an id, or "all"). Not cached: it tells the time.
Route data_route(ApiServices& s) {
  return {[&s](Call& call) {
            auto filter = call.params.non_empty("iffilter");
            if (filter && *filter == "all") return all_interfaces(s, call);
            auto id = filter ? filter : call.params.non_empty("ifid");
            SelectedInterface sel = select_interface(call, s, id);
            if (sel.error) return std::move(*sel.error);
            NtopCall c{call, sel.ifid, std::move(sel.slot)};
            json::object o = interface_data(c, data_context(s));
            put_interface_alert_counts(o, s.alerts, c);
            put_flow_export(o, export_counters(s), sel.ifid);
            return ntop_ok(o);
          },
          Need::read_stats, BodyKind::params};
}

http::Response addresses(NtopCall& c) {
  json::array list;
  if (c.slot->status().live)
    for (const std::string& a : interface_addresses(c.slot->info().name))
      list.push_back(json::value(a));
  return ntop_ok(json::object{{"addresses", std::move(list)}});
}

http::Response broadcast_domains(NtopCall& c) {
  json::object domains;
  for (const auto& d : c.query().broadcast_domains(c.visible()))
    domains[d.network.to_string()] = json::object{{"ghost_network", d.ghost}, {"hits", d.hits}};
  return ntop_ok(json::object{{"bcast_domains", std::move(domains)}});
}

query::ListRequest everything() {
  query::ListRequest r;
  r.page_size = 0;
  r.with_interval = false;
  return r;
}

/// The protocol an application's traffic counts under in ntopng's per-protocol byte statistics: the
/// app protocol unless there is none or the master is "informative", which only DNS is (DNS.Google
/// counts as DNS, TLS.Google as Google).
uint16_t stats_protocol(uint16_t master, uint16_t app, const query::NameResolver& names) {
  return app != 0 && names.application(0, master) != "DNS" ? app : master;
}

/// nDPI's names of single protocols.
std::map<uint16_t, std::string> protocol_names(const NtopCall& c, const std::vector<uint16_t>& ids) {
  return c.query().read([&](const stats::StatsStore&, const query::NameResolver& names) {
    std::map<uint16_t, std::string> out;
    for (uint16_t id : ids)
      out[id] = names.application(0, id);
    return out;
  });
}

/// Bytes per protocol since the start (ntopng's default sinceStartup chart), with ARP apart.
std::vector<Slice> protocol_bytes(const NtopCall& c) {
  const auto apps = c.query().entities(query::Module::Application, everything()).items;
  auto bytes = c.query().read([&](const stats::StatsStore&, const query::NameResolver& names) {
    std::map<std::string, uint64_t> out;
    for (const query::ModuleItem& m : apps) {
      const uint16_t id = stats_protocol(query::app_master(m.ref.id), query::app_protocol(m.ref.id), names);
      out[names.application(0, id)] += m.traffic.all_time.bytes();
    }
    return out;
  });
  std::vector<Slice> out;
  for (const auto& [name, b] : bytes)
    if (b > 0) out.push_back({name, b});
  for (const query::EtherTypeItem& e : c.query().ethertypes(everything()).items)
    if (e.ethertype == kArpEtherType && e.traffic.bytes() > 0) out.push_back({"ARP", e.traffic.bytes()});
  return out;
}

/// Bytes per breed or per category: the module's entities under their names.
std::vector<Slice> module_bytes(const NtopCall& c, query::Module module) {
  std::map<std::string, uint64_t> bytes;
  for (const query::ModuleItem& m : c.query().entities(module, everything()).items)
    bytes[m.name] += m.traffic.all_time.bytes();
  std::vector<Slice> out;
  for (const auto& [name, b] : bytes)
    if (b > 0) out.push_back({name, b});
  return out;
}

json::array plain_slices(std::vector<Slice> slices) {
  std::sort(slices.begin(), slices.end(), [](const Slice& a, const Slice& b) {
    return a.value != b.value ? a.value > b.value : a.label < b.label;
  });
  json::array out;
  for (const Slice& s : slices)
    out.push_back(json::object{{"label", s.label}, {"value", s.value}});
  return out;
}

/// ndpistats_mode=count: active flows per application, the largest `max_values` above 3 % of the flows
/// each, then "Other" with the rest, or "No Flows".
json::array flow_count_slices(const NtopCall& c, size_t max_values) {
  const query::FlowCounts counts = c.query().flow_counts(keeps_finished_flows(c), c.visible());
  std::vector<uint16_t> ids;
  for (const auto& [id, n] : counts.by_protocol)
    ids.push_back(id);
  const auto names = protocol_names(c, ids);
  std::vector<Slice> slices;
  for (const auto& [id, n] : counts.by_protocol)
    slices.push_back({names.at(id), n});
  std::sort(slices.begin(), slices.end(), [](const Slice& a, const Slice& b) {
    return a.value != b.value ? a.value > b.value : a.label < b.label;
  });
  uint64_t rest = counts.flows;
  const double threshold = static_cast<double>(counts.flows) * 3.0 / 100.0;
  json::array out;
  for (const Slice& s : slices) {
    if (out.size() >= max_values || static_cast<double>(s.value) <= threshold) break;
    out.push_back(json::object{{"label", s.label}, {"value", s.value}});
    rest -= s.value;
  }
  if (rest > 0)
    out.push_back(json::object{{"label", "Other"}, {"value", rest}});
  else if (out.empty())
    out.push_back(json::object{{"label", "No Flows"}, {"value", 0}});
  return out;
}

http::Response l7_stats(NtopCall& c) {
  const Params& p = c.call.params;
  auto mode = p.non_empty("ndpistats_mode");
  if (!mode || (*mode != "sinceStartup" && *mode != "count"))
    return invalid_arguments("ndpistats_mode must be sinceStartup or count");
  auto max_values = p.integer("max_values", 0, 65535);
  if (max_values.error) return invalid_arguments("max_values: " + *max_values.error);
  if (*mode == "count") {
    size_t max = static_cast<size_t>(max_values.value.value_or(kDefaultMaxValues));
    if (p.flag("all_values").value_or(false)) max = 65535;
    return ntop_ok(flow_count_slices(c, max));
  }
  std::vector<Slice> slices;
  if (p.flag("breed").value_or(false))
    slices = module_bytes(c, query::Module::Breed);
  else if (p.flag("ndpi_category").value_or(false))
    slices = module_bytes(c, query::Module::Category);
  else
    slices = protocol_bytes(c);
  if (!p.flag("collapse_stats").value_or(true)) return ntop_ok(plain_slices(std::move(slices)));
  return ntop_ok(collapse_stats(std::move(slices), 1, 3));
}

http::Response dscp_stats(NtopCall& c) {
  std::map<std::string, uint64_t> packets;
  for (const query::ModuleItem& m : c.query().entities(query::Module::Dscp, everything()).items)
    packets[dscp_class(static_cast<uint8_t>(m.ref.id))] += m.traffic.all_time.packets();
  std::vector<Slice> slices;
  for (const auto& [cls, n] : packets)
    slices.push_back({dscp_class_label(cls), n});
  return ntop_ok(collapse_stats(std::move(slices), 1, 1));
}

/// The ten visible local (or remote) hosts with the most traffic since the start.
http::Response top_talkers(NtopCall& c, query::HostMode mode) {
  query::ListRequest r;
  r.sort = query::SortKey::Bytes;
  r.order = query::Order::Descending;
  r.page_size = 10;
  r.visible = c.visible();
  query::HostFilter f;
  f.mode = mode;
  json::array out;
  for (const query::HostItem& h : c.query().hosts(r, f).items) {
    const std::string ip = h.key.ip.to_string();
    const stats::Traffic& all = h.traffic.all_time;
    out.push_back(json::object{{"ip", ip},
                               {"vlan", h.key.vlan},
                               {"name", h.name.empty() ? ip : h.name},
                               {"value", all.bytes()},
                               {"bytes", json::object{{"sent", all.tx_bytes}, {"rcvd", all.rx_bytes}}},
                               {"throughput", h.traffic.last_second.bytes() * 8}});
  }
  return ntop_ok(out);
}

void add_talkers(RouteTree& tree, ApiServices& s, std::string_view side, query::HostMode mode) {
  Route r = interface_route(s, [mode](NtopCall& c) { return top_talkers(c, mode); });
  for (std::string_view object : {"interface", "host"}) {
    const std::string rest = "get/" + std::string(object) + "/top/" + std::string(side) + "/talkers.lua";
    add_ntopng_read(tree, rest, r, true);
  }
}

}  // namespace

void register_interface_routes(RouteTree& tree, ApiServices& s) {
  add_ntopng_read(tree, "get/interface/data.lua", data_route(s));
  add_ntopng_read(tree, "get/interface/address.lua", interface_route(s, addresses));
  add_ntopng_read(tree, "get/interface/bcast_domains.lua", interface_route(s, broadcast_domains));
  add_ntopng_read(tree, "get/interface/l7/stats.lua", interface_route(s, l7_stats));
  add_ntopng_read(tree, "get/interface/dscp/stats.lua", interface_route(s, dscp_stats));
  add_talkers(tree, s, "local", query::HostMode::Local);
  add_talkers(tree, s, "remote", query::HostMode::Remote);
}

}  // namespace netmeter::api::ntopng
