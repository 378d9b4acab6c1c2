#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "history/batch_queue.hpp"
#include "history/history_store.hpp"

namespace netmeter::history {

struct RollupQueueConfig {
  size_t capacity = 1'000'000;  ///< rows waiting for the store; a minute that does not fit is dropped
  size_t batch_size = 50'000;   ///< rows per store transaction
  std::chrono::milliseconds flush_interval{1000};
  uint32_t retention_days = 365;  ///< minutes kept, in packet time (0: no bound)
  std::chrono::seconds retention_interval{60};
};

using RollupCounters = QueueCounters;

/// The per-minute series' path to the HistoryStore (see BatchQueue), as ExportQueue is the flows': the
/// recorders (on the aggregators' threads) hand over a closed minute's rows at once. Live slots drop a
/// minute that does not fit (and count it); file slots wait for room.
class RollupQueue final : public BatchQueue<RollupRow> {
 public:
  RollupQueue(HistoryStore& store, RollupQueueConfig config);
  ~RollupQueue() override;

  /// Queues a minute's rows; `wait`: for room while the queue is full, else drop them all (counted).
  /// False when dropped.
  bool push(std::vector<RollupRow> rows, bool wait) { return push_rows(rows, wait); }
  RollupCounters counters() const {
    return read_counters([] {});
  }

 private:
  void store_batch(std::span<const RollupRow> batch) override { store_.insert_rollups(batch); }
  uint64_t run_retention(uint32_t newest_time) override;
  uint32_t row_time(const RollupRow& row) const override { return row.minute; }

  HistoryStore& store_;
  uint32_t retention_days_;
};

}  // namespace netmeter::history
