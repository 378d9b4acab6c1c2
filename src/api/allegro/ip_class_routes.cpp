// Modules that classify IP packets: /API/stats/modules/qos (DSCP), packet_size, icmp and multicast
// (docs/allegro/modules.md).
#include <array>
#include <cstdio>

#include "api/allegro/counters_json.hpp"
#include "api/allegro/module_json.hpp"
#include "api/allegro/module_routes.hpp"
#include "api/common/csv_body.hpp"
#include "query/hosts.hpp"
#include "stats/packet_view.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;
using query::SortKey;

namespace {

constexpr std::string_view kQosBase = "/API/stats/modules/qos";
constexpr std::string_view kSizeBase = "/API/stats/modules/packet_size";
constexpr std::string_view kIcmpBase = "/API/stats/modules/icmp";
constexpr std::string_view kMulticastBase = "/API/stats/modules/multicast";

constexpr std::array kDscpSorts = {SortName{"dscp", SortKey::Key}, SortName{"name", SortKey::Name}};
constexpr std::array kSizeSorts = {SortName{"bin", SortKey::Key}, SortName{"size", SortKey::Key},
                                   SortName{"name", SortKey::Name}};
constexpr std::array kIcmpSorts = {SortName{"type", SortKey::Key}, SortName{"id", SortKey::Key},
                                   SortName{"name", SortKey::Name}};
constexpr std::array kGroupSorts = {SortName{"ip", SortKey::Key}, SortName{"group", SortKey::Key}};

// ---- qos ----

ModuleSpec dscp_spec() {
  ModuleSpec s;
  s.module = query::Module::Dscp;
  s.sorts = kDscpSorts;
  s.csv_key_header = "dscp";
  s.csv_file = "dscp.csv";
  s.put_key = [](json::object& o, const query::ModuleItem& m) { o["dscp"] = m.ref.id; };
  s.csv_key = [](std::string& out, const query::ModuleItem& m) { csv_number(out, m.ref.id); };
  return s;
}

http::Response one_dscp(StatsCall& c) {
  const std::string_view text = c.call.path_param("dscp");
  auto dscp = path_number(text, 63);
  auto o = dscp ? module_item(c, dscp_spec(), query::module_ref(query::Module::Dscp, *dscp)) : std::nullopt;
  if (!o) return unknown_item("DSCP class", text);
  return json_response(200, *o);
}

http::Response qos_module(StatsCall& c) {
  size_t classes = 0;
  json::object o;
  o["globalCounters"] = module_counters(c, dscp_spec(), classes);
  o["numberOfClasses"] = classes;
  o["numberOfItems"] = classes;
  return json_response(200, o);
}

// ---- packet_size ----

/// The frame lengths of a size class, from stats::size_bin itself; no upper bound for the last one.
struct SizeRange {
  uint32_t min = 0;
  std::optional<uint32_t> max;
};

SizeRange size_range(int bin) {
  constexpr uint32_t kBeyondClasses = 65536;  // wider than any bound of a class but the open last one
  SizeRange r;
  bool found = false;
  for (uint32_t len = 0; len <= kBeyondClasses; ++len) {
    if (stats::size_bin(len) != bin) continue;
    if (!found) r.min = len;
    found = true;
    r.max = len;
  }
  if (r.max == kBeyondClasses) r.max.reset();
  return r;
}

void put_size_range(json::object& o, int bin) {
  const SizeRange r = size_range(bin);
  o["minSize"] = r.min;
  if (r.max) o["maxSize"] = *r.max;
}

ModuleSpec size_spec() {
  ModuleSpec s;
  s.module = query::Module::PacketSize;
  s.sorts = kSizeSorts;
  s.csv_key_header = "bin";
  s.csv_file = "packet_sizes.csv";
  s.put_key = [](json::object& o, const query::ModuleItem& m) {
    o["bin"] = m.ref.id;
    put_size_range(o, static_cast<int>(m.ref.id));
  };
  s.csv_key = [](std::string& out, const query::ModuleItem& m) { csv_number(out, m.ref.id); };
  return s;
}

/// A size class by number ("2") or by name ("65-127").
std::optional<int> path_bin(std::string_view text) {
  if (auto n = path_number(text, stats::kSizeBins - 1)) return static_cast<int>(*n);
  for (int b = 0; b < stats::kSizeBins; ++b)
    if (text == stats::size_bin_name(b)) return b;
  return std::nullopt;
}

http::Response one_size(StatsCall& c) {
  const std::string_view text = c.call.path_param("bin");
  auto bin = path_bin(text);
  auto o =
      bin ? module_item(c, size_spec(), query::module_ref(query::Module::PacketSize, *bin)) : std::nullopt;
  if (!o) return unknown_item("packet size class", text);
  return json_response(200, *o);
}

/// `history` with one row per size class: packets per second of each.
json::object size_history(const StatsCall& c) {
  query::ListRequest r;
  r.interval = c.time.interval;
  const query::Graph sum = c.query().module_graph(query::Module::PacketSize, c.time.graph, r);
  std::array<std::optional<query::Graph>, stats::kSizeBins> bins;
  for (int b = 0; b < stats::kSizeBins; ++b)
    bins[b] = c.query().graph(query::module_ref(query::Module::PacketSize, b), c.time.graph);
  json::object h;
  json::array rows;
  for (int b = 0; b < stats::kSizeBins; ++b)
    rows.emplace_back(stats::size_bin_name(b));
  h["rows"] = std::move(rows);
  h["dataAge"] = sum.end * 1000;
  h["timespan"] = sum.step;
  if (!c.time.history_data) return h;
  json::array data;
  const uint64_t step = static_cast<uint64_t>(sum.step > 0 ? sum.step : 1);
  for (size_t i = 0; i < sum.points.size(); ++i) {
    data.emplace_back(sum.points[i].time_ms);
    for (const auto& g : bins)
      data.emplace_back(g && i < g->points.size() ? g->points[i].value.rx_packets / step : 0);
  }
  h["data"] = std::move(data);
  return h;
}

/// `globalCounters` of packet_size: one line per size class (its packets) in each counter.
json::object size_lines(const StatsCall& c) {
  query::ListRequest all{.interval = c.time.interval, .page_size = 0};
  std::array<query::TrafficValues, stats::kSizeBins> v{};
  for (const query::ModuleItem& m : c.query().entities(query::Module::PacketSize, all).items)
    if (m.ref.id < v.size()) v[m.ref.id] = m.traffic;
  json::object o;
  json::array rows, all_time, interval, last_second, per_second;
  for (int b = 0; b < stats::kSizeBins; ++b) {
    rows.emplace_back(stats::size_bin_name(b));
    all_time.emplace_back(v[b].all_time.packets());
    interval.emplace_back(v[b].interval.packets());
    last_second.emplace_back(v[b].last_second.packets());
    per_second.emplace_back(v[b].interval_per_second.packets());
  }
  o["rows"] = std::move(rows);
  o["allTime"] = std::move(all_time);
  o["interval"] = std::move(interval);
  o["lastSecond"] = std::move(last_second);
  o["intervalPerSecond"] = std::move(per_second);
  if (c.time.history) o["history"] = size_history(c);
  return o;
}

http::Response size_module(StatsCall& c) {
  json::object o;
  o["globalCounters"] = size_lines(c);
  json::array bins;
  for (int b = 0; b < stats::kSizeBins; ++b) {
    json::object bin{{"bin", b}, {"name", stats::size_bin_name(b)}};
    put_size_range(bin, b);
    bins.push_back(std::move(bin));
  }
  o["bins"] = std::move(bins);
  size_t items = 0;
  ModuleSpec spec = size_spec();
  json::object traffic = module_counters(c, spec, items);
  traffic.erase("history");
  o["traffic"] = std::move(traffic);
  o["numberOfItems"] = stats::kSizeBins;
  return json_response(200, o);
}

// ---- icmp ----

const char* icmp_type_name(bool v6, uint8_t type) {
  if (!v6) {
    switch (type) {
      case 0:
        return "Echo Reply";
      case 3:
        return "Destination Unreachable";
      case 4:
        return "Source Quench";
      case 5:
        return "Redirect";
      case 8:
        return "Echo Request";
      case 9:
        return "Router Advertisement";
      case 10:
        return "Router Solicitation";
      case 11:
        return "Time Exceeded";
      case 12:
        return "Parameter Problem";
      case 13:
        return "Timestamp";
      case 14:
        return "Timestamp Reply";
      default:
        return nullptr;
    }
  }
  switch (type) {
    case 1:
      return "Destination Unreachable";
    case 2:
      return "Packet Too Big";
    case 3:
      return "Time Exceeded";
    case 4:
      return "Parameter Problem";
    case 128:
      return "Echo Request";
    case 129:
      return "Echo Reply";
    case 130:
      return "Multicast Listener Query";
    case 131:
      return "Multicast Listener Report";
    case 132:
      return "Multicast Listener Done";
    case 133:
      return "Router Solicitation";
    case 134:
      return "Router Advertisement";
    case 135:
      return "Neighbor Solicitation";
    case 136:
      return "Neighbor Advertisement";
    case 137:
      return "Redirect";
    case 143:
      return "Multicast Listener Report v2";
    default:
      return nullptr;
  }
}

/// "icmp-8-0", "icmpv6-128-0": the path form of an ICMP type and code.
std::string icmp_id(uint64_t id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s-%u-%u", query::icmp_v6(id) ? "icmpv6" : "icmp", query::icmp_type(id),
                query::icmp_code(id));
  return buf;
}

std::optional<query::EntityRef> parse_icmp_id(std::string_view text) {
  bool v6 = false;
  if (text.starts_with("icmpv6-")) {
    v6 = true;
    text.remove_prefix(7);
  } else if (text.starts_with("icmp-")) {
    text.remove_prefix(5);
  } else {
    return std::nullopt;
  }
  const size_t dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto type = path_number(text.substr(0, dash), 255);
  auto code = path_number(text.substr(dash + 1), 255);
  if (!type || !code) return std::nullopt;
  return query::icmp_ref(v6, static_cast<uint8_t>(*type), static_cast<uint8_t>(*code));
}

ModuleSpec icmp_spec() {
  ModuleSpec s;
  s.module = query::Module::Icmp;
  s.sorts = kIcmpSorts;
  s.csv_key_header = "id,protocol,type,code";
  s.csv_file = "icmp.csv";
  s.put_key = [](json::object& o, const query::ModuleItem& m) {
    const bool v6 = query::icmp_v6(m.ref.id);
    o["id"] = icmp_id(m.ref.id);
    o["protocol"] = v6 ? "ICMPv6" : "ICMP";
    o["type"] = query::icmp_type(m.ref.id);
    o["code"] = query::icmp_code(m.ref.id);
    if (const char* n = icmp_type_name(v6, query::icmp_type(m.ref.id))) o["typeName"] = n;
  };
  s.csv_key = [](std::string& out, const query::ModuleItem& m) {
    out.append(icmp_id(m.ref.id));
    out.append(query::icmp_v6(m.ref.id) ? ",ICMPv6," : ",ICMP,");
    csv_number(out, uint64_t{query::icmp_type(m.ref.id)});
    out.push_back(',');
    csv_number(out, uint64_t{query::icmp_code(m.ref.id)});
  };
  return s;
}

http::Response one_icmp(StatsCall& c) {
  const std::string_view text = c.call.path_param("id");
  auto ref = parse_icmp_id(text);
  auto o = ref ? module_item(c, icmp_spec(), *ref) : std::nullopt;
  if (!o) return unknown_item("ICMP type", text);
  return json_response(200, *o);
}

http::Response icmp_module(StatsCall& c) {
  size_t types = 0;
  json::object o;
  o["globalCounters"] = module_counters(c, icmp_spec(), types);
  o["numberOfTypes"] = types;
  o["numberOfItems"] = types;
  return json_response(200, o);
}

// ---- multicast ----

ModuleSpec group_spec() {
  ModuleSpec s;
  s.module = query::Module::Multicast;
  s.sorts = kGroupSorts;
  s.csv_key_header = "ip,vlan";
  s.csv_file = "multicast_groups.csv";
  s.put_key = [](json::object& o, const query::ModuleItem& m) {
    o["ip"] = m.ref.host.ip.to_string();
    o["vlan"] = m.ref.host.vlan;
  };
  s.csv_key = [](std::string& out, const query::ModuleItem& m) {
    csv_field(out, m.ref.host.ip.to_string());
    out.push_back(',');
    csv_number(out, uint64_t{m.ref.host.vlan});
  };
  return s;
}

http::Response one_group(StatsCall& c) {
  const std::string_view text = c.call.path_param("ip");
  auto key = query::parse_host_key(text);
  auto o =
      key && c.may_see(key->ip) ? module_item(c, group_spec(), query::multicast_ref(*key)) : std::nullopt;
  if (!o) return unknown_item("multicast group", text);
  return json_response(200, *o);
}

http::Response multicast_module(StatsCall& c) {
  size_t groups = 0;
  json::object o;
  o["globalCounters"] = module_counters(c, group_spec(), groups);
  o["numberOfGroups"] = groups;
  o["numberOfItems"] = groups;
  return json_response(200, o);
}

}  // namespace

void register_ip_class_routes(RouteTree& tree, ApiServices& s) {
  const std::string qos(kQosBase);
  tree.add("GET", qos, stats_route(s, qos_module));
  tree.add("GET", qos + "/dscp_paged",
           stats_route(s, [](StatsCall& c) { return module_list(c, dscp_spec()); }));
  tree.add("GET", qos + "/dscp/:dscp", stats_route(s, one_dscp));
  const std::string size(kSizeBase);
  tree.add("GET", size, stats_route(s, size_module));
  tree.add("GET", size + "/generic", stats_route(s, size_module));
  tree.add("GET", size + "/sizes_paged",
           stats_route(s, [](StatsCall& c) { return module_list(c, size_spec()); }));
  tree.add("GET", size + "/sizes/:bin", stats_route(s, one_size));
  const std::string icmp(kIcmpBase);
  tree.add("GET", icmp, stats_route(s, icmp_module));
  tree.add("GET", icmp + "/types_paged",
           stats_route(s, [](StatsCall& c) { return module_list(c, icmp_spec()); }));
  tree.add("GET", icmp + "/types/:id", stats_route(s, one_icmp));
  const std::string multicast(kMulticastBase);
  tree.add("GET", multicast, stats_route(s, multicast_module));
  tree.add("GET", multicast + "/generic", stats_route(s, multicast_module));
  tree.add("GET", multicast + "/groups_paged",
           stats_route(s, [](StatsCall& c) { return module_list(c, group_spec()); }));
  tree.add("GET", multicast + "/groups/:ip", stats_route(s, one_group));
}

}  // namespace netmeter::api::allegro
