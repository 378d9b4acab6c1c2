#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

#include "alerts/alert.hpp"

namespace netmeter::alerts {

/// Where released and one-shot alerts go (the SQLite store in the daemon). Called from the engine's
/// thread (the aggregator's), never with the engine's lock held; implementations lock for themselves.
class AlertSink {
 public:
  virtual ~AlertSink() = default;
  virtual void store(const Alert& alert) = 0;
  /// After a batch of store() calls (one worker delta's alerts): a place to write them together, now or
  /// soon after on a thread of the sink's own. Never waits for a store.
  virtual void flush() {}
  /// Writes everything stored so far before returning (the end of a slot's time; tests).
  virtual void flush_and_wait() { flush(); }
};

/// Past alerts kept in memory, newest last, the oldest dropped beyond `capacity` (used without a
/// database, e.g. by `analyze`, and by tests).
class MemoryAlertSink final : public AlertSink {
 public:
  explicit MemoryAlertSink(size_t capacity) : capacity_(capacity) {}
  void store(const Alert& alert) override {
    std::lock_guard lock(mutex_);
    if (capacity_ == 0) return;
    if (alerts_.size() == capacity_) {
      alerts_.pop_front();
      ++dropped_;
    }
    alerts_.push_back(alert);
  }
  std::vector<Alert> alerts() const {
    std::lock_guard lock(mutex_);
    return {alerts_.begin(), alerts_.end()};
  }
  size_t dropped() const {
    std::lock_guard lock(mutex_);
    return dropped_;
  }

 private:
  mutable std::mutex mutex_;
  size_t capacity_;
  size_t dropped_ = 0;
  std::deque<Alert> alerts_;
};

}  // namespace netmeter::alerts
