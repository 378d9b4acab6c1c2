#pragma once

#include "api/route_tree.hpp"
#include "api/services.hpp"

namespace netmeter::api {

/// Registers every route of netmeter on `tree`; `services` must outlive it.
void register_routes(RouteTree& tree, ApiServices& services);

void register_system_routes(RouteTree& tree, ApiServices& services);
void register_ntopng_user_routes(RouteTree& tree, ApiServices& services);
void register_allegro_user_routes(RouteTree& tree, ApiServices& services);
void register_ntopng_session_routes(RouteTree& tree, ApiServices& services);
void register_allegro_session_routes(RouteTree& tree, ApiServices& services);
void register_transfer_routes(RouteTree& tree, ApiServices& services);

/// Registers an ntopng endpoint under /lua/rest/v1/<rest> and its alias /lua/rest/v2/<rest>.
void add_ntopng(RouteTree& tree, std::string_view method, std::string_view rest, const Route& route);
/// The same, and at /lua/pro/rest/v1|v2/<rest> (ntopng's Pro scripts live under /lua/pro/).
void add_ntopng_pro(RouteTree& tree, std::string_view method, std::string_view rest, const Route& route);
/// A read-only ntopng endpoint, for GET and for POST (ntopng's own examples POST a JSON body to the get/
/// scripts: `curl -H "Content-Type: application/json" -d '{"ifid": "1"}' ...`); with `pro` also under
/// /lua/pro/rest/.
void add_ntopng_read(RouteTree& tree, std::string_view rest, const Route& route, bool pro = false);

}  // namespace netmeter::api
