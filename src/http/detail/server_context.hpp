#pragma once

// Private to src/http: what the listeners and connections of one server share. No Beast here.

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "http/handler.hpp"
#include "http/server.hpp"
#include "http/server_config.hpp"

namespace netmeter::http {

/// Open connections, so that stop() can abort them. Thread-safe.
class ConnectionRegistry {
 public:
  /// Registers an abort function; returns 0 (and registers nothing) once abort_all() has run.
  uint64_t add(std::function<void()> abort);
  void remove(uint64_t id);
  /// Calls every abort function and refuses later additions.
  void abort_all();
  size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<uint64_t, std::function<void()>> aborts_;
  uint64_t next_id_ = 1;
  bool closed_ = false;
};

struct ServerCounters {
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> rejected{0};
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
      : config(server_config), handler(server_handler) {}

  void log(LogLevel level, std::string_view message) const;

  const ServerConfig& config;
  Handler& handler;
  ServerCounters counters;
  ConnectionRegistry registry;
  std::atomic<bool> stopping{false};
};

}  // namespace netmeter::http
