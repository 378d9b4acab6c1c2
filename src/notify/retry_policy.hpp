#pragma once

#include <algorithm>
#include <chrono>

namespace netmeter::notify {

/// How a batch that failed is tried again: `max_attempts` in all, waiting base·2^(n−1) (at most `cap`)
/// after the n-th failure. Every attempt has its own `timeout` for connecting and for each write/read.
struct RetryPolicy {
  int max_attempts = 3;
  std::chrono::milliseconds base{250};
  std::chrono::milliseconds cap{4000};
  std::chrono::milliseconds timeout{2000};

  /// The wait after failed attempt `attempt` (1-based); zero once no attempt is left.
  std::chrono::milliseconds delay_after(int attempt) const {
    if (attempt < 1 || attempt >= max_attempts) return std::chrono::milliseconds{0};
    auto d = base;
    for (int i = 1; i < attempt && d < cap; ++i)
      d *= 2;
    return std::min(d, cap);
  }
};

}  // namespace netmeter::notify
