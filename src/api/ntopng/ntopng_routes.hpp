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
/// Constants: L4 protocols, nDPI applications and categories, alert severities and types (const_routes.cpp).
void register_const_routes(RouteTree& tree, ApiServices& services);
/// Time series from the statistics history: ts.lua and the schemas it serves (timeseries_routes.cpp).
void register_timeseries_routes(RouteTree& tree, ApiServices& services);
/// get/interface/data, address, l7/stats, dscp/stats and the top local/remote talkers.
void register_interface_routes(RouteTree& tree, ApiServices& services);
/// get/flow/l4/counters and get/flow/l7/counters.
void register_flow_counter_routes(RouteTree& tree, ApiServices& services);
/// set/host/alias.lua (absent when ApiServices::aliases is null).
void register_alias_routes(RouteTree& tree, ApiServices& services);
/// get/flow/active.lua (flow_routes.cpp).
void register_flow_routes(RouteTree& tree, ApiServices& services);
/// get/pcap/live_extraction.lua: a pcap of an interface's ring buffer.
void register_pcap_routes(RouteTree& tree, ApiServices& services);
/// Alerts: get/{flow,host,interface}/alert/list.lua, get/alert/{type,severity}/counters.lua, acknowledge and
/// delete (alert_routes.cpp).
void register_alert_routes(RouteTree& tree, ApiServices& services);
/// get/alert/ts.lua, get/{flow,host,interface}/alert/ts.lua, get/alert/top.lua, get/flow/alert/top.lua.
void register_alert_stats_routes(RouteTree& tree, ApiServices& services);
/// Notification endpoints and recipients: add/edit/delete/get, delete/endpoints.lua, delete/recipients.lua,
/// test/recipient.lua (notification_routes.cpp; absent when ApiServices::notifications is null).
void register_notification_routes(RouteTree& tree, ApiServices& services);
/// Check configuration: get/checks/config.lua, enable/check.lua, disable/check.lua, edit/check/config.lua
/// (check_routes.cpp).
void register_check_routes(RouteTree& tree, ApiServices& services);
/// Alert exclusions: add/alert/exclusion.lua, delete/alert/exclusion.lua, get/alert/exclusion/list.lua
/// (alert_exclusion_routes.cpp).
void register_alert_exclusion_routes(RouteTree& tree, ApiServices& services);
/// Past flows from the history store: get/db/flows.lua, get/db/topk_flows.lua under /lua/pro/rest/v1|v2/
/// (db_flow_routes.cpp; absent when ApiServices::history is null).
void register_db_flow_routes(RouteTree& tree, ApiServices& services);
/// Pools: add/edit/delete/get per pool type, get/pools.lua, delete/pools.lua, recipient/pools.lua, the host
/// pool member calls (pool_routes.cpp; absent when ApiServices::pools is null).
void register_pool_routes(RouteTree& tree, ApiServices& services);

}  // namespace netmeter::api::ntopng
