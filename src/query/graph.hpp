#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "query/entity.hpp"
#include "query/interval.hpp"

namespace netmeter::query {

/// A graph request. Without a range: the last `kDefaultGraphSeconds` up to the last complete second.
/// The step (seconds per point) is `timespan` when given; `values` caps the number of points by raising
/// the step to ceil(span / values), rounded up to a history level's resolution (a multiple of the coarsest
/// beyond it), so each point is answered from whole buckets. Neither given: at most kDefaultGraphPoints.
struct GraphRequest {
  Interval range;
  uint32_t values = 0;   ///< maximum number of points (0: no cap but kMaxGraphPoints)
  int64_t timespan = 0;  ///< seconds per point (0: chosen from `values` and the history levels)
};

constexpr int64_t kDefaultGraphSeconds = 600;
constexpr uint32_t kDefaultGraphPoints = 120;
constexpr uint32_t kMaxGraphPoints = 100000;

struct GraphPoint {
  int64_t time_ms = 0;   ///< start of the step, epoch milliseconds
  stats::Traffic value;  ///< traffic in [time, time + step): a sum, not a rate
};

struct Graph {
  int64_t start = 0;  ///< first point, epoch seconds (the range's start aligned down to the step)
  int64_t end = 0;    ///< exclusive, epoch seconds
  int64_t step = 1;   ///< seconds per point
  std::vector<GraphPoint> points;
};

/// Where a graph's points lie: [start, end) in steps of `step` seconds.
struct GraphPlan {
  int64_t start = 0;
  int64_t end = 0;
  int64_t step = 1;
};

GraphPlan plan_graph(const GraphRequest& request, const stats::StatsStore& store,
                     const stats::HistoryConfig& config);
/// The graph of one traffic history.
Graph make_graph(const stats::TrafficStats& traffic, const GraphPlan& plan,
                 const stats::HistoryConfig& config);
/// The sum of two graphs with the same plan (start, end and step): `into`'s points plus `other`'s.
void add_graph(Graph& into, const Graph& other);
/// The graph of an entity; nullopt when the store does not know it.
std::optional<Graph> graph(const stats::StatsStore& store, const EntityRef& ref, const GraphRequest& request);

}  // namespace netmeter::query
