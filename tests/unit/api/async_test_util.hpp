#pragma once

#include <chrono>
#include <future>
#include <string_view>
#include <thread>

#include "api/common/async_jobs.hpp"

namespace netmeter::api::test {

/// Holds jobs back until opened; opens itself when destroyed, so that a failing test cannot leave a job
/// thread waiting forever. Declare it after the AsyncJobs it blocks (it must be destroyed first).
class Gate {
 public:
  ~Gate() { open(); }
  void open() {
    if (!opened_) promise_.set_value();
    opened_ = true;
  }
  /// A work that waits for the gate, then answers `value`.
  AsyncJobs::Work work(boost::json::value value = nullptr) const {
    return [f = future_, value] {
      f.wait();
      return value;
    };
  }

 private:
  std::promise<void> promise_;
  std::shared_future<void> future_ = promise_.get_future().share();
  bool opened_ = false;
};

/// Polls until the job is no longer pending (or 10 s passed).
inline AsyncJobs::Lookup wait_finished(AsyncJobs& jobs, const AsyncJobs::Ticket& t, std::string_view owner) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    auto found = jobs.get(t.id, t.uuid, owner);
    if (found.state != AsyncJobs::State::pending || std::chrono::steady_clock::now() > deadline) return found;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace netmeter::api::test
