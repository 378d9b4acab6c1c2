#include "query/l7_summary.hpp"

#include "stats/http_stats.hpp"

namespace netmeter::query {

namespace {

std::vector<std::pair<uint16_t, uint64_t>> pairs(const std::map<uint16_t, uint64_t>& m) {
  return {m.begin(), m.end()};
}

}  // namespace

DnsSummary dns_summary(const stats::StatsStore& store) {
  const stats::DnsStats& d = store.l7().dns;
  DnsSummary s;
  s.queries = d.queries;
  s.replies_ok = d.replies_ok;
  s.replies_error = d.replies_error;
  s.unmatched_replies = d.unmatched_replies;
  s.rcodes = d.rcodes;
  s.qtypes = pairs(d.qtypes);
  s.response_time = d.response_time;
  s.servers = d.servers.size();
  s.servers_refused = d.servers_refused;
  s.names = d.names.size();
  s.names_evicted = d.names.evicted();
  s.host_types_refused = d.host_types_refused;
  s.pending_dropped = d.pending.dropped();
  return s;
}

HttpSummary http_summary(const stats::StatsStore& store) {
  const stats::HttpStats& h = store.l7().http;
  HttpSummary s;
  s.requests = h.requests;
  s.responses = h.responses;
  s.unmatched_responses = h.unmatched_responses;
  s.pipelined_dropped = h.pipelined_dropped;
  s.methods = h.methods;
  s.status_codes = pairs(h.status_codes);
  for (const auto& [code, n] : h.status_codes)
    s.status_classes[stats::http_status_class(code)] += n;
  s.response_time = h.response_time;
  s.servers = h.servers.size();
  s.servers_refused = h.servers_refused;
  s.host_names = h.host_names.size();
  s.host_names_evicted = h.host_names.evicted();
  return s;
}

TlsSummary tls_summary(const stats::StatsStore& store) {
  const stats::TlsStats& t = store.l7().tls;
  TlsSummary s;
  s.client_hellos = t.client_hellos;
  s.client_hellos_without_sni = t.client_hellos_without_sni;
  s.server_hellos = t.server_hellos;
  s.unmatched_server_hellos = t.unmatched_server_hellos;
  s.client_versions = pairs(t.client_versions);
  s.server_versions = pairs(t.server_versions);
  s.handshake_time = t.handshake_time;
  s.snis = t.snis.size();
  s.snis_evicted = t.snis.evicted();
  return s;
}

DhcpSummary dhcp_summary(const stats::StatsStore& store) {
  const stats::DhcpStats& d = store.l7().dhcp;
  DhcpSummary s;
  s.messages = d.messages;
  s.message_types = d.message_types;
  s.servers = d.servers.size();
  s.servers_refused = d.servers_refused;
  s.clients = d.leases.size();
  s.clients_refused = d.leases_refused;
  return s;
}

}  // namespace netmeter::query
