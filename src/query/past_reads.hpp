#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "query/graph.hpp"
#include "query/past_traffic.hpp"

namespace netmeter::query {

/// The oldest second the in-memory history answers for every entity under `config`: the start of the
/// slot's first minute, or where its coarsest level ends before the newest second, whichever is later.
/// INT64_MAX before the first packet (everything is past).
int64_t memory_horizon(const stats::StatsStore& store, const stats::HistoryConfig& config);

/// Traffic of the stored minutes in [start, end); a minute partly inside counts pro rata.
stats::Traffic past_sum(std::span<const MinuteTraffic> minutes, int64_t start, int64_t end);

/// The graph of `traffic` over `plan` holding memory's part only: each point's seconds from `horizon`
/// on (the older ones are the store's). `traffic` null: zeros.
Graph recent_graph(const stats::TrafficStats* traffic, const GraphPlan& plan,
                   const stats::HistoryConfig& config, int64_t horizon);

/// Adds the store's part (the seconds before `horizon`) to each point of `g`.
void add_past(Graph& g, std::span<const MinuteTraffic> minutes, int64_t horizon);

/// An interval split at the memory horizon, with memory's part of it (read under the statistics lock).
struct IntervalSplit {
  TimeWindow window;
  int64_t horizon = 0;
  stats::Traffic recent;  ///< the entity's traffic from max(start, horizon) to end; zero when unknown
};
IntervalSplit split_interval(const stats::StatsStore& store, const stats::TrafficStats* traffic,
                             const stats::HistoryConfig& config, const Interval& interval);
/// `v`'s interval values from memory's part and the stored minutes before the horizon.
void complete_interval(TrafficValues& v, const IntervalSplit& split, std::span<const MinuteTraffic> minutes);

/// The minutes to ask the store for: [start, min(end, horizon)) widened to whole minutes; nullopt when
/// memory holds all of it.
struct MinuteRange {
  int64_t start = 0, end = 0;
};
std::optional<MinuteRange> past_range(int64_t start, int64_t end, int64_t horizon);

}  // namespace netmeter::query
