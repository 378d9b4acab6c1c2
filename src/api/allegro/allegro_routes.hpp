#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "api/call.hpp"
#include "api/route_tree.hpp"
#include "api/services.hpp"
#include "api/stream_limit.hpp"
#include "http/response.hpp"

namespace netmeter::api::allegro {

/// /API/stats/modules/ip and below.
void register_ip_routes(RouteTree& tree, ApiServices& services);
/// /API/stats/modules/ip/globalConnections (asynchronous) and its CSV; absent without ApiServices::async.
void register_global_connection_routes(RouteTree& tree, ApiServices& services);
/// /API/stats/modules/location: countries and autonomous systems.
void register_location_routes(RouteTree& tree, ApiServices& services);
/// /API/stats/load: CPU per kind of thread, the process's memory.
void register_load_routes(RouteTree& tree, ApiServices& services);
/// /API/stats/interfaces, interfacesError, load, processing, reset.
void register_stats_routes(RouteTree& tree, ApiServices& services);
/// The application-layer modules: /API/stats/modules/dns, dhcp, http and ssl (docs/allegro/l7.md).
void register_l7_routes(RouteTree& tree, ApiServices& services);
/// /API/stats/modules/mac and /API/stats/modules/mac_protocols (EtherTypes) and below.
void register_mac_routes(RouteTree& tree, ApiServices& services);
/// /API/stats/modules/arp and below.
void register_arp_routes(RouteTree& tree, ApiServices& services);
/// The small modules: /API/stats/modules/{l4_ports,dpi,vlan,mpls,qos,packet_size,icmp,multicast}.
void register_module_routes(RouteTree& tree, ApiServices& services);

/// The incidents: /API/stats/modules/global_incidents and /API/stats/incidentReporting (and its rules).
void register_incident_routes(RouteTree& tree, ApiServices& services);

/// /API/data/modules/capture/buffer: the slots' packet ring buffers, and suspending one (admin).
void register_capture_buffer_routes(RouteTree& tree, ApiServices& services);
/// An Allegro capture time (`startTime`, `endTime`): epoch microseconds from 0 to 2100-01-01.
std::optional<int64_t> parse_epoch_micros(std::string_view text);
/// The body of GET /API/data/modules/capture?fromCaptureBuffer=true for `slot_id` (already checked).
http::Response capture_from_buffer(ApiServices& services, Call& call, uint32_t slot_id,
                                   std::optional<StreamLimit::Ticket> ticket);

}  // namespace netmeter::api::allegro
