#include "http/detail/server_context.hpp"

#include <spdlog/spdlog.h>

namespace netmeter::http {

void ServerCounters::add_buffered(uint64_t n) {
  uint64_t now = buffered.fetch_add(n, std::memory_order_relaxed) + n;
  uint64_t peak = buffered_peak.load(std::memory_order_relaxed);
  while (now > peak && !buffered_peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

ServerStats ServerCounters::snapshot() const {
  ServerStats s;
  s.connections_accepted = accepted.load(std::memory_order_relaxed);
  s.connections_rejected = rejected.load(std::memory_order_relaxed);
  s.connections_evicted = evicted.load(std::memory_order_relaxed);
  s.connections_active = active.load(std::memory_order_relaxed);
  s.requests = requests.load(std::memory_order_relaxed);
  s.transport_errors = transport_errors.load(std::memory_order_relaxed);
  s.response_bytes_buffered = buffered.load(std::memory_order_relaxed);
  s.response_bytes_buffered_peak = buffered_peak.load(std::memory_order_relaxed);
  return s;
}

void ServerContext::log(LogLevel level, std::string_view message) const {
  if (config.log) {
    config.log(level, message);
    return;
  }
  static constexpr spdlog::level::level_enum kLevels[] = {spdlog::level::debug, spdlog::level::info,
                                                          spdlog::level::warn, spdlog::level::err};
  spdlog::log(kLevels[static_cast<int>(level)], "http: {}", message);
}

}  // namespace netmeter::http
