#include "query/interval.hpp"

#include <algorithm>

namespace netmeter::query {

namespace {

// Far beyond any packet time, and small enough that ns conversions and differences cannot overflow.
constexpr int64_t kMaxSeconds = int64_t{1} << 33;

int64_t clamp_seconds(int64_t s) {
  return std::clamp(s, -kMaxSeconds, kMaxSeconds);
}

}  // namespace

TimeWindow resolve(const Interval& interval, const stats::StatsStore& store) {
  TimeWindow w;
  // Before the first packet there is no last second (and StatsStore::last_second() would underflow).
  w.last_second = store.newest_second() == stats::History::kNever ? 0 : store.last_second();
  w.requested = interval.start || interval.end;
  if (!w.requested) {
    w.start = w.last_second;
    w.end = w.last_second + 1;
    return w;
  }
  w.end = interval.end ? clamp_seconds(*interval.end) : w.last_second + 1;
  w.start = interval.start ? clamp_seconds(*interval.start) : w.end - 1;
  return w;
}

TrafficValues traffic_values(const stats::TrafficStats& t, const TimeWindow& w,
                             const stats::HistoryConfig& config, bool with_interval) {
  TrafficValues v;
  v.all_time = t.total;
  if (!with_interval) return v;
  v.last_second = window_sum(t, w.last_second, w.last_second + 1, config);
  v.interval = w.requested ? window_sum(t, w.start, w.end, config) : v.last_second;
  v.interval_per_second = v.interval.scaled(1, static_cast<uint64_t>(w.seconds()));
  return v;
}

}  // namespace netmeter::query
