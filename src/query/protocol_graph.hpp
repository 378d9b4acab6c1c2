#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "query/graph.hpp"
#include "query/past_traffic.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

/// The graph of the traffic nDPI counts under `protocol` (ntopng's per-protocol series): the sum over
/// the applications whose app protocol is `protocol`, and those whose app is unknown and whose master
/// is. All zeros when no application is counted under it.
Graph counted_protocol_graph(const stats::StatsStore& store, uint16_t protocol, const GraphRequest& request);

/// counted_protocol_graph over `plan` holding memory's part only (the seconds from `horizon` on), for
/// the stored minutes to complete (past_reads.hpp).
Graph recent_counted_protocol_graph(const stats::StatsStore& store, uint16_t protocol, const GraphPlan& plan,
                                    int64_t horizon);

/// The stored minutes of the applications counted under `protocol`, summed per minute, oldest first.
std::vector<MinuteTraffic> counted_protocol_minutes(std::span<const KeyedMinuteTraffic> applications,
                                                    uint16_t protocol);

/// The graph of nDPI category `category` (ntopng's per-category series): zeros when no traffic of it was
/// seen.
Graph category_graph(const stats::StatsStore& store, uint16_t category, const GraphRequest& request);

}  // namespace netmeter::query
