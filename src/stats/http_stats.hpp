#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "stats/entities.hpp"
#include "stats/l7_events.hpp"
#include "stats/l7_tables.hpp"
#include "stats/stats_config.hpp"

namespace netmeter::stats {

/// Status class index of an HTTP status: 1..5 for 1xx..5xx, 0 for anything else.
inline size_t http_status_class(uint16_t status) {
  return status >= 100 && status < 600 ? status / 100 : 0;
}

struct HttpServerStats {
  static constexpr size_t kMaxHostNames = 8;
  uint64_t requests = 0;
  uint64_t responses = 0;
  std::array<uint64_t, 6> status_classes{};  ///< other, 1xx..5xx
  TimeStats response_time;                   ///< request → response, in order on each connection
  std::vector<std::string> host_names;       ///< Host headers it was asked for (the first kMaxHostNames)
};

/// Requests of one connection awaiting their responses, oldest first (HTTP/1.1 answers in order).
struct HttpPending {
  static constexpr size_t kMax = 8;
  std::array<int64_t, kMax> ts{};
  uint8_t head = 0;
  uint8_t count = 0;
};

/// The HTTP module: servers, host names, methods, status codes and response times.
struct HttpStats {
  std::unordered_map<HostKey, HttpServerStats, HostKeyHash> servers;
  TopCounter host_names;                      ///< requests per Host header (bounded)
  std::map<uint16_t, uint64_t> status_codes;  ///< responses per status code
  std::array<uint64_t, 10> methods{};         ///< requests per l7::HttpMethod
  TimeStats response_time;
  uint64_t requests = 0;
  uint64_t responses = 0;
  uint64_t unmatched_responses = 0;
  uint64_t pipelined_dropped = 0;  ///< requests beyond HttpPending::kMax outstanding on one connection
  uint64_t servers_refused = 0;
  FifoMap<uint64_t, HttpPending, IntHash> pending;  ///< by flow id
};

/// The Host header as a host name: without a port.
std::string_view http_host_name(std::string_view host);

/// Applies an HttpRequest or HttpResponse event to the module and the hosts' HTTP counters and names.
void apply_http(const L7Event& e, HttpStats& http, HostEntry* client, HostEntry* server,
                const StatsConfig& config);

}  // namespace netmeter::stats
