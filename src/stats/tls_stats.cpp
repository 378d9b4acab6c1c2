#include "stats/tls_stats.hpp"

namespace netmeter::stats {

void apply_tls(const L7Event& e, TlsStats& tls, HostEntry*, HostEntry* server, const StatsConfig& config) {
  if (e.kind == L7Kind::TlsClientHello) {
    ++tls.client_hellos;
    ++tls.client_versions[e.code];
    if (e.name_len) {
      tls.snis.add(e.name_view(), config.l7_max_names);
      if (server && server->served_name.empty()) server->served_name = e.name_view();
    } else {
      ++tls.client_hellos_without_sni;
    }
    // A second ClientHello (after a HelloRetryRequest) keeps the first one's time.
    if (!tls.pending.find(e.flow_id)) tls.pending.put(e.flow_id, e.ts_ns, config.l7_max_pending);
  } else if (e.kind == L7Kind::TlsServerHello) {
    ++tls.server_hellos;
    ++tls.server_versions[e.code];
    if (const int64_t* sent = tls.pending.find(e.flow_id)) {
      if (e.ts_ns >= *sent) tls.handshake_time.add(e.ts_ns - *sent);
      tls.pending.erase(e.flow_id);
    } else {
      ++tls.unmatched_server_hellos;
    }
  }
}

}  // namespace netmeter::stats
