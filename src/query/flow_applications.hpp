#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/flow_key.hpp"
#include "query/name_resolver.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

/// What nDPI found a flow to be, with the names filter expressions compare (`dpi == YouTube`).
struct FlowApplication {
  core::FlowKey key;
  std::string master;  ///< empty when there is none or it equals app
  std::string app;
};

/// The applications of those of `keys` that the store knows (active or recently finished connections)
/// and nDPI has named. One pass over the store's connections.
std::vector<FlowApplication> flow_applications(const stats::StatsStore& store, const NameResolver& names,
                                               std::span<const core::FlowKey> keys);

}  // namespace netmeter::query
