#pragma once

#include <cstdint>
#include <map>

#include "stats/entities.hpp"
#include "stats/l7_events.hpp"
#include "stats/l7_tables.hpp"
#include "stats/stats_config.hpp"

namespace netmeter::stats {

/// The TLS module: server names asked for, versions offered and chosen, handshake times.
struct TlsStats {
  TopCounter snis;                               ///< ClientHellos per SNI (bounded)
  std::map<uint16_t, uint64_t> client_versions;  ///< ClientHellos per highest version offered
  std::map<uint16_t, uint64_t> server_versions;  ///< ServerHellos per version selected
  TimeStats handshake_time;                      ///< ClientHello → ServerHello of the same connection
  uint64_t client_hellos = 0;
  uint64_t client_hellos_without_sni = 0;
  uint64_t server_hellos = 0;
  uint64_t unmatched_server_hellos = 0;
  FifoMap<uint64_t, int64_t, IntHash> pending;  ///< ClientHello time by flow id
};

/// Applies a TlsClientHello or TlsServerHello event to the module and the server's served name.
void apply_tls(const L7Event& e, TlsStats& tls, HostEntry* client, HostEntry* server,
               const StatsConfig& config);

}  // namespace netmeter::stats
