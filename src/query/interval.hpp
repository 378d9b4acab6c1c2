#pragma once

#include <cstdint>
#include <optional>

#include "stats/entities.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

/// A requested time interval, [start, end) in epoch seconds of packet time. Without one, "interval"
/// means the last complete second (Allegro: "if no interval is specified, this is similar to lastSecond").
struct Interval {
  std::optional<int64_t> start;  ///< missing with `end` given: end - 1
  std::optional<int64_t> end;    ///< missing with `start` given: up to and including the last second
};

/// An interval resolved against a store: the seconds its values cover.
struct TimeWindow {
  int64_t start = 0;
  int64_t end = 0;          ///< exclusive; start >= end is an empty interval
  int64_t last_second = 0;  ///< start of the last complete second
  bool requested = false;   ///< the caller gave an interval (else start = last_second, end = start + 1)

  int64_t seconds() const { return end > start ? end - start : 0; }
};

TimeWindow resolve(const Interval& interval, const stats::StatsStore& store);

/// The four values of a traffic counter (Allegro's allTime, lastSecond, interval, intervalPerSecond).
struct TrafficValues {
  stats::Traffic all_time;
  stats::Traffic last_second;
  stats::Traffic interval;
  stats::Traffic interval_per_second;  ///< interval / its length in seconds, rounded down
};

/// Epoch seconds in ns, saturated (packet time from a broken capture may be anywhere).
inline int64_t to_ns(int64_t seconds) {
  constexpr int64_t kNs = 1'000'000'000;
  if (seconds > INT64_MAX / kNs) return INT64_MAX;
  if (seconds < INT64_MIN / kNs) return INT64_MIN;
  return seconds * kNs;
}

/// Traffic of `t` in [start, end) seconds. The history knows, but first and last activity answer most
/// entities without touching it (lists call this for every entity): nothing when the entity was idle
/// throughout, everything when all its traffic lies inside the interval (exact, where the history might
/// pro-rate a coarse bucket). Only when they are consistent: a delta without packet times leaves first_ns
/// above last_ns.
inline stats::Traffic window_sum(const stats::TrafficStats& t, int64_t start, int64_t end,
                                 const stats::HistoryConfig& config) {
  if (start >= end || t.history.empty()) return {};
  if (t.first_ns <= t.last_ns) {
    const int64_t start_ns = to_ns(start), end_ns = to_ns(end);
    if (t.last_ns < start_ns || t.first_ns >= end_ns) return {};
    if (t.first_ns >= start_ns && t.last_ns < end_ns) return t.total;
  }
  return t.history.sum(start, end, config);
}

/// All four values; without `with_interval` only `all_time` is filled.
TrafficValues traffic_values(const stats::TrafficStats& t, const TimeWindow& w,
                             const stats::HistoryConfig& config, bool with_interval = true);

}  // namespace netmeter::query
