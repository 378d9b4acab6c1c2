#pragma once

#include <chrono>
#include <cstdint>

#include "core/cpu_relax.hpp"

namespace netmeter::core {

/// The waiting side of a hand-off between two threads: spin while the other side is probably about to
/// deliver (waking a sleeping thread costs the other side a system call), and say when spinning has
/// lasted long enough that the caller should sleep instead.
class SpinWait {
 public:
  explicit SpinWait(std::chrono::microseconds spin_time) : spin_time_(spin_time) {}

  /// Whether the next round is the first of a wait (a good moment to publish one's own progress).
  bool starting() const { return rounds_ == 0; }

  /// One round of waiting: spins briefly and returns false, or returns true once `spin_time` has
  /// passed since the first round (the clock is read only every 64 rounds).
  bool spun_out() {
    if (rounds_++ == 0) since_ = std::chrono::steady_clock::now();
    if (rounds_ % 64 == 0 && std::chrono::steady_clock::now() - since_ > spin_time_) return true;
    cpu_relax();
    return false;
  }

  /// The awaited thing happened.
  void reset() { rounds_ = 0; }

 private:
  std::chrono::microseconds spin_time_;
  uint64_t rounds_ = 0;
  std::chrono::steady_clock::time_point since_;
};

}  // namespace netmeter::core
