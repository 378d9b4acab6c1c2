#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/clock.hpp"

namespace netmeter::auth {

struct RateLimitConfig {
  int max_failures = 10;             // failures inside one window that trigger the block (≥ 1)
  std::chrono::seconds window{60};   // sliding window
  std::size_t max_tracked = 10'000;  // addresses remembered; the least recently failing is evicted
};

struct RateLimitCounters {
  uint64_t failures = 0;    // failed logins recorded
  uint64_t refusals = 0;    // requests refused because their address was blocked
  uint64_t evictions = 0;   // addresses forgotten to respect max_tracked
  std::size_t tracked = 0;  // addresses currently remembered
};

/// Failed-login limit per client address: after `max_failures` failures inside a sliding `window`,
/// every login attempt from that address is refused (correct credentials too, so guessing cannot
/// continue) until the oldest of those failures leaves the window. Refused attempts are not failures
/// and do not extend the block. IPv6 clients are grouped by /64 (one host usually owns a whole
/// /64 and could rotate through it); IPv4-mapped IPv6 counts as IPv4. Memory is bounded by
/// `max_tracked` addresses × `max_failures` timestamps. Thread-safe.
class LoginRateLimiter {
 public:
  LoginRateLimiter(RateLimitConfig config, const Clock& clock) : config_(config), clock_(clock) {
    if (config_.max_failures < 1) config_.max_failures = 1;
  }

  /// nullopt when `address` may attempt a login; otherwise the seconds until it may (≥ 1), and the
  /// refusal is counted.
  std::optional<std::chrono::seconds> check(std::string_view address);
  void record_failure(std::string_view address);
  RateLimitCounters counters() const;

  /// The key an address is tracked under ("2001:db8:1:2::/64", "192.0.2.7", ...).
  static std::string address_key(std::string_view address);

 private:
  struct Entry {
    std::deque<TimePoint> failures;  // at most max_failures, oldest first
    std::list<std::string>::iterator lru;
  };

  void forget_old(Entry& entry, TimePoint now) const;

  RateLimitConfig config_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;  // front = least recently failing
  RateLimitCounters counters_;
};

}  // namespace netmeter::auth
