#pragma once

#include "api/route_tree.hpp"
#include "api/services.hpp"

namespace netmeter::api::allegro {

// The small modules, one file each family (register_module_routes in allegro_routes.hpp calls them all).

/// /API/stats/modules/l4_ports.
void register_l4_port_routes(RouteTree& tree, ApiServices& services);
/// /API/stats/modules/dpi: applications and categories.
void register_dpi_routes(RouteTree& tree, ApiServices& services);
/// /API/stats/modules/vlan and /API/stats/modules/mpls.
void register_link_module_routes(RouteTree& tree, ApiServices& services);
/// /API/stats/modules/qos, packet_size, icmp and multicast.
void register_ip_class_routes(RouteTree& tree, ApiServices& services);

}  // namespace netmeter::api::allegro
