#pragma once

#include "api/route_tree.hpp"
#include "api/services.hpp"

/// The ntopng dialect's live-traffic endpoints (/lua/rest/v1|v2/...), one file per resource family, each
/// a thin adapter over src/query (see ntop_route.hpp for what they share).
namespace netmeter::api::ntopng {

/// get/flow/active.lua (flow_routes.cpp).
void register_flow_routes(RouteTree& tree, ApiServices& services);

}  // namespace netmeter::api::ntopng
