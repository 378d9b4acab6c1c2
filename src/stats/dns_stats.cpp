#include "stats/dns_stats.hpp"

#include <algorithm>

namespace netmeter::stats {

namespace {

DnsServerStats* server_entry(DnsStats& dns, const HostKey& key, const StatsConfig& config) {
  auto it = dns.servers.find(key);
  if (it != dns.servers.end()) return &it->second;
  if (dns.servers.size() >= config.l7_max_servers) {
    ++dns.servers_refused;
    return nullptr;
  }
  return &dns.servers[key];
}

void count_host_type(DnsStats& dns, HostEntry& h, uint16_t qtype, const StatsConfig& config) {
  auto& types = h.dns.queries_by_type;
  auto it = std::find_if(types.begin(), types.end(), [&](const auto& p) { return p.first == qtype; });
  if (it != types.end()) {
    ++it->second;
  } else if (types.size() < config.l7_max_host_dns_types) {
    types.emplace_back(qtype, 1);
  } else {
    ++dns.host_types_refused;
  }
}

void apply_query(const L7Event& e, DnsStats& dns, HostEntry* client, HostEntry* server,
                 const StatsConfig& config) {
  ++dns.queries;
  ++dns.qtypes[e.code];
  if (e.name_len) dns.names.add(e.name_view(), config.l7_max_names);
  if (DnsServerStats* s = server_entry(dns, e.server, config)) ++s->queries;
  // A retransmitted query keeps the first send time: the response time is what the user waited.
  DnsPendingKey key{e.flow_id, e.id};
  if (!dns.pending.find(key)) dns.pending.put(key, e.ts_ns, config.l7_max_pending);
  if (client) {
    ++client->dns.queries_sent;
    count_host_type(dns, *client, e.code, config);
  }
  if (server) ++server->dns.queries_rcvd;
}

void apply_response(const L7Event& e, DnsStats& dns, HostEntry* client, HostEntry* server,
                    const StatsConfig& config) {
  bool ok = e.rcode == 0;
  ++(ok ? dns.replies_ok : dns.replies_error);
  ++dns.rcodes[e.rcode & 0xF];
  DnsServerStats* s = server_entry(dns, e.server, config);
  if (s) ++(ok ? s->replies_ok : s->replies_error);
  DnsPendingKey key{e.flow_id, e.id};
  if (const int64_t* sent = dns.pending.find(key)) {
    int64_t rt = e.ts_ns - *sent;
    if (rt >= 0) {
      dns.response_time.add(rt);
      if (s) s->response_time.add(rt);
    }
    dns.pending.erase(key);
  } else {
    ++dns.unmatched_replies;
  }
  if (client) ++(ok ? client->dns.replies_ok_rcvd : client->dns.replies_error_rcvd);
  if (server) ++(ok ? server->dns.replies_ok_sent : server->dns.replies_error_sent);
}

}  // namespace

void apply_dns(const L7Event& e, DnsStats& dns, HostEntry* client, HostEntry* server,
               const StatsConfig& config) {
  if (e.kind == L7Kind::DnsQuery)
    apply_query(e, dns, client, server, config);
  else if (e.kind == L7Kind::DnsResponse)
    apply_response(e, dns, client, server, config);
}

}  // namespace netmeter::stats
