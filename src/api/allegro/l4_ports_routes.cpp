// The L4 server ports module: /API/stats/modules/l4_ports (docs/allegro/modules.md "l4_ports").
#include <array>

#include "api/allegro/counters_json.hpp"
#include "api/allegro/ip_json.hpp"
#include "api/allegro/list_json.hpp"
#include "api/allegro/module_json.hpp"
#include "api/allegro/module_routes.hpp"
#include "api/common/csv_body.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;
using query::SortKey;

namespace {

constexpr std::string_view kBase = "/API/stats/modules/l4_ports";
constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;

constexpr std::array kPortSorts = {SortName{"serverPort", SortKey::Key}, SortName{"port", SortKey::Key}};
constexpr std::array kHostSorts = {SortName{"ip", SortKey::Key}, SortName{"name", SortKey::Name},
                                   SortName{"connections", SortKey::Flows}};
constexpr ListLimits kLongList{10, 10000};

ModuleSpec port_spec(uint8_t l4) {
  ModuleSpec s;
  s.module = query::Module::Port;
  s.filter.l4 = l4;
  s.sorts = kPortSorts;
  s.csv_key_header = "serverPort,l4Protocol";
  s.csv_file = l4 == kTcp ? "tcp_ports.csv" : "udp_ports.csv";
  s.put_key = [](json::object& o, const query::ModuleItem& m) {
    o["serverPort"] = query::port_number(m.ref.id);
    o["port"] = query::port_number(m.ref.id);
    o["l4Protocol"] = l4_short_name(query::port_l4(m.ref.id));
  };
  s.csv_key = [](std::string& out, const query::ModuleItem& m) {
    csv_number(out, uint64_t{query::port_number(m.ref.id)});
    out.push_back(',');
    out.append(l4_short_name(query::port_l4(m.ref.id)));
  };
  return s;
}

const char* role_name(query::PortRole r) {
  return r == query::PortRole::Server ? "server" : "client";
}

json::object port_host_json(const query::PortHostItem& h) {
  json::object o;
  o["ip"] = h.host.ip.to_string();
  o["vlan"] = h.host.vlan;
  o["name"] = h.name;
  o["role"] = role_name(h.role);
  o["firstActivity"] = epoch_s(h.first_ns);
  o["lastActivity"] = epoch_s(h.last_ns);
  o["allTime"] = counter_array(h.traffic);
  o["connections"] = h.connections;
  o["activeConnections"] = h.active_connections;
  return o;
}

void port_host_row(std::string& out, const query::PortHostItem& h) {
  csv_field(out, h.host.ip.to_string());
  out.push_back(',');
  csv_number(out, uint64_t{h.host.vlan});
  out.push_back(',');
  csv_field(out, h.name);
  out.push_back(',');
  out.append(role_name(h.role));
  for (uint64_t v : {h.traffic.rx_packets, h.traffic.rx_bytes, h.traffic.tx_packets, h.traffic.tx_bytes,
                     uint64_t{h.connections}}) {
    out.push_back(',');
    csv_number(out, v);
  }
}

std::optional<uint16_t> path_port(const StatsCall& c) {
  auto n = path_number(c.call.path_param("port"), 65535);
  if (!n) return std::nullopt;
  return static_cast<uint16_t>(*n);
}

/// How many visible hosts used the port in `role`.
size_t host_count(const StatsCall& c, uint8_t l4, uint16_t port, query::PortRole role) {
  query::ListRequest r{.page_size = 1, .with_interval = false};
  r.visible = c.visible();
  return c.query().port_hosts(l4, port, r, role).total;
}

http::Response one_port(StatsCall& c, uint8_t l4) {
  auto port = path_port(c);
  if (!port) return unknown_item("port", c.call.path_param("port"));
  auto o = module_item(c, port_spec(l4), query::port_ref(l4, *port));
  if (!o) return unknown_item(l4 == kTcp ? "TCP port" : "UDP port", c.call.path_param("port"));
  (*o)["numberOfServerIps"] = host_count(c, l4, *port, query::PortRole::Server);
  (*o)["numberOfClientIps"] = host_count(c, l4, *port, query::PortRole::Client);
  return json_response(200, *o);
}

http::Response port_ips(StatsCall& c, uint8_t l4) {
  auto port = path_port(c);
  if (!port || !c.query().entity(query::port_ref(l4, *port)))
    return unknown_item(l4 == kTcp ? "TCP port" : "UDP port", c.call.path_param("port"));
  std::optional<query::PortRole> role;
  if (auto r = c.call.params.non_empty("role")) {
    if (*r == "server")
      role = query::PortRole::Server;
    else if (*r == "client")
      role = query::PortRole::Client;
    else
      return allegro_error(400, "role must be 'server' or 'client'");
  }
  ListParams lp;
  if (auto bad = list_params(c, kHostSorts, kLongList, lp)) return std::move(*bad);
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  return list_answer<query::PortHostItem>(
      lp,
      [keep, q, l4, p = *port, role](const query::ListRequest& r) { return q->port_hosts(l4, p, r, role); },
      port_host_json, "ip,vlan,name,role,rxPackets,rxBytes,txPackets,txBytes,connections", port_host_row,
      "port_ips.csv");
}

json::object protocol_counters(const StatsCall& c, uint8_t l4, size_t& ports) {
  json::object o = module_counters(c, port_spec(l4), ports);
  o.erase("history");
  o["numberOfPorts"] = ports;
  return o;
}

http::Response module_object(StatsCall& c) {
  ModuleSpec both = port_spec(kTcp);
  both.filter.l4.reset();
  size_t items = 0;
  json::object o;
  o["globalCounters"] = module_counters(c, both, items);
  size_t tcp = 0, udp = 0;
  o["tcp"] = protocol_counters(c, kTcp, tcp);
  o["udp"] = protocol_counters(c, kUdp, udp);
  o["numberOfItems"] = tcp + udp;
  return json_response(200, o);
}

}  // namespace

void register_l4_port_routes(RouteTree& tree, ApiServices& s) {
  const std::string base(kBase);
  tree.add("GET", base, stats_route(s, module_object));
  for (uint8_t l4 : {kTcp, kUdp}) {
    const std::string name = l4 == kTcp ? "tcp" : "udp";
    tree.add("GET", base + "/" + name + "_ports_paged",
             stats_route(s, [l4](StatsCall& c) { return module_list(c, port_spec(l4)); }));
    tree.add("GET", base + "/" + name + "_port/:port",
             stats_route(s, [l4](StatsCall& c) { return one_port(c, l4); }));
    tree.add("GET", base + "/" + name + "_port/:port/ips",
             stats_route(s, [l4](StatsCall& c) { return port_ips(c, l4); }));
  }
}

}  // namespace netmeter::api::allegro
