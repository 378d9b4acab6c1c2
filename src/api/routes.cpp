#include "api/routes.hpp"

#include <string>

#include "api/allegro/allegro_routes.hpp"
#include "api/allegro/async_routes.hpp"
#include "api/ntopng/ntopng_routes.hpp"

namespace netmeter::api {

void add_ntopng(RouteTree& tree, std::string_view method, std::string_view rest, const Route& route) {
  for (std::string_view version : {"v1", "v2"})
    tree.add(method, "/lua/rest/" + std::string(version) + "/" + std::string(rest), route);
}

void add_ntopng_pro(RouteTree& tree, std::string_view method, std::string_view rest, const Route& route) {
  add_ntopng(tree, method, rest, route);
  for (std::string_view version : {"v1", "v2"})
    tree.add(method, "/lua/pro/rest/" + std::string(version) + "/" + std::string(rest), route);
}

void add_ntopng_read(RouteTree& tree, std::string_view rest, const Route& route, bool pro) {
  for (std::string_view method : {"GET", "POST"}) {
    if (pro)
      add_ntopng_pro(tree, method, rest, route);
    else
      add_ntopng(tree, method, rest, route);
  }
}

void register_routes(RouteTree& tree, ApiServices& services) {
  register_system_routes(tree, services);
  register_ntopng_user_routes(tree, services);
  register_allegro_user_routes(tree, services);
  register_ntopng_session_routes(tree, services);
  register_allegro_session_routes(tree, services);
  register_transfer_routes(tree, services);
  allegro::register_stats_routes(tree, services);
  allegro::register_load_routes(tree, services);
  allegro::register_ip_routes(tree, services);
  allegro::register_location_routes(tree, services);
  allegro::register_global_connection_routes(tree, services);
  allegro::register_l7_routes(tree, services);
  allegro::register_mac_routes(tree, services);
  allegro::register_arp_routes(tree, services);
  allegro::register_module_routes(tree, services);
  allegro::register_capture_buffer_routes(tree, services);
  allegro::register_incident_routes(tree, services);
  ntopng::register_host_routes(tree, services);
  ntopng::register_host_data_routes(tree, services);
  ntopng::register_host_chart_routes(tree, services);
  ntopng::register_const_routes(tree, services);
  ntopng::register_timeseries_routes(tree, services);
  ntopng::register_interface_routes(tree, services);
  ntopng::register_flow_counter_routes(tree, services);
  ntopng::register_alias_routes(tree, services);
  ntopng::register_flow_routes(tree, services);
  ntopng::register_pcap_routes(tree, services);
  ntopng::register_alert_routes(tree, services);
  ntopng::register_notification_routes(tree, services);
  ntopng::register_check_routes(tree, services);
  ntopng::register_alert_exclusion_routes(tree, services);
  ntopng::register_db_flow_routes(tree, services);
  ntopng::register_pool_routes(tree, services);
  if (services.async) register_async_routes(tree, *services.async);
}

}  // namespace netmeter::api
