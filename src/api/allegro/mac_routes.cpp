// The MAC module (/API/stats/modules/mac) and the MAC-protocol module (/API/stats/modules/mac_protocols,
// EtherTypes); docs/allegro/mac.md.
#include <algorithm>
#include <array>

#include "api/allegro/allegro_routes.hpp"
#include "api/allegro/counters_json.hpp"
#include "api/allegro/list_json.hpp"
#include "api/allegro/mac_json.hpp"
#include "api/allegro/stats_route.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;
using query::SortKey;

namespace {

constexpr std::string_view kMacBase = "/API/stats/modules/mac";
constexpr std::string_view kProtocolBase = "/API/stats/modules/mac_protocols";

constexpr std::array kMacSorts = {SortName{"mac", SortKey::Key}, SortName{"vendor", SortKey::Name}};
constexpr std::array kEtherTypeSorts = {SortName{"ethertype", SortKey::Key},
                                        SortName{"protocol", SortKey::Name}, SortName{"name", SortKey::Name},
                                        SortName{"macs", SortKey::Flows}};
constexpr std::array kVlanSorts = {SortName{"outerVlanTag", SortKey::Key}, SortName{"vlan", SortKey::Key}};
constexpr std::array kPeerSorts = {SortName{"mac", SortKey::Key}, SortName{"vendor", SortKey::Name},
                                   SortName{"connections", SortKey::Flows}};
constexpr ListLimits kLongList{10, 10000};  // peers: as the spec's count=9999 for IP peers

/// The MAC of the path when it is well-formed, known, and the caller may see it (one of its addresses).
std::optional<query::MacItem> path_mac(const StatsCall& c) {
  auto key = query::parse_mac(c.call.path_param("mac"));
  if (!key) return std::nullopt;
  auto item = c.query().mac(*key, c.time.interval);
  if (!item) return std::nullopt;
  const Visibility visible = c.visible();
  if (visible && std::none_of(item->ips.begin(), item->ips.end(), visible)) return std::nullopt;
  return item;
}

http::Response no_mac(const StatsCall& c) {
  return allegro_error(404, "unknown MAC address '" + std::string(c.call.path_param("mac")) + "'");
}

json::object mac_module_object(const StatsCall& c) {
  const Visibility visible = c.visible();
  const query::MacTotals totals = c.query().mac_totals(c.time.interval, visible);
  json::object global;
  put_counters(global, totals.traffic);
  if (c.time.history) {
    const query::Graph g = c.query().mac_totals_graph(c.time.graph, visible);
    global["history"] = history_object(g, c.time.history_data, g.end * 1000);
  }
  json::object o;
  o["globalCounters"] = std::move(global);
  o["numberOfMacs"] = totals.macs;
  return o;
}

http::Response mac_paged(StatsCall& c) {
  ListParams lp;
  if (auto bad = list_params(c, kMacSorts, {}, lp)) return std::move(*bad);
  query::MacFilter filter;
  filter.text = lp.filter;
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  const Visibility visible = c.visible();
  const bool interval = c.time.requested;
  return list_answer<query::MacItem>(
      lp, [keep, q, filter](const query::ListRequest& r) { return q->macs(r, filter); },
      [visible](const query::MacItem& m) { return mac_item_json(m, visible); }, kMacCsvHeader,
      [interval, visible](std::string& out, const query::MacItem& m) {
        mac_csv_row(out, m, interval, visible);
      },
      "macs.csv");
}

http::Response one_mac(StatsCall& c) {
  auto item = path_mac(c);
  if (!item) return no_mac(c);
  json::object o = mac_detail_json(*item, c.visible());
  put_history(o, c.query(), query::module_ref(query::Module::Mac, item->mac), c.time);
  return json_response(200, o);
}

/// A per-MAC sub-list: 404 for a malformed, unknown or hidden MAC, else the page (or CSV).
template <typename Item, typename Fetch, typename ToJson>
http::Response mac_list(StatsCall& c, std::span<const SortName> sorts, ListLimits limits, Fetch fetch,
                        ToJson to_json, std::string_view header,
                        std::function<void(std::string&, const Item&)> row, std::string_view file) {
  auto key = query::parse_mac(c.call.path_param("mac"));
  if (!key) return no_mac(c);
  ListParams lp;
  if (auto bad = list_params(c, sorts, limits, lp)) return std::move(*bad);
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  const stats::MacKey mac = *key;
  query::ListRequest probe{.page_size = 1, .with_interval = false};
  probe.visible = lp.request.visible;
  if (!fetch(*q, mac, probe)) return no_mac(c);
  return list_answer<Item>(
      lp,
      [keep, q, mac, fetch](const query::ListRequest& r) {
        return fetch(*q, mac, r).value_or(query::Page<Item>{});
      },
      to_json, header, std::move(row), file);
}

json::object ethertype_list_json(const query::EtherTypeItem& e) {
  return ethertype_json(e, true);
}

json::object ethertype_of_mac_json(const query::EtherTypeItem& e) {
  return ethertype_json(e, false);
}

http::Response mac_protocols_paged(StatsCall& c) {
  ListParams lp;
  if (auto bad = list_params(c, kEtherTypeSorts, {}, lp)) return std::move(*bad);
  query::EtherTypeFilter filter;
  filter.text = lp.filter;
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  return list_answer<query::EtherTypeItem>(
      lp, [keep, q, filter](const query::ListRequest& r) { return q->ethertypes(r, filter); },
      ethertype_list_json, kEtherTypeCsvHeader, ethertype_csv_row, "mac_protocols.csv");
}

http::Response mac_protocols_generic(StatsCall& c) {
  query::ListRequest r;
  r.page_size = 0;
  r.visible = c.visible();
  const query::Page<query::EtherTypeItem> all = c.query().ethertypes(r);
  stats::Traffic total;
  json::array protocols;
  for (const query::EtherTypeItem& e : all.items) {
    total += e.traffic;
    protocols.push_back(ethertype_json(e, true));
  }
  json::object o;
  o["globalCounters"] = json::object{{"allTime", counter_array(total)}};
  o["numberOfProtocols"] = all.total;
  o["protocols"] = std::move(protocols);
  return json_response(200, o);
}

void register_mac_sub_lists(RouteTree& tree, ApiServices& s, const std::string& one) {
  tree.add("GET", one + "/protocol_paged", stats_route(s, [](StatsCall& c) {
             return mac_list<query::EtherTypeItem>(
                 c, kEtherTypeSorts, {},
                 [](const query::QueryService& q, stats::MacKey m, const query::ListRequest& r) {
                   return q.mac_ethertypes(m, r);
                 },
                 ethertype_of_mac_json, kEtherTypeCsvHeader, ethertype_csv_row, "protocols.csv");
           }));
  tree.add("GET", one + "/vlan_paged", stats_route(s, [](StatsCall& c) {
             return mac_list<query::MacVlanItem>(
                 c, kVlanSorts, {},
                 [](const query::QueryService& q, stats::MacKey m, const query::ListRequest& r) {
                   return q.mac_vlans(m, r);
                 },
                 [](const query::MacVlanItem& v) {
                   return json::object{{"outerVlanTag", outer_vlan_tag(v.vlan)}};
                 },
                 "outerVlanTag",
                 [](std::string& out, const query::MacVlanItem& v) {
                   out.append(std::to_string(outer_vlan_tag(v.vlan)));
                 },
                 "vlans.csv");
           }));
  tree.add("GET", one + "/peer_paged", stats_route(s, [](StatsCall& c) {
             return mac_list<query::MacPeerItem>(
                 c, kPeerSorts, kLongList,
                 [](const query::QueryService& q, stats::MacKey m, const query::ListRequest& r) {
                   return q.mac_peers(m, r);
                 },
                 mac_peer_json, kMacPeerCsvHeader, mac_peer_csv_row, "peers.csv");
           }));
}

}  // namespace

void register_mac_routes(RouteTree& tree, ApiServices& s) {
  const std::string base(kMacBase);
  tree.add("GET", base,
           stats_route(s, [](StatsCall& c) { return json_response(200, mac_module_object(c)); }));
  tree.add("GET", base + "/mac_paged", stats_route(s, mac_paged));
  tree.add("GET", base + "/macs/:mac", stats_route(s, one_mac));
  register_mac_sub_lists(tree, s, base + "/macs/:mac");

  const std::string protocols(kProtocolBase);
  tree.add("GET", protocols + "/mac_protocols_paged", stats_route(s, mac_protocols_paged));
  tree.add("GET", protocols + "/generic", stats_route(s, mac_protocols_generic));
}

}  // namespace netmeter::api::allegro
