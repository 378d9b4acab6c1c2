#pragma once

#include <atomic>
#include <limits>
#include <memory>
#include <shared_mutex>
#include <thread>

#include "stats/delta_channel.hpp"
#include "stats/delta_observer.hpp"
#include "stats/event_order.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::stats {

/// Merges the workers' deltas into one StatsStore, on its own thread. Readers (query layer, reports)
/// take a shared lock; the aggregator holds the exclusive lock only while applying one delta (bounded
/// by StatsConfig::max_delta_entries),
/// and the workers never wait for either (they only hand deltas over).
///
/// With several workers, the deltas' L7 events are held and applied in one order (EventOrder) once every
/// worker has passed their second, so that the statistics of a file do not depend on thread timing.
class Aggregator {
 public:
  Aggregator(const StatsConfig& config, unsigned workers);
  ~Aggregator();
  Aggregator(const Aggregator&) = delete;
  Aggregator& operator=(const Aggregator&) = delete;

  DeltaChannel& channel() { return channel_; }
  /// Set before start(): `observer` sees every applied delta on the aggregator's thread (null: none).
  void set_observer(DeltaObserver* observer) { observer_.store(observer); }
  void start();
  /// Applies what is published, stops the thread.
  void stop();
  /// Applies every delta published so far, on the caller's thread (used once the workers have stopped).
  void drain();
  /// The workers have stopped and flushed: applies the rest and closes the slot's time.
  void finish();
  /// After finish(), once no worker will record again (their recorders are gone): frees the hand-over
  /// buffers. The store stays readable.
  void release_buffers();

  /// StatsStore::reset() under the exclusive lock (deltas already published are applied first, to the
  /// store before the reset).
  void reset();

  /// Runs f(const StatsStore&) under the shared lock.
  template <typename F>
  auto read(F&& f) const {
    waiting_readers_.fetch_add(1, std::memory_order_relaxed);
    std::shared_lock lock(mutex_);
    waiting_readers_.fetch_sub(1, std::memory_order_relaxed);
    return f(store_);
  }
  /// The store's configuration: fixed for the aggregator's life, so readable without the lock.
  const StatsConfig& config() const { return store_.config(); }
  uint64_t deltas_applied() const { return applied_.load(); }
  /// Changes whenever what readers see may have changed (deltas applied, a reset, the end of the
  /// slot's time): an answer computed at one generation stays right while it does not change.
  uint64_t generation() const { return applied_.load(); }

 private:
  void run();
  void let_readers_in() const;
  /// Applies the batch; with several workers, then the held events ordered before `settled`.
  void apply(std::vector<std::unique_ptr<ShardDelta>>& batch, int64_t settled);
  void apply_events(int64_t settled);
  void apply_held(const EventOrder::Held& h);  ///< under the exclusive lock
  /// Every worker has stopped: everything held is settled.
  static constexpr int64_t kAllSettled = std::numeric_limits<int64_t>::max();

  DeltaChannel channel_;
  StatsStore store_;
  mutable std::shared_mutex mutex_;
  std::mutex apply_mutex_;  ///< drain() and the thread never apply at the same time
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> applied_{0};
  std::atomic<DeltaObserver*> observer_{nullptr};
  const bool order_events_;                      ///< several workers
  EventOrder events_;                            ///< guarded by apply_mutex_
  mutable std::atomic<int> waiting_readers_{0};  ///< the aggregator lets them in between two deltas
};

}  // namespace netmeter::stats
