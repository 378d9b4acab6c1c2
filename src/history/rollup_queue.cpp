#include "history/rollup_queue.hpp"

namespace netmeter::history {

RollupQueue::RollupQueue(HistoryStore& store, RollupQueueConfig config)
    : BatchQueue<RollupRow>(
          {config.capacity, config.batch_size, config.flush_interval, config.retention_interval}),
      store_(store),
      retention_days_(config.retention_days) {
  start("nm-series");
}

RollupQueue::~RollupQueue() {
  stop();
}

uint64_t RollupQueue::run_retention(uint32_t newest_time) {
  return retention_days_ == 0 ? 0 : store_.enforce_rollup_retention(retention_days_, newest_time);
}

}  // namespace netmeter::history
