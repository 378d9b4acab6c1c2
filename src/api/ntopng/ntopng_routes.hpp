#pragma once

#include "api/route_tree.hpp"
#include "api/services.hpp"

/// The ntopng dialect's live-traffic endpoints (/lua/rest/v1|v2/...), one file per resource family, each
/// a thin adapter over src/query (see ntop_route.hpp for what they share).
namespace netmeter::api::ntopng {

/// get/interface/data, address, l7/stats, dscp/stats and the top local/remote talkers.
void register_interface_routes(RouteTree& tree, ApiServices& services);
/// get/flow/l4/counters and get/flow/l7/counters.
void register_flow_counter_routes(RouteTree& tree, ApiServices& services);

}  // namespace netmeter::api::ntopng
