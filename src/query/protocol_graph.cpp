#include "query/protocol_graph.hpp"

#include <map>

#include "query/entity.hpp"
#include "query/past_reads.hpp"

namespace netmeter::query {

namespace {

/// The protocol an application is counted under: its app protocol when known, else its master.
uint16_t counting_protocol(uint64_t app) {
  return app_protocol(app) != 0 ? app_protocol(app) : app_master(app);
}

Graph empty_graph(const GraphPlan& plan) {
  Graph g;
  g.start = plan.start;
  g.end = plan.end;
  g.step = plan.step;
  for (int64_t t = plan.start; t < plan.end; t += plan.step) {
    GraphPoint p;
    p.time_ms = t * 1000;
    g.points.push_back(p);
  }
  return g;
}

}  // namespace

Graph counted_protocol_graph(const stats::StatsStore& store, uint16_t protocol, const GraphRequest& request) {
  const stats::HistoryConfig& config = history_config(store, Module::Application);
  const GraphPlan plan = plan_graph(request, store, config);
  Graph sum = empty_graph(plan);
  store.apps().for_each_keyed([&](uint64_t key, const stats::TrafficStats& traffic) {
    if (counting_protocol(key) == protocol) add_graph(sum, make_graph(traffic, plan, config));
  });
  return sum;
}

Graph recent_counted_protocol_graph(const stats::StatsStore& store, uint16_t protocol, const GraphPlan& plan,
                                    int64_t horizon) {
  const stats::HistoryConfig& config = history_config(store, Module::Application);
  Graph sum = empty_graph(plan);
  store.apps().for_each_keyed([&](uint64_t key, const stats::TrafficStats& traffic) {
    if (counting_protocol(key) == protocol) add_graph(sum, recent_graph(&traffic, plan, config, horizon));
  });
  return sum;
}

std::vector<MinuteTraffic> counted_protocol_minutes(std::span<const KeyedMinuteTraffic> applications,
                                                    uint16_t protocol) {
  std::map<int64_t, stats::Traffic> by_minute;
  for (const KeyedMinuteTraffic& m : applications)
    if (counting_protocol(m.id) == protocol) by_minute[m.minute] += m.traffic;
  std::vector<MinuteTraffic> out;
  out.reserve(by_minute.size());
  for (const auto& [minute, traffic] : by_minute)
    out.push_back({minute, traffic});
  return out;
}

Graph category_graph(const stats::StatsStore& store, uint16_t category, const GraphRequest& request) {
  const stats::HistoryConfig& config = history_config(store, Module::Category);
  const GraphPlan plan = plan_graph(request, store, config);
  const stats::TrafficStats* traffic = find_traffic(store, module_ref(Module::Category, category));
  return traffic ? make_graph(*traffic, plan, config) : empty_graph(plan);
}

}  // namespace netmeter::query
