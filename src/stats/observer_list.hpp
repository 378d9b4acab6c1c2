#pragma once

#include <vector>

#include "stats/delta_observer.hpp"

namespace netmeter::stats {

/// Several observers of one aggregator (the alert engine and the history exporter), called in the
/// order they were added, on the aggregator's thread. Add them all before the aggregator starts.
class ObserverList final : public DeltaObserver {
 public:
  /// Null is ignored.
  void add(DeltaObserver* observer) {
    if (observer) observers_.push_back(observer);
  }
  bool empty() const { return observers_.empty(); }
  size_t size() const { return observers_.size(); }

  void on_delta(const ShardDelta& delta) override {
    for (auto* o : observers_)
      o->on_delta(delta);
  }
  void on_finish() override {
    for (auto* o : observers_)
      o->on_finish();
  }

 private:
  std::vector<DeltaObserver*> observers_;
};

}  // namespace netmeter::stats
