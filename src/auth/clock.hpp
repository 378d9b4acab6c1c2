#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace netmeter::auth {

using TimePoint = std::chrono::system_clock::time_point;

/// Wall-clock time for expiries and rate-limit windows, injectable so tests control it.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
};

/// A clock that moves only when told to; safe to read and advance from several threads.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = TimePoint(std::chrono::seconds(1'700'000'000)))
      : ticks_(start.time_since_epoch().count()) {}
  TimePoint now() const override { return TimePoint(TimePoint::duration(ticks_.load())); }
  void advance(TimePoint::duration d) { ticks_ += d.count(); }
  void set(TimePoint t) { ticks_ = t.time_since_epoch().count(); }

 private:
  std::atomic<TimePoint::rep> ticks_;
};

/// Epoch seconds, the unit the store keeps.
inline int64_t to_epoch_seconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}
inline TimePoint from_epoch_seconds(int64_t s) {
  return TimePoint(std::chrono::seconds(s));
}

}  // namespace netmeter::auth
