#pragma once

// Private to src/http: what the listeners and connections of one server share. No Beast here.

#include <atomic>
#include <cstdint>
#include <string_view>

#include "http/detail/body_budget.hpp"
#include "http/detail/connection_registry.hpp"
#include "http/handler.hpp"
#include "http/server.hpp"
#include "http/server_config.hpp"

namespace netmeter::http {

struct ServerCounters {
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> rejected{0};
  std::atomic<uint64_t> evicted{0};
  std::atomic<uint64_t> active{0};
  std::atomic<uint64_t> requests{0};
  std::atomic<uint64_t> transport_errors{0};
  std::atomic<uint64_t> buffered{0};
  std::atomic<uint64_t> buffered_peak{0};

  void add_buffered(uint64_t n);
  void sub_buffered(uint64_t n) { buffered.fetch_sub(n, std::memory_order_relaxed); }
  ServerStats snapshot() const;
};

/// Shared by the listeners and connections of one server; outlives them.
struct ServerContext {
  ServerContext(const ServerConfig& server_config, Handler& server_handler)
      : config(server_config), handler(server_handler), body_budget(server_config.limits.max_body_memory) {}

  void log(LogLevel level, std::string_view message) const;

  const ServerConfig& config;
  Handler& handler;
  ServerCounters counters;
  ConnectionRegistry registry;
  BodyBudget body_budget;
  std::atomic<bool> stopping{false};
};

}  // namespace netmeter::http
