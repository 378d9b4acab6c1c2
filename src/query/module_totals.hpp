#pragma once

#include <cstddef>
#include <cstdint>

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

/// The entities of `module` that list_module would list for `request` (its interval, and `visible` for
/// multicast groups) and `filter`, summed. Zero for the modules that are not small ones.
ModuleTotals module_totals(const stats::StatsStore& store, const NameResolver& names, Module module,
                           const ListRequest& request, const ModuleFilter& filter = {});

/// The sum of those entities' graphs (they share one plan, so their points line up): the module's traffic
/// over time.
Graph module_graph(const stats::StatsStore& store, const NameResolver& names, Module module,
                   const GraphRequest& graph, const ListRequest& request, const ModuleFilter& filter = {});

}  // namespace netmeter::query
