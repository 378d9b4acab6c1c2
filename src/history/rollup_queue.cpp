#include "history/rollup_queue.hpp"

#include <algorithm>
#include <span>

#include "core/thread_name.hpp"

namespace netmeter::history {

RollupQueue::RollupQueue(HistoryStore& store, RollupQueueConfig config) : store_(store), config_(config) {
  config_.batch_size = std::max<size_t>(1, config_.batch_size);
  config_.capacity = std::max(config_.capacity, config_.batch_size);
  thread_ = std::thread([this] {
    core::set_thread_name("nm-series");
    run();
  });
}

RollupQueue::~RollupQueue() {
  stop();
}

bool RollupQueue::push(std::vector<RollupRow> rows, bool wait) {
  if (rows.empty()) return true;
  std::unique_lock lock(mutex_);
  // A minute larger than the whole queue waits only for an empty one.
  auto fits = [&] { return pending_.empty() || pending_.size() + rows.size() <= config_.capacity; };
  if (wait) room_.wait(lock, [&] { return stopping_ || fits(); });
  if (stopping_ || !fits()) {
    counters_.dropped += rows.size();
    return false;
  }
  for (const RollupRow& r : rows)
    newest_minute_ = std::max(newest_minute_, r.minute);
  pending_.insert(pending_.end(), rows.begin(), rows.end());
  accepted_ += rows.size();
  counters_.queued += rows.size();
  if (pending_.size() >= config_.batch_size) wake_.notify_one();
  return true;
}

void RollupQueue::flush() {
  std::unique_lock lock(mutex_);
  uint64_t target = accepted_;
  flush_wanted_ = true;
  wake_.notify_one();
  progress_.wait(lock, [&] { return written_ >= target || stopped_; });
}

void RollupQueue::stop() {
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

RollupCounters RollupQueue::counters() const {
  std::lock_guard lock(mutex_);
  RollupCounters c = counters_;
  c.pending = pending_.size();
  return c;
}

void RollupQueue::run() {
  std::vector<RollupRow> taken;
  for (;;) {
    bool last = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, config_.flush_interval,
                     [&] { return stopping_ || flush_wanted_ || pending_.size() >= config_.batch_size; });
      flush_wanted_ = false;
      taken.swap(pending_);
      last = stopping_;
    }
    room_.notify_all();
    write(taken);
    {
      std::lock_guard lock(mutex_);
      written_ += taken.size();
      taken.clear();
    }
    progress_.notify_all();
    if (last) return;
    maybe_enforce_retention();
  }
}

void RollupQueue::write(const std::vector<RollupRow>& rows) {
  for (size_t at = 0; at < rows.size(); at += config_.batch_size) {
    std::span<const RollupRow> batch(rows.data() + at, std::min(config_.batch_size, rows.size() - at));
    try {
      store_.insert_rollups(batch);
      std::lock_guard lock(mutex_);
      counters_.stored += batch.size();
    } catch (const std::exception& e) {
      std::lock_guard lock(mutex_);
      ++counters_.failed_batches;
      counters_.dropped += batch.size();
      counters_.last_error = e.what();
    }
  }
}

void RollupQueue::maybe_enforce_retention() {
  auto now = std::chrono::steady_clock::now();
  if (now - last_retention_ < config_.retention_interval) return;
  uint32_t packet_now = 0;
  {
    std::lock_guard lock(mutex_);
    packet_now = newest_minute_;
  }
  if (packet_now == 0 || config_.retention_days == 0) return;
  last_retention_ = now;
  try {
    uint64_t deleted = store_.enforce_rollup_retention(config_.retention_days, packet_now);
    std::lock_guard lock(mutex_);
    counters_.deleted += deleted;
  } catch (const std::exception& e) {
    std::lock_guard lock(mutex_);
    counters_.last_error = e.what();
  }
}

}  // namespace netmeter::history
