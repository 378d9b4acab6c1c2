#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "history/history_store.hpp"

namespace netmeter::history {

struct RollupQueueConfig {
  size_t capacity = 1'000'000;  ///< rows waiting for the store; a minute that does not fit is dropped
  size_t batch_size = 50'000;   ///< rows per store transaction
  std::chrono::milliseconds flush_interval{1000};
  uint32_t retention_days = 365;  ///< minutes kept, in packet time (0: no bound)
  std::chrono::seconds retention_interval{60};
};

struct RollupCounters {
  uint64_t queued = 0;   ///< rows accepted
  uint64_t stored = 0;   ///< rows the store committed
  uint64_t dropped = 0;  ///< rows lost: queue full (live slots), or their batch failed
  uint64_t failed_batches = 0;
  uint64_t deleted = 0;  ///< rows removed by retention
  size_t pending = 0;
  std::string last_error;  ///< no server path in it
};

/// The per-minute series' path to the HistoryStore, as ExportQueue is the flows': the recorders (on the
/// aggregators' threads) hand over a closed minute's rows at once under a short lock; the queue's own
/// thread writes them in batches and runs retention. Live slots drop a minute that does not fit (and
/// count it); file slots wait for room.
class RollupQueue {
 public:
  RollupQueue(HistoryStore& store, RollupQueueConfig config);
  ~RollupQueue();
  RollupQueue(const RollupQueue&) = delete;
  RollupQueue& operator=(const RollupQueue&) = delete;

  /// Queues a minute's rows; `wait`: for room while the queue is full, else drop them all (counted).
  /// False when dropped.
  bool push(std::vector<RollupRow> rows, bool wait);
  /// Waits until everything pushed before the call is written (or dropped).
  void flush();
  /// Writes what is queued and stops the thread. Idempotent.
  void stop();
  RollupCounters counters() const;

 private:
  void run();
  void write(const std::vector<RollupRow>& rows);
  void maybe_enforce_retention();

  HistoryStore& store_;
  RollupQueueConfig config_;
  mutable std::mutex mutex_;
  std::condition_variable wake_, progress_, room_;
  std::vector<RollupRow> pending_;
  uint64_t accepted_ = 0, written_ = 0;
  bool flush_wanted_ = false, stopping_ = false, stopped_ = false;
  RollupCounters counters_;
  uint32_t newest_minute_ = 0;  ///< retention's "now" is packet time
  std::chrono::steady_clock::time_point last_retention_{};
  std::thread thread_;
};

}  // namespace netmeter::history
