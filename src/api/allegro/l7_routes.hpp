#pragma once

#include "api/route_tree.hpp"
#include "api/services.hpp"

namespace netmeter::api::allegro {

// The application-layer modules, one file each (register_l7_routes in allegro_routes.hpp calls them).

/// /API/stats/modules/dns: the module, ips_paged (clients), servers_paged, names_paged.
void register_dns_routes(RouteTree& tree, ApiServices& services);
/// /API/stats/modules/dhcp: the module, ips_paged (clients), servers.
void register_dhcp_routes(RouteTree& tree, ApiServices& services);
/// /API/stats/modules/http: the module, ips_paged, response-stats, codes.
void register_http_routes(RouteTree& tree, ApiServices& services);
/// /API/stats/modules/ssl: the module (TLS), top-ssl.
void register_tls_routes(RouteTree& tree, ApiServices& services);

}  // namespace netmeter::api::allegro
