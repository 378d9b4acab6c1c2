// The ARP module: /API/stats/modules/arp, arp/ips and arp/macs (docs/allegro/mac.md).
#include <array>

#include "api/allegro/allegro_routes.hpp"
#include "api/allegro/list_json.hpp"
#include "api/allegro/mac_json.hpp"
#include "api/allegro/stats_route.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;
using query::SortKey;

namespace {

constexpr std::string_view kBase = "/API/stats/modules/arp";

// `packets` (requests and replies) comes with the traffic names; bytes and rates are not counted.
constexpr std::array kIpSorts = {
    SortName{"ip", SortKey::Key}, SortName{"name", SortKey::Name}, SortName{"requests", SortKey::Requests},
    SortName{"replies", SortKey::Replies}, SortName{"gratuitous", SortKey::Gratuitous}};
constexpr std::array kMacSorts = {
    SortName{"mac", SortKey::Key}, SortName{"vendor", SortKey::Name}, SortName{"requests", SortKey::Requests},
    SortName{"replies", SortKey::Replies}, SortName{"gratuitous", SortKey::Gratuitous}};

http::Response arp_module(StatsCall& c) {
  const query::ArpTotals t = c.query().arp_totals(c.visible());
  json::object o = arp_counts_json(t.counts);
  o["numberOfIps"] = t.ips;
  o["numberOfMacs"] = t.macs;
  return json_response(200, o);
}

http::Response arp_ips(StatsCall& c) {
  ListParams lp;
  if (auto bad = list_params(c, kIpSorts, {}, lp)) return std::move(*bad);
  const query::ArpFilter filter{lp.filter};
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  return list_answer<query::ArpHostItem>(
      lp, [keep, q, filter](const query::ListRequest& r) { return q->arp_hosts(r, filter); }, arp_host_json,
      kArpHostCsvHeader, arp_host_csv_row, "arp_ips.csv");
}

http::Response arp_macs(StatsCall& c) {
  ListParams lp;
  if (auto bad = list_params(c, kMacSorts, {}, lp)) return std::move(*bad);
  const query::ArpFilter filter{lp.filter};
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  return list_answer<query::ArpMacItem>(
      lp, [keep, q, filter](const query::ListRequest& r) { return q->arp_macs(r, filter); }, arp_mac_json,
      kArpMacCsvHeader, arp_mac_csv_row, "arp_macs.csv");
}

}  // namespace

void register_arp_routes(RouteTree& tree, ApiServices& s) {
  const std::string base(kBase);
  tree.add("GET", base, stats_route(s, arp_module));
  tree.add("GET", base + "/ips", stats_route(s, arp_ips));
  tree.add("GET", base + "/macs", stats_route(s, arp_macs));
}

}  // namespace netmeter::api::allegro
