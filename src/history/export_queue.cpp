#include "history/export_queue.hpp"

#include <algorithm>
#include <span>

#include "core/thread_name.hpp"

namespace netmeter::history {

ExportQueue::ExportQueue(HistoryStore& store, ExportQueueConfig config) : store_(store), config_(config) {
  config_.batch_size = std::max<size_t>(1, config_.batch_size);
  config_.capacity = std::max(config_.capacity, config_.batch_size);
  thread_ = std::thread([this] {
    core::set_thread_name("nm-history");
    run();
  });
}

ExportQueue::~ExportQueue() {
  stop();
}

bool ExportQueue::push(FlowRecord record) {
  std::lock_guard lock(mutex_);
  if (stopping_ || pending_.size() >= config_.capacity) {
    ++counters_.dropped;
    ++counters_.slots[record.interface_id].dropped;
    return false;
  }
  append(std::move(record));
  return true;
}

bool ExportQueue::push_waiting(FlowRecord record) {
  std::unique_lock lock(mutex_);
  room_.wait(lock, [&] { return stopping_ || pending_.size() < config_.capacity; });
  if (stopping_) {
    ++counters_.dropped;
    ++counters_.slots[record.interface_id].dropped;
    return false;
  }
  append(std::move(record));
  return true;
}

void ExportQueue::append(FlowRecord record) {
  newest_time_ = std::max(newest_time_, record.last_seen);
  ++counters_.slots[record.interface_id].queued;
  pending_.push_back(std::move(record));
  ++accepted_;
  ++counters_.queued;
  if (pending_.size() == config_.batch_size) wake_.notify_one();
}

void ExportQueue::flush() {
  std::unique_lock lock(mutex_);
  uint64_t target = accepted_;
  flush_wanted_ = true;
  wake_.notify_one();
  progress_.wait(lock, [&] { return written_ >= target || stopped_; });
}

void ExportQueue::stop() {
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

ExportCounters ExportQueue::counters() const {
  std::lock_guard lock(mutex_);
  ExportCounters c = counters_;
  c.pending = pending_.size();
  return c;
}

void ExportQueue::run() {
  std::vector<FlowRecord> taken;
  for (;;) {
    bool last = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, config_.flush_interval,
                     [&] { return stopping_ || flush_wanted_ || pending_.size() >= config_.batch_size; });
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

void ExportQueue::write(std::vector<FlowRecord>& flows) {
  for (size_t at = 0; at < flows.size(); at += config_.batch_size) {
    std::span<const FlowRecord> batch(flows.data() + at, std::min(config_.batch_size, flows.size() - at));
    try {
      store_.insert(batch);
      std::lock_guard lock(mutex_);
      counters_.stored += batch.size();
      count_batch(batch, nullptr);
    } catch (const std::exception& e) {
      std::lock_guard lock(mutex_);
      ++counters_.failed_batches;
      counters_.dropped += batch.size();
      counters_.last_error = e.what();
      count_batch(batch, &counters_.last_error);
    }
  }
}

void ExportQueue::count_batch(std::span<const FlowRecord> batch, const std::string* error) {
  ++counters_.batches;
  std::map<uint16_t, uint64_t> rows;  // per slot in the batch: a few entries, once per batch
  for (const FlowRecord& r : batch)
    ++rows[r.interface_id];
  for (const auto& [id, n] : rows) {
    SlotExportCounters& slot = counters_.slots[id];
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

void ExportQueue::maybe_enforce_retention() {
  auto now = std::chrono::steady_clock::now();
  if (now - last_retention_ < config_.retention_interval) return;
  last_retention_ = now;
  uint32_t packet_now = 0;
  {
    std::lock_guard lock(mutex_);
    packet_now = newest_time_;
  }
  if (packet_now == 0) return;
  try {
    uint64_t deleted = store_.enforce_retention(config_.retention, packet_now);
    std::lock_guard lock(mutex_);
    counters_.deleted += deleted;
  } catch (const std::exception& e) {
    std::lock_guard lock(mutex_);
    counters_.last_error = e.what();
  }
}

}  // namespace netmeter::history
