#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace netmeter::core {

/// Lets an idle consumer sleep until its producer has work for it, without the producer paying for a
/// lock per item: the producer only takes the mutex when the consumer is actually asleep. The two
/// seq_cst fences make sure that either the consumer sees the new work before sleeping, or the producer
/// sees the consumer asleep and wakes it.
class Doorbell {
 public:
  /// Consumer: sleeps until ring() or `max_wait`, unless `has_work()` already says there is work.
  template <typename HasWork>
  void wait(HasWork&& has_work, std::chrono::microseconds max_wait) {
    std::unique_lock lock(mutex_);
    sleeping_.store(true, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (!has_work()) cv_.wait_for(lock, max_wait);
    sleeping_.store(false, std::memory_order_relaxed);
  }

  /// Producer: call after publishing work.
  void ring() {
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (sleeping_.load(std::memory_order_relaxed)) {
      std::lock_guard lock(mutex_);
      cv_.notify_one();
    }
  }

 private:
  std::atomic<bool> sleeping_{false};
  std::mutex mutex_;
  std::condition_variable cv_;
};

}  // namespace netmeter::core
