#include "stats/http_stats.hpp"

#include <algorithm>

namespace netmeter::stats {

namespace {

HttpServerStats* server_entry(HttpStats& http, const HostKey& key, const StatsConfig& config) {
  auto it = http.servers.find(key);
  if (it != http.servers.end()) return &it->second;
  if (http.servers.size() >= config.l7_max_servers) {
    ++http.servers_refused;
    return nullptr;
  }
  return &http.servers[key];
}

void apply_request(const L7Event& e, HttpStats& http, HostEntry* client, HostEntry* server,
                   const StatsConfig& config) {
  ++http.requests;
  size_t method = std::min<size_t>(e.code, http.methods.size() - 1);
  ++http.methods[method];
  std::string_view host = http_host_name(e.name_view());
  if (!host.empty()) http.host_names.add(host, config.l7_max_names);
  if (HttpServerStats* s = server_entry(http, e.server, config)) {
    ++s->requests;
    auto& names = s->host_names;
    if (!host.empty() && names.size() < HttpServerStats::kMaxHostNames &&
        std::find(names.begin(), names.end(), host) == names.end())
      names.emplace_back(host);
  }
  HttpPending* p = http.pending.find(e.flow_id);
  if (!p) p = &http.pending.put(e.flow_id, HttpPending{}, config.l7_max_pending);
  if (p->count < HttpPending::kMax) {
    p->ts[(p->head + p->count) % HttpPending::kMax] = e.ts_ns;
    ++p->count;
  } else {
    ++http.pipelined_dropped;
  }
  if (client) ++client->http.mut().methods[method];
  if (server) {
    ++server->http.mut().requests_rcvd;
    if (server->served_name.empty() && !host.empty()) server->served_name = host;
  }
}

void apply_response(const L7Event& e, HttpStats& http, HostEntry* client, HostEntry* server,
                    const StatsConfig& config) {
  ++http.responses;
  ++http.status_codes[e.code];
  size_t cls = http_status_class(e.code);
  HttpServerStats* s = server_entry(http, e.server, config);
  if (s) {
    ++s->responses;
    ++s->status_classes[cls];
  }
  HttpPending* p = http.pending.find(e.flow_id);
  if (p && p->count) {
    // Interim responses (1xx) come before the final one: the request stays pending for it.
    if (cls != 1) {
      int64_t rt = e.ts_ns - p->ts[p->head];
      p->head = static_cast<uint8_t>((p->head + 1) % HttpPending::kMax);
      --p->count;
      if (rt >= 0) {
        http.response_time.add(rt);
        if (s) s->response_time.add(rt);
      }
      if (p->count == 0) http.pending.erase(e.flow_id);
    }
  } else {
    ++http.unmatched_responses;
  }
  if (client) ++client->http.mut().status_classes[cls];
  if (server) ++server->http.mut().served_classes[cls];
}

}  // namespace

std::string_view http_host_name(std::string_view host) {
  if (!host.empty() && host.front() == '[') {  // [v6]:port
    auto close = host.find(']');
    return close == std::string_view::npos ? host : host.substr(0, close + 1);
  }
  auto colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(':') == colon) return host.substr(0, colon);
  return host;
}

void apply_http(const L7Event& e, HttpStats& http, HostEntry* client, HostEntry* server,
                const StatsConfig& config) {
  if (e.kind == L7Kind::HttpRequest)
    apply_request(e, http, client, server, config);
  else if (e.kind == L7Kind::HttpResponse)
    apply_response(e, http, client, server, config);
}

}  // namespace netmeter::stats
