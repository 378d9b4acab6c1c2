// The DHCP module: /API/stats/modules/dhcp and its lists (docs/allegro/l7.md "DHCP").
#include <array>

#include "api/allegro/counters_json.hpp"
#include "api/allegro/l7_common.hpp"
#include "api/allegro/l7_routes.hpp"
#include "api/allegro/list_json.hpp"
#include "api/common/csv_body.hpp"
#include "l7/dhcp_parser.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;
using query::L7Sort;

namespace {

constexpr std::string_view kBase = "/API/stats/modules/dhcp";

constexpr std::array kClientSorts = {L7SortName{"mac", L7Sort::Key},
                                     L7SortName{"name", L7Sort::Name},
                                     L7SortName{"hostName", L7Sort::Name},
                                     L7SortName{"ip", L7Sort::Address},
                                     L7SortName{"issueTime", L7Sort::IssueTime},
                                     L7SortName{"activity", L7Sort::LastSeen},
                                     L7SortName{"lastActivity", L7Sort::LastSeen}};
constexpr std::array kServerSorts = {
    L7SortName{"ip", L7Sort::Key}, L7SortName{"name", L7Sort::Name}, L7SortName{"requests", L7Sort::Requests},
    L7SortName{"responses", L7Sort::Responses}, L7SortName{"naks", L7Sort::Errors}};

/// Message type names: index 0 counts messages without option 53 (BOOTP), the last one the types past
/// INFORM.
std::string_view type_name(size_t type, size_t count) {
  if (type + 1 == count) return "other";
  return l7::dhcp_message_type_name(static_cast<l7::DhcpMessageType>(type));
}

json::object module_object(const StatsCall& c) {
  const query::DhcpSummary s = c.query().dhcp_summary();
  json::object o;
  o["messages"] = s.messages;
  json::object types;
  for (size_t t = 0; t < s.message_types.size(); ++t)
    if (s.message_types[t]) types[type_name(t, s.message_types.size())] = s.message_types[t];
  o["messageTypes"] = std::move(types);
  o["numberOfServers"] = s.servers;
  o["numberOfClients"] = s.clients;
  o["limits"] = json::object{{"serversRefused", s.servers_refused}, {"clientsRefused", s.clients_refused}};
  return o;
}

std::string_view last_type(const stats::DhcpLease& l) {
  return l7::dhcp_message_type_name(static_cast<l7::DhcpMessageType>(l.last_type));
}

json::object client_json(const query::DhcpClientItem& i) {
  const stats::DhcpLease& l = i.lease;
  json::object o;
  o["mac"] = stats::mac_to_string(i.mac);
  o["hostName"] = l.host_name;
  if (!l.address.empty()) o["ip"] = l.address.to_string();
  if (!l.server.empty()) o["server"] = l.server.to_string();
  if (l.acked_ns) {
    o["issueTime"] = epoch_s(l.acked_ns);
    if (l.lease_seconds) o["leaseTime"] = l.lease_seconds;
  }
  o["firstActivity"] = epoch_s(l.first_seen_ns);
  o["lastActivity"] = epoch_s(l.last_seen_ns);
  o["lastMessageType"] = last_type(l);
  return o;
}

void client_row(std::string& out, const query::DhcpClientItem& i) {
  const stats::DhcpLease& l = i.lease;
  out.append(stats::mac_to_string(i.mac));
  out.push_back(',');
  csv_field(out, l.host_name);
  out.push_back(',');
  if (!l.address.empty()) out.append(l.address.to_string());
  out.push_back(',');
  if (!l.server.empty()) out.append(l.server.to_string());
  out.push_back(',');
  if (l.acked_ns) csv_number(out, epoch_s(l.acked_ns));
  out.push_back(',');
  if (l.acked_ns && l.lease_seconds) csv_number(out, uint64_t{l.lease_seconds});
  out.push_back(',');
  csv_number(out, epoch_s(l.first_seen_ns));
  out.push_back(',');
  csv_number(out, epoch_s(l.last_seen_ns));
  out.push_back(',');
  out.append(last_type(l));
}

json::object server_json(const query::DhcpServerItem& i) {
  json::object o;
  put_host(o, i.key, i.name);
  o["offers"] = i.stats.offers;
  o["acks"] = i.stats.acks;
  o["naks"] = i.stats.naks;
  o["requests"] = i.stats.requests;
  return o;
}

http::Response clients(StatsCall& c) {
  L7ListParams lp;
  if (auto bad = l7_list_params(c, kClientSorts, lp)) return std::move(*bad);
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  return list_answer<query::DhcpClientItem>(
      lp.list,
      [keep, q, sort = lp.sort, filter = lp.filter](const query::ListRequest& r) {
        return q->dhcp_clients(r, sort, filter);
      },
      client_json, "mac,hostName,ip,server,issueTime,leaseTime,firstActivity,lastActivity,lastMessageType",
      client_row, "dhcp_clients.csv");
}

http::Response servers(StatsCall& c) {
  L7ListParams lp;
  if (auto bad = l7_list_params(c, kServerSorts, lp)) return std::move(*bad);
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  return list_answer<query::DhcpServerItem>(
      lp.list,
      [keep, q, sort = lp.sort, filter = lp.filter](const query::ListRequest& r) {
        return q->dhcp_servers(r, sort, filter);
      },
      server_json, "ip,vlan,name,offers,acks,naks,requests",
      [](std::string& out, const query::DhcpServerItem& i) {
        host_csv(out, i.key, i.name);
        for (uint64_t v : {i.stats.offers, i.stats.acks, i.stats.naks, i.stats.requests}) {
          out.push_back(',');
          csv_number(out, v);
        }
      },
      "dhcp_servers.csv");
}

}  // namespace

void register_dhcp_routes(RouteTree& tree, ApiServices& s) {
  const std::string base(kBase);
  tree.add("GET", base, stats_route(s, [](StatsCall& c) { return json_response(200, module_object(c)); }));
  tree.add("GET", base + "/ips_paged", stats_route(s, clients));
  tree.add("GET", base + "/servers", stats_route(s, servers));
}

}  // namespace netmeter::api::allegro
