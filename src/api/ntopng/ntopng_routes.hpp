#pragma once

#include "api/route_tree.hpp"
#include "api/services.hpp"

/// The ntopng dialect's live-traffic endpoints (/lua/rest/v1|v2/...), one file per resource family, each
/// a thin adapter over src/query (see ntop_route.hpp for what they share).
namespace netmeter::api::ntopng {

// Hosts: get/host/active.lua; data.lua, custom_data.lua, interfaces.lua; l7/stats.lua, dscp/stats.lua.
void register_host_routes(RouteTree& tree, ApiServices& services);
void register_host_data_routes(RouteTree& tree, ApiServices& services);
void register_host_chart_routes(RouteTree& tree, ApiServices& services);

}  // namespace netmeter::api::ntopng
