// The HTTP module: /API/stats/modules/http and its lists (docs/allegro/l7.md "HTTP").
#include <array>
#include <numeric>

#include "api/allegro/l7_common.hpp"
#include "api/allegro/l7_routes.hpp"
#include "api/allegro/list_json.hpp"
#include "api/common/csv_body.hpp"
#include "l7/http_parser.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;
using query::L7Sort;

namespace {

constexpr std::string_view kBase = "/API/stats/modules/http";

constexpr std::array kHostSorts = {L7SortName{"ip", L7Sort::Key},
                                   L7SortName{"name", L7Sort::Name},
                                   L7SortName{"requests", L7Sort::Requests},
                                   L7SortName{"responses", L7Sort::Responses},
                                   L7SortName{"avg", L7Sort::AvgTime},
                                   L7SortName{"min", L7Sort::MinTime},
                                   L7SortName{"max", L7Sort::MaxTime}};
constexpr std::array kCodeSorts = {L7SortName{"ip", L7Sort::Key},
                                   L7SortName{"name", L7Sort::Name},
                                   L7SortName{"responses", L7Sort::Responses},
                                   L7SortName{"xx0", L7Sort::Status0},
                                   L7SortName{"xx1", L7Sort::Status1},
                                   L7SortName{"xx2", L7Sort::Status2},
                                   L7SortName{"xx3", L7Sort::Status3},
                                   L7SortName{"xx4", L7Sort::Status4},
                                   L7SortName{"xx5", L7Sort::Status5}};

constexpr std::array<std::string_view, 6> kClassNames = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};

using Classes = std::array<uint64_t, 6>;

uint64_t total(const Classes& c) {
  return std::accumulate(c.begin(), c.end(), uint64_t{0});
}

json::object classes_json(const Classes& c) {
  json::object o;
  for (size_t i = 0; i < c.size(); ++i)
    o[kClassNames[i]] = c[i];
  return o;
}

json::object methods_json(const std::array<uint64_t, 10>& methods) {
  json::object o;
  for (size_t m = 0; m < methods.size(); ++m)
    if (methods[m]) o[l7::http_method_name(static_cast<l7::HttpMethod>(m))] = methods[m];
  return o;
}

json::array host_names_json(const std::vector<std::string>& names) {
  json::array a;
  for (const auto& n : names)
    a.emplace_back(n);
  return a;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names)
    out.append(out.empty() ? "" : " ").append(n);
  return out;
}

json::object module_object(const StatsCall& c) {
  const query::HttpSummary s = c.query().http_summary();
  json::object o;
  o["requests"] = s.requests;
  o["responses"] = s.responses;
  o["unmatchedResponses"] = s.unmatched_responses;
  o["methods"] = methods_json(s.methods);
  o["statusClasses"] = classes_json(s.status_classes);
  json::object codes;
  for (const auto& [code, n] : s.status_codes)
    codes[std::to_string(code)] = n;
  o["statusCodes"] = std::move(codes);
  o["globalResponseTimes"] = response_times_json(s.response_time);
  o["numberOfServers"] = s.servers;
  o["numberOfHostNames"] = s.host_names;
  o["limits"] = json::object{{"serversRefused", s.servers_refused},
                             {"hostNamesEvicted", s.host_names_evicted},
                             {"pipelinedNotTimed", s.pipelined_dropped}};
  if (full_detail(c)) put_top_names(o, c, query::NameTable::HttpHosts, "topHostNames", "requests");
  return o;
}

json::object host_json(const query::HttpHostItem& i) {
  json::object o;
  put_host(o, i.key, i.name);
  const uint64_t sent = i.requests_sent();
  o["requests"] = sent + i.http.requests_rcvd;
  o["requestsSent"] = sent;
  o["requestsReceived"] = i.http.requests_rcvd;
  o["responses"] = total(i.http.status_classes) + total(i.http.served_classes);
  o["methods"] = methods_json(i.http.methods);
  o["responsesReceived"] = classes_json(i.http.status_classes);
  o["responsesSent"] = classes_json(i.http.served_classes);
  if (i.server) {
    o["responseTimes"] = response_times_json(i.server->response_time);
    o["httpHostNames"] = host_names_json(i.server->host_names);
  }
  return o;
}

void host_row(std::string& out, const query::HttpHostItem& i) {
  host_csv(out, i.key, i.name);
  for (uint64_t v : {i.requests_sent(), i.http.requests_rcvd, total(i.http.status_classes),
                     total(i.http.served_classes)}) {
    out.push_back(',');
    csv_number(out, v);
  }
  response_times_csv(out, i.server ? i.server->response_time : stats::TimeStats{});
  out.push_back(',');
  csv_field(out, i.server ? joined(i.server->host_names) : std::string());
}

json::object server_json(const query::HttpServerItem& i) {
  json::object o;
  put_host(o, i.key, i.name);
  o["requests"] = i.stats.requests;
  o["responses"] = i.stats.responses;
  o["responseTimes"] = response_times_json(i.stats.response_time);
  o["statusClasses"] = classes_json(i.stats.status_classes);
  o["httpHostNames"] = host_names_json(i.stats.host_names);
  return o;
}

void server_row(std::string& out, const query::HttpServerItem& i) {
  host_csv(out, i.key, i.name);
  for (uint64_t v : {i.stats.requests, i.stats.responses}) {
    out.push_back(',');
    csv_number(out, v);
  }
  response_times_csv(out, i.stats.response_time);
  out.push_back(',');
  csv_field(out, joined(i.stats.host_names));
}

json::object codes_json(const query::HttpServerItem& i) {
  json::object o;
  put_host(o, i.key, i.name);
  o["responses"] = i.stats.responses;
  for (size_t c = 0; c < i.stats.status_classes.size(); ++c)
    o["xx" + std::to_string(c)] = i.stats.status_classes[c];
  return o;
}

void codes_row(std::string& out, const query::HttpServerItem& i) {
  host_csv(out, i.key, i.name);
  out.push_back(',');
  csv_number(out, i.stats.responses);
  for (uint64_t v : i.stats.status_classes) {
    out.push_back(',');
    csv_number(out, v);
  }
}

http::Response hosts(StatsCall& c) {
  L7ListParams lp;
  if (auto bad = l7_list_params(c, kHostSorts, lp)) return std::move(*bad);
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  return list_answer<query::HttpHostItem>(
      lp.list,
      [keep, q, sort = lp.sort, filter = lp.filter](const query::ListRequest& r) {
        return q->http_hosts(r, sort, filter);
      },
      host_json,
      "ip,vlan,name,requestsSent,requestsReceived,responsesReceived,responsesSent,responseTimeCount,"
      "responseTimeAvgMs,responseTimeMinMs,responseTimeMaxMs,httpHostNames",
      host_row, "http_ips.csv");
}

/// The server table as `response-stats` (response times) or `codes` (status classes).
http::Response servers(StatsCall& c, std::span<const L7SortName> sorts, bool codes) {
  L7ListParams lp;
  if (auto bad = l7_list_params(c, sorts, lp)) return std::move(*bad);
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  auto fetch = [keep, q, sort = lp.sort, filter = lp.filter](const query::ListRequest& r) {
    return q->http_servers(r, sort, filter);
  };
  if (codes)
    return list_answer<query::HttpServerItem>(lp.list, fetch, codes_json,
                                              "ip,vlan,name,responses,xx0,xx1,xx2,xx3,xx4,xx5", codes_row,
                                              "http_codes.csv");
  return list_answer<query::HttpServerItem>(
      lp.list, fetch, server_json,
      "ip,vlan,name,requests,responses,responseTimeCount,responseTimeAvgMs,responseTimeMinMs,"
      "responseTimeMaxMs,httpHostNames",
      server_row, "http_response_stats.csv");
}

}  // namespace

void register_http_routes(RouteTree& tree, ApiServices& s) {
  const std::string base(kBase);
  tree.add("GET", base, stats_route(s, [](StatsCall& c) { return json_response(200, module_object(c)); }));
  tree.add("GET", base + "/ips_paged", stats_route(s, hosts));
  tree.add("GET", base + "/response-stats",
           stats_route(s, [](StatsCall& c) { return servers(c, kHostSorts, false); }));
  tree.add("GET", base + "/codes", stats_route(s, [](StatsCall& c) { return servers(c, kCodeSorts, true); }));
}

}  // namespace netmeter::api::allegro
