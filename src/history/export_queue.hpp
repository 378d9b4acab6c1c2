#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "history/history_store.hpp"

namespace netmeter::history {

struct ExportQueueConfig {
  size_t capacity = 200000;   ///< flows waiting for the store; beyond, new ones are dropped and counted
  size_t batch_size = 10000;  ///< flows per store transaction
  std::chrono::milliseconds flush_interval{1000};  ///< a partial batch waits at most this long
  Retention retention;
  std::chrono::seconds retention_interval{60};  ///< how often retention runs (wall clock)
};

/// What the queue did with one slot's flows (FlowRecord::interface_id) since it started.
struct SlotExportCounters {
  uint64_t queued = 0;          ///< flows accepted by push()
  uint64_t stored = 0;          ///< of them, committed by the store
  uint64_t dropped = 0;         ///< lost: the queue was full, or their batch failed
  uint64_t batches = 0;         ///< store batches that held some of its flows (committed or not)
  uint64_t failed_batches = 0;  ///< of them, refused by the store
  std::string last_error;       ///< the store's error for the last of those, empty if none
};

/// What the queue did since it started (for the API and the logs).
struct ExportCounters {
  uint64_t queued = 0;          ///< flows accepted by push()
  uint64_t stored = 0;          ///< flows the store committed
  uint64_t dropped = 0;         ///< flows lost: queue full, or their batch failed
  uint64_t failed_batches = 0;  ///< batches the store refused (each one's flows are in `dropped`)
  uint64_t deleted = 0;         ///< flows removed by retention
  size_t pending = 0;           ///< flows waiting now
  std::string last_error;       ///< the store's last failure, empty if none (no server path in it)
  uint64_t batches = 0;         ///< store batches written (committed or not)
  std::map<uint16_t, SlotExportCounters> slots;  ///< per slot that pushed flows
};

/// The path from the exporters (on the aggregators' threads) to a HistoryStore, off the packet path:
/// push() only appends to a bounded buffer under a short lock, so a slow or failing store never makes
/// an exporter wait; the queue's own thread writes batches (by size, or every flush_interval) and runs
/// retention. When the buffer is full or a batch fails, flows are dropped and counted, never retried.
class ExportQueue {
 public:
  ExportQueue(HistoryStore& store, ExportQueueConfig config);
  ~ExportQueue();
  ExportQueue(const ExportQueue&) = delete;
  ExportQueue& operator=(const ExportQueue&) = delete;

  /// Queues one flow; false (dropped, counted) when the queue is full or stopped. Never blocks on the store.
  bool push(FlowRecord record);
  /// Queues one flow, waiting for room while the queue is full (capture files are analysed losslessly,
  /// as their reader waits for the workers); false (dropped, counted) only when the queue has stopped.
  /// A failing store still frees room (its batches are dropped), so this waits for the store's pace only.
  bool push_waiting(FlowRecord record);
  /// Waits until everything pushed before the call has been written (or dropped). For tests, benches
  /// and an orderly stop.
  void flush();
  /// Writes what is queued and stops the thread. Idempotent; push() drops afterwards.
  void stop();
  ExportCounters counters() const;

 private:
  void append(FlowRecord record);  ///< with mutex_ held and room checked
  void run();
  void write(std::vector<FlowRecord>& flows);
  /// Counts a written batch per slot, with mutex_ held.
  void count_batch(std::span<const FlowRecord> batch, const std::string* error);
  void maybe_enforce_retention();

  HistoryStore& store_;
  ExportQueueConfig config_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;      ///< the thread: a batch is full, a flush or a stop is asked
  std::condition_variable progress_;  ///< flush(): written_ moved
  std::condition_variable room_;      ///< push_waiting(): the thread took what was pending
  std::vector<FlowRecord> pending_;
  std::vector<FlowRecord> spare_;  ///< the buffer swapped in at each take, so push rarely allocates
  uint64_t accepted_ = 0;          ///< sequence of accepted flows
  uint64_t written_ = 0;           ///< of them, written or dropped by the thread
  bool flush_wanted_ = false;
  bool stopping_ = false;
  bool stopped_ = false;  ///< the thread has ended: flush() has nothing to wait for
  ExportCounters counters_;
  uint32_t newest_time_ = 0;  ///< latest LAST_SEEN queued: retention's "now" is packet time
  std::chrono::steady_clock::time_point last_retention_ = std::chrono::steady_clock::now();
  std::thread thread_;
};

}  // namespace netmeter::history
