#include "api/allegro/module_routes.hpp"

#include "api/allegro/allegro_routes.hpp"

namespace netmeter::api::allegro {

void register_module_routes(RouteTree& tree, ApiServices& services) {
  register_l4_port_routes(tree, services);
  register_dpi_routes(tree, services);
  register_link_module_routes(tree, services);
  register_ip_class_routes(tree, services);
}

}  // namespace netmeter::api::allegro
