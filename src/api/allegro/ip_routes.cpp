// The IP module: /API/stats/modules/ip and everything under it (docs/api.md "IP module").
#include <array>

#include "api/allegro/allegro_routes.hpp"
#include "api/allegro/counters_json.hpp"
#include "api/allegro/ip_json.hpp"
#include "api/allegro/list_json.hpp"
#include "api/allegro/stats_route.hpp"
#include "api/common/csv_body.hpp"
#include "api/common/filter_param.hpp"
#include "query/host_export.hpp"
#include "query/hosts.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;
using query::SortKey;

namespace {

constexpr std::string_view kBase = "/API/stats/modules/ip";

constexpr std::array kHostSorts = {SortName{"ip", SortKey::Key}, SortName{"name", SortKey::Name},
                                   SortName{"connections", SortKey::Flows}};
constexpr std::array kPeerSorts = {SortName{"ip", SortKey::Key}, SortName{"name", SortKey::Name},
                                   SortName{"connections", SortKey::Flows}};
constexpr std::array kPortSorts = {SortName{"port", SortKey::Key}, SortName{"connections", SortKey::Flows}};
constexpr std::array kProtocolSorts = {SortName{"protocol", SortKey::Name}, SortName{"name", SortKey::Name},
                                       SortName{"connections", SortKey::Flows}};
constexpr std::array kTcpSorts = {
    SortName{"ip", SortKey::Key},        SortName{"requests", SortKey::TcpHandshakes},
    SortName{"avg", SortKey::TcpRttAvg}, SortName{"min", SortKey::TcpRttMin},
    SortName{"max", SortKey::TcpRttMax}, SortName{"retransmissions", SortKey::TcpRetransmissions}};
constexpr std::string_view kIpCsvHeader =
    "ip,vlan,name,mac,firstActivity,lastActivity,rxPackets,rxBytes,txPackets,txBytes,activeConnections";
constexpr ListLimits kLongList{10, 10000};  // peers and connections: the spec's count=9999

std::optional<stats::HostKey> path_host(const StatsCall& c) {
  auto key = query::parse_host_key(c.call.path_param("ip"));
  if (!key || !c.may_see(key->ip)) return std::nullopt;
  return key;
}

http::Response no_host(const StatsCall& c) {
  return allegro_error(404, "unknown IP address '" + std::string(c.call.path_param("ip")) + "'");
}

json::object module_object(const StatsCall& c) {
  const query::InterfaceSummary s = c.query().interface(c.time.interval);
  json::object o;
  json::object global;
  put_counters(global, s.traffic);
  global["ipTraffic"] = counter_array(s.ip);
  global["nonIpPackets"] = s.non_ip_packets;
  put_history(global, c.query(), query::EntityRef{}, c.time);
  o["globalCounters"] = std::move(global);
  o["tcpStats"] = json::object{{"retransmissions", s.tcp_retransmissions},
                               {"outOfOrder", s.tcp_out_of_order},
                               {"lostSegments", s.tcp_lost}};
  o["traffic"] = json::object{{"localToRemote", counter_array(s.local_to_remote)},
                              {"remoteToLocal", counter_array(s.remote_to_local)},
                              {"localToLocal", counter_array(s.local_to_local)},
                              {"remoteToRemote", counter_array(s.remote_to_remote)}};
  o["numberOfIps"] = s.hosts;
  o["ipsRefused"] = s.hosts_refused;
  o["ipsExpired"] = s.hosts_expired;
  o["activeConnections"] = s.active_connections;
  o["totalConnections"] = s.flows_total;
  return o;
}

/// Batches of a host export (every host of `r`, in order) formatted by `row`. The export starts with
/// the first batch, when the client reads the body.
CsvRows host_export_rows(const StatsCall& c, query::ListRequest r, query::HostFilter f,
                         std::function<void(std::string&, const query::HostItem&)> row) {
  constexpr size_t kBatch = 2048;
  auto keep = c.slot.slot;
  auto ex = std::make_shared<query::HostExport>(*c.slot.query, std::move(r), std::move(f));
  return [keep, ex, row = std::move(row), items = std::vector<query::HostItem>()](std::string& out,
                                                                                  size_t want) mutable {
    bool more = true;
    while (more && out.size() < want) {
      items.clear();
      more = ex->next(kBatch, items);
      for (const auto& h : items)
        row(out, h);
    }
    return more;
  };
}

/// Every IP as a JSON array of strings ("ip" or "ip@vlan"), streamed: the spec's server-ports script
/// iterates it, and it may hold millions.
http::Response all_ips(StatsCall& c) {
  query::ListRequest r;
  r.with_interval = false;
  r.visible = c.visible();
  auto first = std::make_shared<bool>(true);
  auto row = [first](std::string& out, const query::HostItem& h) {
    if (!*first) out.push_back(',');
    *first = false;
    out.push_back('"');
    out.append(h.key.to_string());  // digits, letters, '.', ':' and '@': nothing to escape
    out.push_back('"');
  };
  return batched_response("application/json", "[", host_export_rows(c, std::move(r), {}, row), "]");
}

void ip_csv_row(std::string& out, const query::HostItem& h, const TimeParams& time) {
  csv_field(out, h.key.ip.to_string());
  out.push_back(',');
  csv_number(out, uint64_t{h.key.vlan});
  out.push_back(',');
  csv_field(out, h.name);
  out.push_back(',');
  if (h.mac) out.append(stats::mac_to_string(h.mac));
  out.push_back(',');
  csv_number(out, h.first_ns / 1'000'000'000);
  out.push_back(',');
  csv_number(out, h.last_ns / 1'000'000'000);
  csv_traffic_fields(out, csv_traffic(h.traffic, time));
  out.push_back(',');
  csv_number(out, uint64_t{h.active_as_client} + h.active_as_server);
  out.append("\r\n");
}

http::Response ips_paged(StatsCall& c) {
  ListParams lp;
  if (auto bad = list_params(c, kHostSorts, {}, lp)) return std::move(*bad);
  query::HostFilter filter;
  filter.text = lp.filter;
  if (auto cc = c.call.params.non_empty("countryfilter")) filter.country = std::string(*cc);
  if (lp.csv) {
    const TimeParams time = c.time;
    auto row = [time](std::string& out, const query::HostItem& h) { ip_csv_row(out, h, time); };
    return csv_response(kIpCsvHeader, host_export_rows(c, lp.request, filter, row), "ips.csv");
  }
  const uint32_t slot = c.slot_id();
  return json_response(200,
                       page_object(c.query().hosts(lp.request, filter), [slot, &c](const query::HostItem& h) {
                         json::object o = host_item_json(h, slot);
                         put_location(o, c.query().locate(h.key.ip), false);
                         return o;
                       }));
}

/// Hosts by TCP quality: handshake round trips (`tcpSynResponseTimes`) and segment counters.
http::Response ips_tcp(StatsCall& c) {
  ListParams lp;
  if (auto bad = list_params(c, kTcpSorts, {}, lp)) return std::move(*bad);
  lp.request.with_interval = false;
  query::HostFilter filter;
  filter.text = lp.filter;
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  return list_answer<query::HostItem>(
      lp, [keep, q, filter](const query::ListRequest& r) { return q->hosts(r, filter); },
      [](const query::HostItem& h) {
        json::object o = tcp_stats_json(h.tcp);
        o["tcpSynResponseTimes"] = o["handshakeRtt"];
        o.erase("handshakeRtt");
        o["ip"] = h.key.ip.to_string();
        o["vlan"] = h.key.vlan;
        o["name"] = h.name;
        return o;
      },
      "ip,vlan,handshakes,rttAvgMs,rttMinMs,rttMaxMs,retransmissions,outOfOrder,lostSegments,zeroWindows",
      [](std::string& out, const query::HostItem& h) {
        const auto& t = h.tcp;
        csv_field(out, h.key.ip.to_string());
        out.push_back(',');
        csv_number(out, uint64_t{h.key.vlan});
        for (double ms : {static_cast<double>(t.rtt.count), static_cast<double>(t.rtt.avg()) / 1e6,
                          static_cast<double>(t.rtt.min) / 1e6, static_cast<double>(t.rtt.max) / 1e6}) {
          out.push_back(',');
          csv_number(out, ms);
        }
        for (uint64_t v : {t.retransmissions, t.out_of_order, t.lost, t.zero_windows}) {
          out.push_back(',');
          csv_number(out, v);
        }
      },
      "ips_tcp.csv");
}

http::Response one_ip(StatsCall& c) {
  auto key = path_host(c);
  if (!key) return no_host(c);
  auto detail = c.query().host(*key, c.time.interval);
  if (!detail) return no_host(c);
  json::object o = host_detail_json(*detail, c.slot_id());
  put_location(o, c.query().locate(key->ip), true);
  put_history(o, c.query(), query::host_ref(*key), c.time);
  return json_response(200, o);
}

/// A per-IP sub-list: 404 for an unknown IP, else the page (or CSV).
template <typename Item, typename Fetch, typename ToJson>
http::Response host_list(StatsCall& c, std::span<const SortName> sorts, ListLimits limits, Fetch fetch,
                         ToJson to_json, std::string_view header,
                         std::function<void(std::string&, const Item&)> row, std::string_view file) {
  auto key = path_host(c);
  if (!key) return no_host(c);
  ListParams lp;
  if (auto bad = list_params(c, sorts, limits, lp)) return std::move(*bad);
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  const stats::HostKey host = *key;
  if (!lp.csv) {  // one computation answers both "is it known" and the page
    auto page = fetch(*q, host, lp.request);
    if (!page) return no_host(c);
    return json_response(200, page_object(*page, to_json));
  }
  const bool known = q->read([&](const stats::StatsStore& s, const query::NameResolver&) {
    return s.hosts().find(host) != nullptr;
  });
  if (!known) return no_host(c);
  return csv_response(header,
                      paged_csv_rows<Item>(
                          lp.request,
                          [keep, q, host, fetch](const query::ListRequest& r) {
                            return fetch(*q, host, r).value_or(query::Page<Item>{});
                          },
                          std::move(row)),
                      file);
}

void peer_row(std::string& out, const query::PeerItem& p) {
  csv_field(out, p.peer.ip.to_string());
  out.push_back(',');
  csv_field(out, p.name);
  csv_traffic_fields(out, p.traffic);
  out.push_back(',');
  csv_number(out, uint64_t{p.connections});
  out.push_back(',');
  csv_number(out, p.first_ns / 1'000'000'000);
  out.push_back(',');
  csv_number(out, p.last_ns / 1'000'000'000);
}

// Column 2 is the port and column 7 the peer's role: the spec's server-ports script reads them.
void peer_port_row(std::string& out, const query::PeerPortItem& p) {
  csv_field(out, p.peer.ip.to_string());
  out.push_back(',');
  csv_number(out, uint64_t{p.port});
  out.push_back(',');
  out.append(l4_short_name(p.l4));
  out.push_back(',');
  csv_number(out, p.traffic.packets());
  out.push_back(',');
  csv_number(out, p.traffic.bytes());
  out.push_back(',');
  csv_number(out, uint64_t{p.connections});
  out.push_back(',');
  out.append(p.role == query::PortRole::Server ? "client" : "server");
  out.push_back(',');
  csv_number(out, p.first_ns / 1'000'000'000);
  out.push_back(',');
  csv_number(out, p.last_ns / 1'000'000'000);
}

void port_row(std::string& out, const query::HostPortItem& p) {
  csv_number(out, uint64_t{p.port});
  out.push_back(',');
  out.append(l4_short_name(p.l4));
  out.push_back(',');
  out.append(p.role == query::PortRole::Client ? "client" : "server");
  csv_traffic_fields(out, p.traffic);
  out.push_back(',');
  csv_number(out, uint64_t{p.connections});
}

void protocol_row(std::string& out, const query::HostProtocolItem& p) {
  csv_field(out, p.name);
  csv_traffic_fields(out, p.traffic);
  out.push_back(',');
  csv_number(out, uint64_t{p.flows});
}

json::object protocol_json(const query::HostProtocolItem& p) {
  json::object o;
  o["protocol"] = p.name;
  o["allTime"] = counter_array(p.traffic);
  o["bytesFrom"] = p.traffic.tx_bytes;
  o["bytesTo"] = p.traffic.rx_bytes;
  o["connections"] = p.flows;
  o["durationMs"] = p.duration_ns / 1'000'000;
  return o;
}

http::Response ip_qos(StatsCall& c) {
  auto key = path_host(c);
  if (!key) return no_host(c);
  auto detail = c.query().host(*key, c.time.interval);
  if (!detail) return no_host(c);
  json::array classes;
  const stats::HostEntry& e = detail->entry;
  for (const auto& [dscp, t] : e.dscp) {
    classes.push_back(
        json::object{{"dscp", dscp}, {"name", query::dscp_name(dscp)}, {"allTime", counter_array(t)}});
  }
  classes.insert(classes.begin(), json::object{{"dscp", 0},
                                               {"name", query::dscp_name(0)},
                                               {"allTime", counter_array(e.dscp_traffic(0))}});
  return json_response(200, json::object{{"ip", key->ip.to_string()}, {"classes", std::move(classes)}});
}

http::Response ip_tcp_stats(StatsCall& c) {
  auto key = path_host(c);
  if (!key) return no_host(c);
  auto detail = c.query().host(*key, c.time.interval);
  if (!detail) return no_host(c);
  json::object o = tcp_stats_json(detail->entry.tcp);
  o["ip"] = key->ip.to_string();
  return json_response(200, o);
}

}  // namespace

void register_ip_routes(RouteTree& tree, ApiServices& s) {
  const std::string base(kBase);
  tree.add("GET", base, stats_route(s, [](StatsCall& c) { return json_response(200, module_object(c)); }));
  tree.add("GET", base + "/ips", stats_route(s, all_ips));
  tree.add("GET", base + "/ips_paged", stats_route(s, ips_paged));
  tree.add("GET", base + "/ipsTCP", stats_route(s, ips_tcp));
  tree.add("GET", base + "/ips/:ip", stats_route(s, one_ip));
  tree.add("GET", base + "/ips/:ip/peers", stats_route(s, [](StatsCall& c) {
             return host_list<query::PeerItem>(
                 c, kPeerSorts, kLongList,
                 [](const query::QueryService& q, const stats::HostKey& k, const query::ListRequest& r) {
                   return q.host_peers(k, r);
                 },
                 peer_json,
                 "ip,name,rxPackets,rxBytes,txPackets,txBytes,connections,firstActivity,lastActivity",
                 peer_row, "peers.csv");
           }));
  tree.add("GET", base + "/ips/:ip/peers_ports", stats_route(s, [](StatsCall& c) {
             return host_list<query::PeerPortItem>(
                 c, kPortSorts, kLongList,
                 [](const query::QueryService& q, const stats::HostKey& k, const query::ListRequest& r) {
                   return q.host_peer_ports(k, r);
                 },
                 peer_port_json,
                 "ip,port,l4Protocol,packets,bytes,connections,peerRole,firstActivity,lastActivity",
                 peer_port_row, "peers_ports.csv");
           }));
  tree.add("GET", base + "/ips/:ip/ports", stats_route(s, [](StatsCall& c) {
             return host_list<query::HostPortItem>(
                 c, kPortSorts, kLongList,
                 [](const query::QueryService& q, const stats::HostKey& k, const query::ListRequest& r) {
                   return q.host_ports(k, r);
                 },
                 host_port_json, "port,l4Protocol,role,rxPackets,rxBytes,txPackets,txBytes,connections",
                 port_row, "ports.csv");
           }));
  tree.add("GET", base + "/ips/:ip/connections", stats_route(s, [](StatsCall& c) {
             CompiledFilter f = compile_filter(c.call.params.non_empty("filter").value_or(""));
             if (!f.error.empty()) return allegro_error(400, f.error);
             return host_list<query::ConnectionItem>(
                 c, connection_sort_names(), kLongList,
                 [f](const query::QueryService& q, const stats::HostKey& k, const query::ListRequest& r) {
                   query::ConnectionFilter cf;
                   cf.expression = f.filter.get();
                   return q.host_connections(k, r, cf);
                 },
                 connection_json, kConnectionCsvHeader, connection_csv_row, "connections.csv");
           }));
  tree.add("GET", base + "/ips/:ip/protocols", stats_route(s, [](StatsCall& c) {
             return host_list<query::HostProtocolItem>(
                 c, kProtocolSorts, kLongList,
                 [](const query::QueryService& q, const stats::HostKey& k, const query::ListRequest& r) {
                   return q.host_protocols(k, r);
                 },
                 protocol_json, "protocol,rxPackets,rxBytes,txPackets,txBytes,connections", protocol_row,
                 "protocols.csv");
           }));
  tree.add("GET", base + "/ips/:ip/macs", stats_route(s, [](StatsCall& c) {
             return host_list<query::MacItem>(
                 c, {}, kLongList,
                 [](const query::QueryService& q, const stats::HostKey& k, const query::ListRequest& r) {
                   return q.host_macs(k, r);
                 },
                 mac_brief_json, "mac,vendor,rxPackets,rxBytes,txPackets,txBytes",
                 [](std::string& out, const query::MacItem& m) {
                   out.append(stats::mac_to_string(m.mac));
                   out.push_back(',');
                   csv_field(out, m.vendor);
                   csv_traffic_fields(out, m.traffic.all_time);
                 },
                 "macs.csv");
           }));
  tree.add("GET", base + "/ips/:ip/qos", stats_route(s, ip_qos));
  tree.add("GET", base + "/ips/:ip/tcpStats", stats_route(s, ip_tcp_stats));
}

}  // namespace netmeter::api::allegro
