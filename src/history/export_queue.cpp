#include "history/export_queue.hpp"

#include <algorithm>

#include "core/flow_id.hpp"

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

uint64_t ExportQueue::next_flow_number(uint16_t interface_id) {
  uint64_t queued = 1;
  read_counters([&] {
    if (auto it = next_numbers_.find(interface_id); it != next_numbers_.end()) queued = it->second;
  });
  return std::max(queued, store_.next_flow_number(interface_id));
}

void ExportQueue::on_accepted(const FlowRecord& row) {
  ++slots_[row.interface_id].queued;
  uint64_t& next = next_numbers_[row.interface_id];
  next = std::max(next, core::flow_number(row.flow_id) + 1);
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
