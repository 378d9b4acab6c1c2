#pragma once

// Private to src/http: the bound on request-body bytes held in memory by all requests together.

#include <atomic>
#include <cstdint>

namespace netmeter::http {

/// Bytes of request bodies in memory, over all connections, against a fixed limit. Thread-safe.
class BodyBudget {
 public:
  explicit BodyBudget(uint64_t limit) : limit_(limit) {}
  /// Takes `n` bytes if they fit under the limit.
  bool try_take(uint64_t n);
  void give_back(uint64_t n) { used_.fetch_sub(n, std::memory_order_relaxed); }
  uint64_t used() const { return used_.load(std::memory_order_relaxed); }
  uint64_t refusals() const { return refusals_.load(std::memory_order_relaxed); }

 private:
  const uint64_t limit_;
  std::atomic<uint64_t> used_{0};
  std::atomic<uint64_t> refusals_{0};
};

/// The part of a BodyBudget one request holds; grows as its body arrives, returned on destruction.
class BodyLease {
 public:
  explicit BodyLease(BodyBudget* budget) : budget_(budget) {}
  ~BodyLease() { release(); }
  BodyLease(const BodyLease&) = delete;
  BodyLease& operator=(const BodyLease&) = delete;

  /// Holds at least `total` bytes in all; false (holding what it held) when the budget is exhausted.
  bool ensure(uint64_t total);
  void release();
  uint64_t held() const { return held_; }

 private:
  BodyBudget* budget_;
  uint64_t held_ = 0;
};

}  // namespace netmeter::http
