#pragma once

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "stats/stats_store.hpp"

namespace netmeter::query {

// The module-wide counters of the application-layer modules, copied out of stats::L7Stats (totals since
// the start or the last reset; no history). The bounded tables' sizes and what they refused are part of
// them, so a reader can tell a complete answer from a truncated one.

struct DnsSummary {
  uint64_t queries = 0;
  uint64_t replies_ok = 0;
  uint64_t replies_error = 0;
  uint64_t unmatched_replies = 0;
  std::array<uint64_t, 16> rcodes{};                  ///< responses per response code
  std::vector<std::pair<uint16_t, uint64_t>> qtypes;  ///< queries per type, by type
  stats::TimeStats response_time;                     ///< query → response (ns)
  size_t servers = 0;                                 ///< servers in the table
  uint64_t servers_refused = 0;                       ///< servers left out: the table was full
  size_t names = 0;                                   ///< names in the top table
  uint64_t names_evicted = 0;                         ///< names that lost their place in it
  uint64_t host_types_refused = 0;                    ///< per-host query types left out
  uint64_t pending_dropped = 0;                       ///< queries forgotten before their response
};

struct HttpSummary {
  uint64_t requests = 0;
  uint64_t responses = 0;
  uint64_t unmatched_responses = 0;
  uint64_t pipelined_dropped = 0;
  std::array<uint64_t, 10> methods{};                       ///< requests per l7::HttpMethod
  std::array<uint64_t, 6> status_classes{};                 ///< responses: no class, 1xx .. 5xx
  std::vector<std::pair<uint16_t, uint64_t>> status_codes;  ///< responses per status code, by code
  stats::TimeStats response_time;                           ///< request → response (ns)
  size_t servers = 0;
  uint64_t servers_refused = 0;
  size_t host_names = 0;
  uint64_t host_names_evicted = 0;
};

struct TlsSummary {
  uint64_t client_hellos = 0;
  uint64_t client_hellos_without_sni = 0;
  uint64_t server_hellos = 0;
  uint64_t unmatched_server_hellos = 0;
  std::vector<std::pair<uint16_t, uint64_t>> client_versions;  ///< highest version offered
  std::vector<std::pair<uint16_t, uint64_t>> server_versions;  ///< version chosen
  stats::TimeStats handshake_time;                             ///< ClientHello → ServerHello (ns)
  size_t snis = 0;
  uint64_t snis_evicted = 0;
};

struct DhcpSummary {
  uint64_t messages = 0;
  std::array<uint64_t, 10> message_types{};  ///< per l7::DhcpMessageType; [9] counts the larger values
  size_t servers = 0;
  uint64_t servers_refused = 0;
  size_t clients = 0;  ///< leases (clients by MAC)
  uint64_t clients_refused = 0;
};

DnsSummary dns_summary(const stats::StatsStore& store);
HttpSummary http_summary(const stats::StatsStore& store);
TlsSummary tls_summary(const stats::StatsStore& store);
DhcpSummary dhcp_summary(const stats::StatsStore& store);

}  // namespace netmeter::query
