#include "history/export_queue.hpp"

namespace netmeter::history {

ExportQueue::ExportQueue(HistoryStore& store, ExportQueueConfig config)
    : BatchQueue<FlowRecord>(
          {config.capacity, config.batch_size, config.flush_interval, config.retention_interval}),
      store_(store),
      retention_(config.retention) {
  start("nm-history");
}

ExportQueue::~ExportQueue() {
  stop();
}

ExportCounters ExportQueue::counters() const {
  ExportCounters c;
  static_cast<QueueCounters&>(c) = read_counters([&] { c.slots = slots_; });
  return c;
}

uint64_t ExportQueue::run_retention(uint32_t newest_time) {
  return store_.enforce_retention(retention_, newest_time);
}

void ExportQueue::on_batch(std::span<const FlowRecord> batch, const std::string* error) {
  std::map<uint16_t, uint64_t> rows;  // per slot in the batch: a few entries, once per batch
  for (const FlowRecord& r : batch)
    ++rows[r.interface_id];
  for (const auto& [id, n] : rows) {
    SlotExportCounters& slot = slots_[id];
    ++slot.batches;
    if (!error) {
      slot.stored += n;
      continue;
    }
    slot.dropped += n;
    ++slot.failed_batches;
    slot.last_error = *error;
  }
}

}  // namespace netmeter::history
