#include "query/graph.hpp"

#include <algorithm>

namespace netmeter::query {

namespace {

/// The smallest level resolution >= `step`; beyond the coarsest, a multiple of it.
int64_t round_up_to_level(int64_t step, const stats::HistoryConfig& config) {
  for (const auto& level : config.levels)
    if (level.resolution >= step) return level.resolution;
  int64_t coarsest = config.levels.back().resolution;
  return (step + coarsest - 1) / coarsest * coarsest;
}

int64_t point_count(int64_t start, int64_t end, int64_t step) {
  int64_t first = stats::align_down(start, step);
  return (end - first + step - 1) / step;
}

}  // namespace

GraphPlan plan_graph(const GraphRequest& request, const stats::StatsStore& store,
                     const stats::HistoryConfig& config) {
  GraphPlan plan;
  TimeWindow w = resolve(request.range, store);
  plan.end = w.end;
  plan.start = request.range.start ? w.start : w.end - kDefaultGraphSeconds;
  if (plan.start >= plan.end) {
    plan.start = plan.end;
    plan.step = std::max<int64_t>(request.timespan, 1);
    return plan;
  }
  uint32_t values = request.values;
  if (values == 0) values = request.timespan > 0 ? kMaxGraphPoints : kDefaultGraphPoints;
  values = std::min(values, kMaxGraphPoints);
  int64_t span = plan.end - plan.start;
  int64_t step = std::max<int64_t>(request.timespan, 1);
  int64_t min_step = (span + values - 1) / values;
  if (request.timespan <= 0 || step < min_step) step = round_up_to_level(std::max(step, min_step), config);
  // Aligning the start down may add a point: take the next resolution up until the cap holds.
  while (point_count(plan.start, plan.end, step) > values)
    step = round_up_to_level(step + 1, config);
  plan.step = step;
  plan.start = stats::align_down(plan.start, step);
  return plan;
}

Graph make_graph(const stats::TrafficStats& traffic, const GraphPlan& plan,
                 const stats::HistoryConfig& config) {
  Graph g;
  g.start = plan.start;
  g.end = plan.end;
  g.step = plan.step;
  if (plan.start >= plan.end) return g;
  // Inactive in the whole range: zeros without touching the history.
  bool idle = window_sum(traffic, plan.start, plan.end, config).empty();
  g.points.reserve(static_cast<size_t>(point_count(plan.start, plan.end, plan.step)));
  for (int64_t t = plan.start; t < plan.end; t += plan.step) {
    GraphPoint p;
    p.time_ms = t * 1000;
    if (!idle) p.value = traffic.history.sum(t, std::min(plan.end, t + plan.step), config);
    g.points.push_back(p);
  }
  return g;
}

std::optional<Graph> graph(const stats::StatsStore& store, const EntityRef& ref,
                           const GraphRequest& request) {
  const stats::TrafficStats* t = find_traffic(store, ref);
  if (!t) return std::nullopt;
  const stats::HistoryConfig& config = history_config(store, ref.module);
  return make_graph(*t, plan_graph(request, store, config), config);
}

void add_graph(Graph& into, const Graph& other) {
  for (size_t i = 0; i < into.points.size() && i < other.points.size(); ++i)
    into.points[i].value += other.points[i].value;
}

}  // namespace netmeter::query
