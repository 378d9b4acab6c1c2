#include "query/module_totals.hpp"

#include <algorithm>

#include "query/past_reads.hpp"

namespace netmeter::query {

namespace {

/// Every item list_module gives for `request` and `filter`, without last-second and interval values
/// unless `with_interval`.
Page<ModuleItem> all_items(const stats::StatsStore& store, const NameResolver& names, Module module,
                           const ListRequest& request, const ModuleFilter& filter, bool with_interval) {
  return list_module(store, names, module, every_item(request, with_interval), filter);
}

}  // namespace

ListRequest every_item(const ListRequest& request, bool with_interval) {
  ListRequest all;
  all.interval = request.interval;
  all.visible = request.visible;
  all.page_size = 0;
  all.with_interval = with_interval;
  return all;
}

ModuleTotals module_totals(const stats::StatsStore& store, const NameResolver& names, Module module,
                           const ListRequest& request, const ModuleFilter& filter) {
  const Page<ModuleItem> page = all_items(store, names, module, request, filter, true);
  return sum_module_items(page, resolve(request.interval, store).seconds());
}

ModuleTotals sum_module_items(const Page<ModuleItem>& page, int64_t window_seconds) {
  ModuleTotals totals;
  totals.items = page.total;
  for (const ModuleItem& m : page.items) {
    totals.traffic.all_time += m.traffic.all_time;
    totals.traffic.last_second += m.traffic.last_second;
    totals.traffic.interval += m.traffic.interval;
    if (totals.first_ns == 0 || (m.first_ns != 0 && m.first_ns < totals.first_ns))
      totals.first_ns = m.first_ns;
    totals.last_ns = std::max(totals.last_ns, m.last_ns);
  }
  totals.traffic.interval_per_second =
      totals.traffic.interval.scaled(1, static_cast<uint64_t>(window_seconds));
  return totals;
}

Graph module_graph(const stats::StatsStore& store, const NameResolver& names, Module module,
                   const GraphRequest& graph, const ListRequest& request, const ModuleFilter& filter) {
  const stats::HistoryConfig& config = history_config(store, module);
  const GraphPlan plan = plan_graph(graph, store, config);
  Graph sum = make_graph(stats::TrafficStats{}, plan, config);
  for (const ModuleItem& m : all_items(store, names, module, request, filter, false).items) {
    const stats::TrafficStats* t = find_traffic(store, m.ref);
    if (!t) continue;
    add_graph(sum, make_graph(*t, plan, config));
  }
  return sum;
}

Graph recent_module_graph(const stats::StatsStore& store, std::span<const ModuleItem> items, Module module,
                          const GraphPlan& plan, int64_t horizon) {
  const stats::HistoryConfig& config = history_config(store, module);
  Graph sum = recent_graph(nullptr, plan, config, horizon);
  for (const ModuleItem& m : items) {
    const stats::TrafficStats* t = find_traffic(store, m.ref);
    if (!t) continue;  // known to the store only
    add_graph(sum, recent_graph(t, plan, config, horizon));
  }
  return sum;
}

}  // namespace netmeter::query
