#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "stats/shard_delta.hpp"

namespace netmeter::stats {

/// Carries filled deltas from the workers to the aggregator and empty ones back. Each worker owns a
/// fixed pool of deltas; when the aggregator falls behind, a worker waits for one to come back (the only
/// place a worker can wait on statistics, and at most once per second of packet time, never per packet).
class DeltaChannel {
 public:
  DeltaChannel(unsigned workers, size_t per_worker);

  /// Worker side: an empty delta of this worker's pool, waiting if none is free.
  std::unique_ptr<ShardDelta> acquire(unsigned worker);
  /// Worker side: hands a filled delta to the aggregator.
  void publish(std::unique_ptr<ShardDelta> delta);

  /// Aggregator side: the published deltas, waiting up to `timeout` for the first.
  std::vector<std::unique_ptr<ShardDelta>> take(std::chrono::milliseconds timeout);
  /// Aggregator side: gives an applied delta back to its worker's pool (cleared here).
  void recycle(std::unique_ptr<ShardDelta> delta);
  /// Wakes a waiting take().
  void wake();
  /// Frees every delta in the workers' pools, for a channel that will not be used again (a worker that
  /// acquired after this would wait forever).
  void release_pools();
  /// Worker side, after publishing: nothing this worker publishes from now on has an order second before
  /// `second` (ShardDelta::order_second). Seconds only move forward.
  void mark(unsigned worker, int64_t second);
  /// Aggregator side: the smallest mark of all workers (History::kNever until each has marked). Read it
  /// before take(): every delta published before the marks it saw is then in what take() returns.
  int64_t settled() const;
  /// Published deltas not yet taken, for tests and back-pressure metrics.
  size_t pending() const;
  uint64_t worker_waits() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable published_cv_;
  std::condition_variable free_cv_;
  std::vector<std::unique_ptr<ShardDelta>> published_;
  std::vector<std::vector<std::unique_ptr<ShardDelta>>> free_;
  std::unique_ptr<std::atomic<int64_t>[]> marks_;
  unsigned workers_;
  uint64_t waits_ = 0;
  bool woken_ = false;
};

}  // namespace netmeter::stats
