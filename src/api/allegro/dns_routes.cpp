// The DNS module: /API/stats/modules/dns and its lists (docs/allegro/l7.md "DNS").
#include <array>

#include "api/allegro/l7_common.hpp"
#include "api/allegro/l7_routes.hpp"
#include "api/allegro/list_json.hpp"
#include "api/common/csv_body.hpp"
#include "l7/dns_type.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;
using query::L7Sort;

namespace {

constexpr std::string_view kBase = "/API/stats/modules/dns";

constexpr std::array kClientSorts = {
    L7SortName{"ip", L7Sort::Key}, L7SortName{"name", L7Sort::Name}, L7SortName{"requests", L7Sort::Requests},
    L7SortName{"responses", L7Sort::Responses}, L7SortName{"errors", L7Sort::Errors}};
constexpr std::array kServerSorts = {L7SortName{"ip", L7Sort::Key},
                                     L7SortName{"dns_server", L7Sort::Key},
                                     L7SortName{"name", L7Sort::Name},
                                     L7SortName{"requests", L7Sort::Requests},
                                     L7SortName{"responses", L7Sort::Responses},
                                     L7SortName{"errors", L7Sort::Errors},
                                     L7SortName{"avg", L7Sort::AvgTime},
                                     L7SortName{"min", L7Sort::MinTime},
                                     L7SortName{"max", L7Sort::MaxTime}};

constexpr std::string_view kCountersCsv = "requests,responses,responsesOk,responsesError";

/// The module's counter line: `[responses, requests, responsesOk, responsesError]` (allTime[0] is the
/// number of responses, as clients of the servers list read it).
json::array dns_counters(uint64_t requests, uint64_t ok, uint64_t error) {
  return json::array{ok + error, requests, ok, error};
}

void put_dns_counts(json::object& o, uint64_t requests, uint64_t ok, uint64_t error) {
  o["requests"] = requests;
  o["responses"] = ok + error;
  o["responsesOk"] = ok;
  o["responsesError"] = error;
  o["allTime"] = dns_counters(requests, ok, error);
}

void dns_counts_csv(std::string& out, uint64_t requests, uint64_t ok, uint64_t error) {
  for (uint64_t v : {requests, ok + error, ok, error}) {
    out.push_back(',');
    csv_number(out, v);
  }
}

std::string rcode_name(size_t rcode) {
  std::string_view n = l7::dns_rcode_name(static_cast<uint8_t>(rcode));
  return n == "other" ? "RCODE" + std::to_string(rcode) : std::string(n);
}

json::object query_types_json(const std::vector<std::pair<uint16_t, uint64_t>>& types) {
  json::object o;
  for (const auto& [type, n] : types)
    o[l7::dns_type_text(type).view()] = n;
  return o;
}

json::object module_object(const StatsCall& c) {
  const query::DnsSummary s = c.query().dns_summary();
  json::object o;
  put_dns_counts(o, s.queries, s.replies_ok, s.replies_error);
  o["unmatchedResponses"] = s.unmatched_replies;
  o["globalResponseTimes"] = response_times_json(s.response_time);
  json::object codes;
  for (size_t rc = 0; rc < s.rcodes.size(); ++rc)
    if (s.rcodes[rc]) codes[rcode_name(rc)] = s.rcodes[rc];
  o["responseCodes"] = std::move(codes);
  o["queryTypes"] = query_types_json(s.qtypes);
  o["numberOfServers"] = s.servers;
  o["numberOfNames"] = s.names;
  o["limits"] = json::object{{"serversRefused", s.servers_refused},
                             {"namesEvicted", s.names_evicted},
                             {"hostQueryTypesRefused", s.host_types_refused},
                             {"queriesForgotten", s.pending_dropped}};
  if (full_detail(c)) put_top_names(o, c, query::NameTable::DnsQueries, "topNames", "requests");
  return o;
}

json::object client_json(const query::DnsClientItem& i) {
  json::object o;
  put_host(o, i.key, i.name);
  put_dns_counts(o, i.dns.queries_sent, i.dns.replies_ok_rcvd, i.dns.replies_error_rcvd);
  o["queryTypes"] = query_types_json(i.dns.queries_by_type);
  return o;
}

json::object server_json(const query::DnsServerItem& i) {
  json::object o;
  put_host(o, i.key, i.name);
  put_dns_counts(o, i.stats.queries, i.stats.replies_ok, i.stats.replies_error);
  o["responseTimes"] = response_times_json(i.stats.response_time);
  return o;
}

http::Response clients(StatsCall& c) {
  L7ListParams lp;
  if (auto bad = l7_list_params(c, kClientSorts, lp)) return std::move(*bad);
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  return list_answer<query::DnsClientItem>(
      lp.list,
      [keep, q, sort = lp.sort, filter = lp.filter](const query::ListRequest& r) {
        return q->dns_clients(r, sort, filter);
      },
      client_json, "ip,vlan,name," + std::string(kCountersCsv),
      [](std::string& out, const query::DnsClientItem& i) {
        host_csv(out, i.key, i.name);
        dns_counts_csv(out, i.dns.queries_sent, i.dns.replies_ok_rcvd, i.dns.replies_error_rcvd);
      },
      "dns_clients.csv");
}

http::Response servers(StatsCall& c) {
  L7ListParams lp;
  if (auto bad = l7_list_params(c, kServerSorts, lp)) return std::move(*bad);
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  return list_answer<query::DnsServerItem>(
      lp.list,
      [keep, q, sort = lp.sort, filter = lp.filter](const query::ListRequest& r) {
        return q->dns_servers(r, sort, filter);
      },
      server_json,
      "ip,vlan,name," + std::string(kCountersCsv) +
          ",responseTimeCount,responseTimeAvgMs,responseTimeMinMs,"
          "responseTimeMaxMs",
      [](std::string& out, const query::DnsServerItem& i) {
        host_csv(out, i.key, i.name);
        dns_counts_csv(out, i.stats.queries, i.stats.replies_ok, i.stats.replies_error);
        response_times_csv(out, i.stats.response_time);
      },
      "dns_servers.csv");
}

}  // namespace

void register_dns_routes(RouteTree& tree, ApiServices& s) {
  const std::string base(kBase);
  tree.add("GET", base, stats_route(s, [](StatsCall& c) { return json_response(200, module_object(c)); }));
  tree.add("GET", base + "/ips_paged", stats_route(s, clients));
  tree.add("GET", base + "/servers_paged", stats_route(s, servers));
  tree.add("GET", base + "/names_paged", stats_route(s, [](StatsCall& c) {
             return name_list(c, query::NameTable::DnsQueries, "requests", "dns_names.csv");
           }));
}

}  // namespace netmeter::api::allegro
