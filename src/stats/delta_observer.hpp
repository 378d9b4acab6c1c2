#pragma once

namespace netmeter::stats {

struct ShardDelta;

/// Reads each worker delta after the aggregator applied it, on the aggregator's thread (off the packet
/// path). The alert engine is one. It must not keep references into the delta: the delta is reused.
class DeltaObserver {
 public:
  virtual ~DeltaObserver() = default;
  virtual void on_delta(const ShardDelta& delta) = 0;
  /// The slot's time has ended (file analysis done or capture stopped): no delta follows.
  virtual void on_finish() {}
};

}  // namespace netmeter::stats
