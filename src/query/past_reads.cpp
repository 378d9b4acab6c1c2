#include "query/past_reads.hpp"

#include <algorithm>
#include <limits>

namespace netmeter::query {
namespace {

constexpr int64_t kMinute = 60;

}  // namespace

int64_t memory_horizon(const stats::StatsStore& store, const stats::HistoryConfig& config) {
  if (store.newest_second() == stats::History::kNever) return std::numeric_limits<int64_t>::max();
  const auto& coarsest = config.levels.back();
  // A level keeps the buckets within `depth` of an entity's newest second; every entity's newest is at
  // most the slot's, so from here on every entity still holds its traffic (at the coarsest resolution).
  int64_t kept = stats::align_down(store.newest_second(), coarsest.resolution) -
                 (int64_t{coarsest.depth} - 1) * coarsest.resolution;
  // The slot's first minute whole: memory answers it from its own buckets, where splitting it at the
  // first second would pro-rate a minute bucket by time (the store has nothing of this run before it).
  return std::max(stats::align_down(store.oldest_second(), kMinute), kept);
}

stats::Traffic past_sum(std::span<const MinuteTraffic> minutes, int64_t start, int64_t end) {
  stats::Traffic sum;
  for (const auto& m : minutes) {
    int64_t a = std::max(start, m.minute), b = std::min(end, m.minute + kMinute);
    if (a >= b) continue;
    sum += b - a == kMinute ? m.traffic : m.traffic.scaled(static_cast<uint64_t>(b - a), kMinute);
  }
  return sum;
}

Graph recent_graph(const stats::TrafficStats* traffic, const GraphPlan& plan,
                   const stats::HistoryConfig& config, int64_t horizon) {
  Graph g;
  g.start = plan.start;
  g.end = plan.end;
  g.step = plan.step;
  // As make_graph: idle in the whole range, zeros without touching the history.
  bool idle = !traffic || window_sum(*traffic, plan.start, plan.end, config).empty();
  for (int64_t t = plan.start; t < plan.end; t += plan.step) {
    GraphPoint p;
    p.time_ms = t * 1000;
    int64_t from = std::max(t, horizon), to = std::min(plan.end, t + plan.step);
    if (!idle && from < to) p.value = traffic->history.sum(from, to, config);
    g.points.push_back(p);
  }
  return g;
}

void add_past(Graph& g, std::span<const MinuteTraffic> minutes, int64_t horizon) {
  for (auto& p : g.points) {
    int64_t t = p.time_ms / 1000;
    int64_t to = std::min({g.end, t + g.step, horizon});
    if (t < to) p.value += past_sum(minutes, t, to);
  }
}

IntervalSplit split_interval(const stats::StatsStore& store, const stats::TrafficStats* traffic,
                             const stats::HistoryConfig& config, const Interval& interval) {
  IntervalSplit split{resolve(interval, store), memory_horizon(store, config), {}};
  if (traffic && split.window.requested)
    split.recent =
        window_sum(*traffic, std::max(split.window.start, split.horizon), split.window.end, config);
  return split;
}

void complete_interval(TrafficValues& v, const IntervalSplit& split, std::span<const MinuteTraffic> minutes) {
  const TimeWindow& w = split.window;
  v.interval = split.recent + past_sum(minutes, w.start, std::min(w.end, split.horizon));
  v.interval_per_second = v.interval.scaled(1, static_cast<uint64_t>(w.seconds()));
}

std::optional<MinuteRange> past_range(int64_t start, int64_t end, int64_t horizon) {
  end = std::min(end, horizon);
  if (start >= end) return std::nullopt;
  return MinuteRange{stats::align_down(start, kMinute), stats::align_up(end, kMinute)};
}

}  // namespace netmeter::query
