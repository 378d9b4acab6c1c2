#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <span>
#include <string>

#include "history/batch_queue.hpp"
#include "history/history_store.hpp"

namespace netmeter::history {

struct ExportQueueConfig {
  size_t capacity = 200000;  ///< flows waiting for the store; beyond, new ones are dropped and counted
  /// Flows per store transaction: one per second at 100 k flows/s. SQLite writes each page a batch
  /// touches once per commit (the source-address index touches a page per active source: 10 000-flow
  /// batches wrote about 4 KiB of WAL per flow), ClickHouse makes a part per insert; both want few.
  size_t batch_size = 100000;
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

/// What the queue did since it started (for the API and the logs), in flows, and per slot.
struct ExportCounters : QueueCounters {
  std::map<uint16_t, SlotExportCounters> slots;  ///< per slot that pushed flows
};

/// The flows' path to the HistoryStore (see BatchQueue): the exporters push each flow that ends, is
/// evicted or is reported periodically; live slots drop when the queue is full, file slots wait.
class ExportQueue final : public BatchQueue<FlowRecord> {
 public:
  ExportQueue(HistoryStore& store, ExportQueueConfig config);
  ~ExportQueue() override;

  /// Queues one flow; false (dropped, counted) when the queue is full or stopped. Never blocks on the store.
  bool push(FlowRecord record) { return push_rows(std::span<FlowRecord>(&record, 1), false); }
  /// Queues one flow, waiting for room while the queue is full (capture files are analysed losslessly,
  /// as their reader waits for the workers); false (dropped, counted) only when the queue has stopped.
  /// A failing store still frees room (its batches are dropped), so this waits for the store's pace only.
  bool push_waiting(FlowRecord record) { return push_rows(std::span<FlowRecord>(&record, 1), true); }
  ExportCounters counters() const;
  /// The first flow number (core::flow_number) no flow of slot `interface_id` stored or queued has used:
  /// a slot starting (again) numbers its flows from there, so its ids stay unique across runs and across
  /// slots that reuse an id. Asks the store: throws HistoryError when it fails.
  uint64_t next_flow_number(uint16_t interface_id);

 private:
  void store_batch(std::span<const FlowRecord> batch) override { store_.insert(batch); }
  uint64_t run_retention(uint32_t newest_time) override;
  uint32_t row_time(const FlowRecord& row) const override { return row.last_seen; }
  void on_accepted(const FlowRecord& row) override;
  void on_dropped(const FlowRecord& row) override { ++slots_[row.interface_id].dropped; }
  void on_batch(std::span<const FlowRecord> batch, const std::string* error) override;

  HistoryStore& store_;
  Retention retention_;
  std::map<uint16_t, SlotExportCounters> slots_;  ///< under the queue's lock
  std::map<uint16_t, uint64_t> next_numbers_;     ///< of the flows queued in this run; under the lock
};

}  // namespace netmeter::history
