#pragma once

#include <cstdint>

#include "query/graph.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

/// The graph of the traffic nDPI counts under `protocol` (ntopng's per-protocol series): the sum over
/// the applications whose app protocol is `protocol`, and those whose app is unknown and whose master
/// is. All zeros when no application is counted under it.
Graph counted_protocol_graph(const stats::StatsStore& store, uint16_t protocol, const GraphRequest& request);

/// The graph of nDPI category `category` (ntopng's per-category series): zeros when no traffic of it was
/// seen.
Graph category_graph(const stats::StatsStore& store, uint16_t category, const GraphRequest& request);

/// The sum of two graphs with the same plan (start, end and step): a's points plus b's.
void add_graph(Graph& into, const Graph& other);

}  // namespace netmeter::query
