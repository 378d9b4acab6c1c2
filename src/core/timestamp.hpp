#pragma once

#include <cstdint>

namespace netmeter::core {

/// Packet time in nanoseconds since the Unix epoch. All engine clocks (idle expiry, "now") follow it.
struct Timestamp {
  int64_t ns = 0;

  static constexpr Timestamp from_seconds(int64_t s) { return {s * 1'000'000'000}; }
  static constexpr Timestamp from_micros(int64_t us) { return {us * 1'000}; }
  constexpr int64_t seconds() const { return ns / 1'000'000'000; }
  constexpr int64_t micros() const { return ns / 1'000; }
  constexpr int64_t millis() const { return ns / 1'000'000; }
  constexpr double seconds_f() const { return static_cast<double>(ns) / 1e9; }

  friend constexpr auto operator<=>(Timestamp, Timestamp) = default;
  friend constexpr Timestamp operator+(Timestamp t, int64_t d_ns) { return {t.ns + d_ns}; }
  friend constexpr int64_t operator-(Timestamp a, Timestamp b) { return a.ns - b.ns; }
};

constexpr int64_t kNanosPerSecond = 1'000'000'000;

}  // namespace netmeter::core
