#include "api/allegro/l7_routes.hpp"

#include "api/allegro/allegro_routes.hpp"

namespace netmeter::api::allegro {

void register_l7_routes(RouteTree& tree, ApiServices& services) {
  register_dns_routes(tree, services);
  register_dhcp_routes(tree, services);
  register_http_routes(tree, services);
  register_tls_routes(tree, services);
}

}  // namespace netmeter::api::allegro
