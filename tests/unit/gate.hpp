#pragma once

#include <condition_variable>
#include <mutex>

namespace netmeter::test {

/// Holds the threads that pass() while it is closed: a test double puts one in front of a store's write
/// to keep a writer thread inside it (a slow or unreachable backend) while the test goes on.
class Gate {
 public:
  /// Counts the caller as entered, then waits while the gate is closed.
  void pass() {
    std::unique_lock lock(mutex_);
    ++entered_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return open_; });
  }
  void close() {
    std::lock_guard lock(mutex_);
    open_ = false;
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  /// Waits until pass() was called `n` times in all.
  void wait_entered(int n) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return entered_ >= n; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = true;
  int entered_ = 0;
};

}  // namespace netmeter::test
