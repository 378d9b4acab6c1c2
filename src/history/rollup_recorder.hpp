#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "history/rollup_queue.hpp"
#include "stats/aggregator.hpp"
#include "stats/delta_observer.hpp"

namespace netmeter::history {

struct RollupRecorderConfig {
  uint16_t interface_id = 0;  ///< the slot
  /// File slots: wait for room in the queue; live slots drop a minute that does not fit (counted).
  bool lossless = false;
  /// Seconds of packet time past a minute's end before it closes: workers hand their seconds over
  /// independently, so the merged store is complete for a minute only a little after it ends.
  int64_t grace_s = 5;
};

/// Writes one slot's per-minute series (a stats::DeltaObserver on the slot's aggregator thread, off the
/// packet path). When packet time has passed a minute (plus the grace), it reads that minute of every
/// entity active in it from the merged statistics — the interface, hosts, applications, L4 server ports,
/// VLANs and DSCP classes — and hands the rows to the RollupQueue. The rows are the in-memory history's
/// own sums, so a stored minute answers what memory answered. When the slot's time ends every open
/// minute closes (the last one partial). A statistics reset forgets the minutes not yet closed.
class RollupRecorder final : public stats::DeltaObserver {
 public:
  RollupRecorder(const stats::Aggregator& stats, RollupQueue& queue, RollupRecorderConfig config);

  void on_delta(const stats::ShardDelta& delta) override;
  void on_finish() override;

  /// Minutes closed so far, rows handed to the queue.
  uint64_t minutes_closed() const;
  uint64_t rows_written() const;

 private:
  void close_until(int64_t end);  ///< with mutex_ held

  const stats::Aggregator& stats_;
  RollupQueue& queue_;
  RollupRecorderConfig config_;
  mutable std::mutex mutex_;               ///< on_finish() may come from the stopping thread
  int64_t next_ = stats::History::kNever;  ///< first minute not yet closed
  uint64_t minutes_ = 0, rows_ = 0;
};

/// The rows of the minutes in [from, to) (multiples of 60) of every entity active in them: what
/// RollupRecorder stores. Public for tests.
std::vector<RollupRow> collect_rollups(const stats::StatsStore& store, uint16_t interface_id, int64_t from,
                                       int64_t to);

}  // namespace netmeter::history
