#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>

#include "stats/entities.hpp"
#include "stats/l7_events.hpp"
#include "stats/l7_tables.hpp"
#include "stats/stats_config.hpp"

namespace netmeter::stats {

struct DnsServerStats {
  uint64_t queries = 0;
  uint64_t replies_ok = 0;
  uint64_t replies_error = 0;  ///< any response code but NOERROR
  TimeStats response_time;     ///< query → response of the same flow and DNS id
};

/// A query awaiting its response: the flow and the DNS transaction id.
struct DnsPendingKey {
  uint64_t flow_id = 0;
  uint16_t id = 0;
  friend bool operator==(const DnsPendingKey&, const DnsPendingKey&) = default;
};
struct DnsPendingKeyHash {
  size_t operator()(const DnsPendingKey& k) const { return core::mix64(k.flow_id ^ (uint64_t{k.id} << 48)); }
};

/// The DNS module: servers, queried names, query types, response codes and response times.
struct DnsStats {
  std::unordered_map<HostKey, DnsServerStats, HostKeyHash> servers;
  TopCounter names;                     ///< queries per name (bounded)
  std::map<uint16_t, uint64_t> qtypes;  ///< queries per type
  std::array<uint64_t, 16> rcodes{};    ///< responses per response code
  TimeStats response_time;
  uint64_t queries = 0;
  uint64_t replies_ok = 0;
  uint64_t replies_error = 0;
  uint64_t unmatched_replies = 0;   ///< no pending query (lost, or forgotten by the bound)
  uint64_t servers_refused = 0;     ///< servers not counted because the table was full
  uint64_t host_types_refused = 0;  ///< queries of a type a host's full per-type list could not take
  FifoMap<DnsPendingKey, int64_t, DnsPendingKeyHash> pending;  ///< query time
};

/// Applies a DnsQuery or DnsResponse event to the module and the hosts' DNS counters.
void apply_dns(const L7Event& e, DnsStats& dns, HostEntry* client, HostEntry* server,
               const StatsConfig& config);

}  // namespace netmeter::stats
