#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "query/graph.hpp"
#include "query/interval.hpp"
#include "query/list_request.hpp"
#include "query/modules.hpp"
#include "query/name_resolver.hpp"

namespace netmeter::query {

/// A small module's entities taken together (a module's overview).
struct ModuleTotals {
  /// Sums over the entities; interval_per_second is the summed interval over its length. Modules whose
  /// entities overlap count a packet once per entity it belongs to (VLANs: once per tag level unless the
  /// filter picks one; applications, categories and breeds each cover all connection traffic).
  TrafficValues traffic;
  size_t items = 0;  ///< entities with traffic
  int64_t first_ns = 0;
  int64_t last_ns = 0;
};

/// The request for every item of `request`'s list on one page (its interval and visibility), with or
/// without interval values.
ListRequest every_item(const ListRequest& request, bool with_interval);

/// `page`'s items summed as module_totals sums them; interval_per_second over `window_seconds`.
ModuleTotals sum_module_items(const Page<ModuleItem>& page, int64_t window_seconds);

/// The entities of `module` that list_module would list for `request` (its interval, and `visible` for
/// multicast groups) and `filter`, summed. Zero for the modules that are not small ones.
ModuleTotals module_totals(const stats::StatsStore& store, const NameResolver& names, Module module,
                           const ListRequest& request, const ModuleFilter& filter = {});

/// The sum of those entities' graphs (they share one plan, so their points line up): the module's traffic
/// over time.
Graph module_graph(const stats::StatsStore& store, const NameResolver& names, Module module,
                   const GraphRequest& graph, const ListRequest& request, const ModuleFilter& filter = {});

/// The sum of the graphs of `items` that memory knows, each holding memory's part only (the seconds from
/// `horizon` on, recent_graph): the module's graph before its stored part is added.
Graph recent_module_graph(const stats::StatsStore& store, std::span<const ModuleItem> items, Module module,
                          const GraphPlan& plan, int64_t horizon);

}  // namespace netmeter::query
