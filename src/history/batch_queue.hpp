#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "core/thread_name.hpp"

namespace netmeter::history {

/// Sizes and pace of a BatchQueue.
struct BatchQueueLimits {
  size_t capacity = 0;                             ///< rows waiting; beyond, new ones wait or are dropped
  size_t batch_size = 1;                           ///< rows per store transaction
  std::chrono::milliseconds flush_interval{1000};  ///< a partial batch waits at most this long
  std::chrono::seconds retention_interval{60};     ///< how often retention runs (wall clock)
};

/// What a queue did since it started (for the API and the logs).
struct QueueCounters {
  uint64_t queued = 0;          ///< rows accepted
  uint64_t stored = 0;          ///< rows the store committed
  uint64_t dropped = 0;         ///< rows lost: queue full (or stopped), or their batch failed
  uint64_t failed_batches = 0;  ///< batches the store refused (each one's rows are in `dropped`)
  uint64_t deleted = 0;         ///< rows removed by retention
  size_t pending = 0;           ///< rows waiting now
  std::string last_error;       ///< the store's last failure, empty if none (no server path in it)
  uint64_t batches = 0;         ///< store batches written (committed or not)
};

/// The path from producers on the aggregators' threads to a store, off the packet path: push() only
/// appends to a bounded buffer under a short lock, so a slow or failing store never makes a live producer
/// wait; the queue's own thread writes batches (by size, or every flush_interval) and runs retention. A
/// full buffer drops and counts (or, for capture files analysed losslessly, waits for room); a failed
/// batch is dropped and counted, never retried.
///
/// A derived queue says how rows are stored (store_batch), aged out (run_retention) and timed (row_time,
/// packet time: retention's "now"), and may count more (the on_* hooks, called with the lock held). It
/// calls start() at the end of its constructor and stop() in its destructor.
template <class Row>
class BatchQueue {
 public:
  BatchQueue(const BatchQueue&) = delete;
  BatchQueue& operator=(const BatchQueue&) = delete;

  /// Waits until everything pushed before the call has been written (or dropped).
  void flush() {
    std::unique_lock lock(mutex_);
    uint64_t target = accepted_;
    flush_wanted_ = true;
    wake_.notify_one();
    progress_.wait(lock, [&] { return written_ >= target || stopped_; });
  }

  /// Writes what is queued and stops the thread. Idempotent; pushes drop afterwards.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    room_.notify_all();
    if (thread_.joinable()) thread_.join();
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    progress_.notify_all();
  }

 protected:
  explicit BatchQueue(BatchQueueLimits limits) : limits_(limits) {
    limits_.batch_size = std::max<size_t>(1, limits_.batch_size);
    limits_.capacity = std::max(limits_.capacity, limits_.batch_size);
  }
  virtual ~BatchQueue() = default;

  void start(const char* thread_name) {
    thread_ = std::thread([this, thread_name] {
      core::set_thread_name(thread_name);
      run();
    });
  }

  /// Queues `rows` whole, or none of them: with `wait`, waiting for room while the queue is full (a group
  /// larger than the whole queue waits for an empty one); else dropping them (counted). False when dropped.
  template <class Rows>
  bool push_rows(Rows&& rows, bool wait) {
    if (rows.empty()) return true;
    std::unique_lock lock(mutex_);
    auto fits = [&] { return pending_.empty() || pending_.size() + rows.size() <= limits_.capacity; };
    if (wait) room_.wait(lock, [&] { return stopping_ || fits(); });
    if (stopping_ || !fits()) {
      counters_.dropped += rows.size();
      for (const Row& r : rows)
        on_dropped(r);
      return false;
    }
    for (auto& r : rows) {
      newest_time_ = std::max(newest_time_, row_time(r));
      on_accepted(r);
      pending_.push_back(std::move(r));
    }
    accepted_ += rows.size();
    counters_.queued += rows.size();
    if (pending_.size() >= limits_.batch_size) wake_.notify_one();
    return true;
  }

  /// A copy of the counters (the derived queue's own ones read under the same lock, in `more`).
  template <class Read>
  QueueCounters read_counters(Read&& more) const {
    std::lock_guard lock(mutex_);
    QueueCounters c = counters_;
    c.pending = pending_.size();
    more();
    return c;
  }

  virtual void store_batch(std::span<const Row> batch) = 0;           ///< throws on failure
  virtual uint64_t run_retention(uint32_t newest_time) = 0;           ///< rows deleted; throws on failure
  virtual uint32_t row_time(const Row& row) const = 0;                ///< packet time, epoch seconds
  virtual void on_accepted(const Row&) {}                             ///< lock held
  virtual void on_dropped(const Row&) {}                              ///< lock held
  virtual void on_batch(std::span<const Row>, const std::string*) {}  ///< lock held; error or null

 private:
  void run() {
    std::vector<Row> taken;
    for (;;) {
      bool last = false;
      {
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, limits_.flush_interval,
                       [&] { return stopping_ || flush_wanted_ || pending_.size() >= limits_.batch_size; });
        flush_wanted_ = false;
        taken.swap(pending_);
        pending_.swap(spare_);
        last = stopping_;
      }
      room_.notify_all();
      write(taken);
      {
        std::lock_guard lock(mutex_);
        written_ += taken.size();
        taken.clear();
        if (spare_.empty()) spare_.swap(taken);  // keep one warm buffer, not two
      }
      progress_.notify_all();
      if (last) return;
      maybe_enforce_retention();
    }
  }

  void write(const std::vector<Row>& rows) {
    for (size_t at = 0; at < rows.size(); at += limits_.batch_size) {
      std::span<const Row> batch(rows.data() + at, std::min(limits_.batch_size, rows.size() - at));
      try {
        store_batch(batch);
        std::lock_guard lock(mutex_);
        counters_.stored += batch.size();
        ++counters_.batches;
        on_batch(batch, nullptr);
      } catch (const std::exception& e) {
        std::lock_guard lock(mutex_);
        ++counters_.batches;
        ++counters_.failed_batches;
        counters_.dropped += batch.size();
        counters_.last_error = e.what();
        on_batch(batch, &counters_.last_error);
      }
    }
  }

  void maybe_enforce_retention() {
    auto now = std::chrono::steady_clock::now();
    if (now - last_retention_ < limits_.retention_interval) return;
    uint32_t packet_now = 0;
    {
      std::lock_guard lock(mutex_);
      packet_now = newest_time_;
    }
    if (packet_now == 0) return;
    last_retention_ = now;
    try {
      uint64_t deleted = run_retention(packet_now);
      std::lock_guard lock(mutex_);
      counters_.deleted += deleted;
    } catch (const std::exception& e) {
      std::lock_guard lock(mutex_);
      counters_.last_error = e.what();
    }
  }

  BatchQueueLimits limits_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;      ///< the thread: a batch is full, a flush or a stop is asked
  std::condition_variable progress_;  ///< flush(): written_ moved
  std::condition_variable room_;      ///< waiting pushes: the thread took what was pending
  std::vector<Row> pending_;
  std::vector<Row> spare_;  ///< the buffer swapped in at each take, so a push rarely allocates
  uint64_t accepted_ = 0;   ///< sequence of accepted rows
  uint64_t written_ = 0;    ///< of them, written or dropped by the thread
  bool flush_wanted_ = false;
  bool stopping_ = false;
  bool stopped_ = false;  ///< the thread has ended: flush() has nothing to wait for
  QueueCounters counters_;
  uint32_t newest_time_ = 0;
  std::chrono::steady_clock::time_point last_retention_ = std::chrono::steady_clock::now();
  std::thread thread_;
};

}  // namespace netmeter::history
