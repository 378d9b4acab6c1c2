#include "stats/delta_channel.hpp"

#include <algorithm>

namespace netmeter::stats {

DeltaChannel::DeltaChannel(unsigned workers, size_t per_worker)
    : free_(workers), marks_(std::make_unique<std::atomic<int64_t>[]>(workers)), workers_(workers) {
  for (unsigned w = 0; w < workers; ++w)
    marks_[w].store(History::kNever, std::memory_order_relaxed);
  size_t total = static_cast<size_t>(workers) * per_worker;
  published_.reserve(total);
  for (unsigned w = 0; w < workers; ++w) {
    free_[w].reserve(per_worker);
    for (size_t i = 0; i < per_worker; ++i) {
      auto d = std::make_unique<ShardDelta>();
      d->worker = w;
      // Every delta starts warm, so the first second a worker fills it does not allocate either.
      d->connections.reserve(1024);
      d->events.reserve(256);
      free_[w].push_back(std::move(d));
    }
  }
}

std::unique_ptr<ShardDelta> DeltaChannel::acquire(unsigned worker) {
  std::unique_lock lock(mutex_);
  auto& pool = free_[worker];
  if (pool.empty()) {
    ++waits_;
    published_cv_.notify_one();
    free_cv_.wait(lock, [&] { return !pool.empty(); });
  }
  auto d = std::move(pool.back());
  pool.pop_back();
  return d;
}

void DeltaChannel::publish(std::unique_ptr<ShardDelta> delta) {
  {
    std::lock_guard lock(mutex_);
    published_.push_back(std::move(delta));  // capacity reserved for every delta there is
  }
  published_cv_.notify_one();
}

std::vector<std::unique_ptr<ShardDelta>> DeltaChannel::take(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  published_cv_.wait_for(lock, timeout, [&] { return !published_.empty() || woken_; });
  woken_ = false;
  std::vector<std::unique_ptr<ShardDelta>> out;
  out.swap(published_);
  published_.reserve(out.capacity());
  return out;
}

void DeltaChannel::recycle(std::unique_ptr<ShardDelta> delta) {
  delta->clear();
  {
    std::lock_guard lock(mutex_);
    free_[delta->worker].push_back(std::move(delta));
  }
  free_cv_.notify_all();
}

void DeltaChannel::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  published_cv_.notify_all();
}

void DeltaChannel::release_pools() {
  std::lock_guard lock(mutex_);
  for (auto& pool : free_) {
    pool.clear();
    pool.shrink_to_fit();
  }
}

void DeltaChannel::mark(unsigned worker, int64_t second) {
  if (second > marks_[worker].load(std::memory_order_relaxed))
    marks_[worker].store(second, std::memory_order_release);
}

int64_t DeltaChannel::settled() const {
  if (workers_ == 0) return History::kNever;
  int64_t lowest = marks_[0].load(std::memory_order_acquire);
  for (unsigned w = 1; w < workers_; ++w)
    lowest = std::min(lowest, marks_[w].load(std::memory_order_acquire));
  return lowest;
}

size_t DeltaChannel::pending() const {
  std::lock_guard lock(mutex_);
  return published_.size();
}

uint64_t DeltaChannel::worker_waits() const {
  std::lock_guard lock(mutex_);
  return waits_;
}

}  // namespace netmeter::stats
