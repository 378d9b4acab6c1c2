#pragma once

#include <cstddef>

#include "dpi/dpi_config.hpp"
#include "flow/flow_table.hpp"
#include "stats/stats_config.hpp"

namespace netmeter::engine {

struct EngineConfig {
  unsigned workers = 0;         ///< 0: one per core minus the reader's, at least 1
  size_t max_flows = 4u << 20;  ///< over all workers
  flow::FlowTableConfig flows;  ///< max_flows there is per worker and is derived from the line above
  dpi::DpiConfig dpi;
  size_t queue_bytes = 4u << 20;  ///< per worker
  /// Keep finished flows (idle-expired or evicted) in the results; file analysis reports every flow.
  bool keep_finished_flows = true;
  stats::StatsConfig stats;  ///< statistics modules; `stats.enabled = false` runs the bare engine
  /// Nice value of the worker threads (the statistics thread has stats.thread_nice).
  int thread_nice = 0;
  /// Each worker numbers its flows from here (core/flow_id.hpp); a slot with a history store continues
  /// after the numbers stored ones used.
  uint64_t first_flow_number = 1;

  unsigned resolved_workers() const;
};

}  // namespace netmeter::engine
