// get/host/data.lua, get/host/custom_data.lua and get/host/interfaces.lua (docs/ntopng/hosts.md).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <map>

#include "api/common/visibility.hpp"
#include "api/dialect.hpp"
#include "api/ntopng/alert_counts_json.hpp"
#include "api/ntopng/host_json.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/ntopng/ntopng_routes.hpp"
#include "api/routes.hpp"

namespace netmeter::api::ntopng {

namespace json = boost::json;

namespace {

/// ntopng's `host_stats` flag: on unless given as something else than "", "true" or "1".
bool host_stats_wanted(const Params& p) {
  auto v = p.get("host_stats");
  return !v || v->empty() || *v == "true" || *v == "1";
}

json::object flow_json(const query::ConnectionItem& f) {
  json::object o;
  o["cli.ip"] = f.client.ip.to_string();
  o["srv.ip"] = f.server.ip.to_string();
  o["cli.port"] = f.client_port;
  o["srv.port"] = f.server_port;
  o["proto.ndpi_id"] = f.app != 0 ? f.app : f.master;
  o["proto.ndpi"] = f.application;
  o["proto.l4"] = f.l4;
  o["bytes"] = f.traffic.bytes();
  // The connection's average rates (bytes/s, packets/s): tx is client → server.
  o["cli2srv.throughput_bps"] = f.per_second.tx_bytes;
  o["srv2cli.throughput_bps"] = f.per_second.rx_bytes;
  o["cli2srv.throughput_pps"] = f.per_second.tx_packets;
  o["srv2cli.throughput_pps"] = f.per_second.rx_packets;
  return o;
}

/// `flows` (by bytes, descending, at most `limit`), `ndpiThroughputStats` and `flows_count` (every
/// connection of the host the store keeps, not ntopng's constant 0).
void put_flows(json::object& o, const HostFlows& flows) {
  json::array list;
  std::map<std::string, stats::Traffic> by_proto;
  for (const auto& f : flows.page.items) {
    list.push_back(flow_json(f));
    by_proto[f.application] += f.per_second;
  }
  json::object thpt;
  for (const auto& [name, t] : by_proto) {
    thpt[name] = json::object{
        {"cli2srv", json::object{{"throughput_bps", t.tx_bytes}, {"throughput_pps", t.tx_packets}}},
        {"srv2cli", json::object{{"throughput_bps", t.rx_bytes}, {"throughput_pps", t.rx_packets}}}};
  }
  o["flows"] = std::move(list);
  o["ndpiThroughputStats"] = std::move(thpt);
  o["flows_count"] = flows.page.total;
}

http::Response data(NtopCall& c, alerts::AlertService* alerts) {
  FoundHost h = find_host(c);
  if (h.error) return std::move(*h.error);
  const HostFacts& facts = *h.facts;
  const Params& p = c.call.params;
  json::object o = host_stats_wanted(p) ? host_data(facts) : json::object{};
  if (host_stats_wanted(p)) put_host_alert_counts(o, alerts, c, facts.detail.summary.key);
  if (p.non_empty("host_stats_flows")) {
    auto limit = p.integer("limit", 0, 1'000'000'000);
    if (limit.error) return invalid_arguments("limit: " + *limit.error);
    put_flows(o, host_flows(c, facts.detail.summary.key, static_cast<size_t>(limit.value.value_or(99999))));
  }
  return ntop_ok(o);
}

/// `field_alias`: "a,b=c": the fields a and b, b renamed c.
struct FieldAlias {
  std::string field;
  std::string alias;
};

std::vector<FieldAlias> parse_aliases(std::string_view text) {
  std::vector<FieldAlias> out;
  for (const std::string& item : split_list(text)) {
    auto eq = item.find('=');
    if (eq == std::string::npos)
      out.push_back({item, item});
    else
      out.push_back({item.substr(0, eq), item.substr(eq + 1)});
  }
  return out;
}

json::object pick(const json::object& all, const std::vector<FieldAlias>& fields) {
  json::object o;
  for (const auto& f : fields) {
    if (auto* v = all.if_contains(f.field)) o[f.alias] = *v;
  }
  return o;
}

http::Response custom_data(NtopCall& c) {
  auto text = c.call.params.non_empty("field_alias");
  if (!text) return invalid_arguments("field_alias is missing");
  const std::vector<FieldAlias> fields = parse_aliases(*text);
  if (c.call.params.non_empty("host")) {
    FoundHost h = find_host(c);
    if (h.error) return std::move(*h.error);
    return ntop_ok(pick(host_data(*h.facts), fields));
  }
  query::ListRequest r;
  r.page_size = 0;
  r.with_interval = false;
  r.visible = c.visible();
  json::array all;
  for (const auto& h : c.query().hosts(r).items) {
    if (auto facts = gather_host(c, h.key)) all.push_back(pick(host_data(*facts), fields));
  }
  return ntop_ok(all);
}

/// No ifid: every interface the caller may see where the host is known.
http::Response interfaces(Call& call, ApiServices& services) {
  HostParam hp = host_param(call.params);
  if (hp.error) return std::move(*hp.error);
  const stats::HostKey& key = *hp.key;
  json::array ifids;
  if (services.slots && may_see_address(call.principal, key.ip)) {
    for (uint32_t id : host_interfaces(call, services, key))
      ifids.push_back(json::object{{"ifid", id}});
  }
  return ntop_ok(json::object{{key.to_string(), std::move(ifids)}});
}

}  // namespace

void register_host_data_routes(RouteTree& tree, ApiServices& services) {
  add_ntopng_read(tree, "get/host/data.lua",
                  interface_route(
                      services, [&services](NtopCall& c) { return data(c, services.alerts); }, false));
  add_ntopng_read(tree, "get/host/custom_data.lua", interface_route(services, custom_data));
  add_ntopng_read(tree, "get/host/interfaces.lua",
                  Route{[&services](Call& call) { return interfaces(call, services); }, Need::read_stats,
                        BodyKind::params});
}

}  // namespace netmeter::api::ntopng
