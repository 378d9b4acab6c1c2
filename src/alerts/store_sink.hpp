#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "alerts/alert.hpp"
#include "alerts/alert_sink.hpp"
#include "store/alert_store.hpp"

namespace netmeter::alerts {

/// How many past alerts the store keeps (ntopng's alerts retention): the oldest go first. The bounds are
/// applied after every hundredth of max_count alerts written (every 1 000 without a count bound), so the
/// store may hold up to 1 % more than max_count in between: pruning a full store sorts it by time.
struct StoreBounds {
  int64_t max_days = 30;        ///< before the newest alert's time (packet time); 0: no limit
  int64_t max_count = 100'000;  ///< -1: no limit
  size_t max_pending = 65'536;  ///< alerts waiting for the next flush; beyond: dropped and counted
};

store::AlertRecord to_record(const Alert& a);
Alert from_record(const store::AlertRecord& r);

/// Writes released and one-shot alerts to the store of past alerts (SQLite, or ClickHouse with
/// `--history clickhouse://`): store() queues (bounded: beyond max_pending, dropped and counted), flush()
/// hands the queue to the sink's writer thread, which writes it in one batch and, every so many alerts
/// (StoreBounds), prunes to the bounds. The engines' thread (the aggregator's) never waits for the store:
/// a slow or unreachable store costs queued alerts, not statistics. flush_and_wait() writes on the
/// caller's thread. Shared by the slots' engines (thread-safe).
class StoreAlertSink final : public AlertSink {
 public:
  StoreAlertSink(store::AlertStore& past, StoreBounds bounds);
  /// Stops the writer thread and writes what is still queued.
  ~StoreAlertSink() override;
  StoreAlertSink(const StoreAlertSink&) = delete;
  StoreAlertSink& operator=(const StoreAlertSink&) = delete;

  void store(const Alert& alert) override;
  void flush() override;
  void flush_and_wait() override;
  uint64_t dropped() const;
  uint64_t write_errors() const;

 private:
  void run();
  void write_pending();

  store::AlertStore& past_;
  StoreBounds bounds_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<store::AlertRecord> pending_;
  bool flush_requested_ = false;  ///< under mutex_
  bool stopping_ = false;         ///< under mutex_
  uint64_t dropped_ = 0;
  uint64_t write_errors_ = 0;
  std::mutex flush_mutex_;  ///< one writer at a time, without holding up store()
  int64_t unpruned_ = 0;    ///< alerts written since the last prune (under flush_mutex_)
  std::thread writer_;      ///< last: started once everything above exists
};

}  // namespace netmeter::alerts
