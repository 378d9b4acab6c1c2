#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/allegro/stats_params.hpp"
#include "query/query_service.hpp"

namespace netmeter::api::allegro {

// The JSON of the IP module's items (docs/api.md "IP module" names every field).

/// An element of `ips_paged` (and the base of the per-IP object).
boost::json::object host_item_json(const query::HostItem& h, uint32_t slot);
/// `GET .../ips/:ip`: the element plus TTL, TCP, DSCP, MACs, names, DNS and HTTP counters.
boost::json::object host_detail_json(const query::HostDetail& d, uint32_t slot);
/// Adds what geolocation knows of the host: `continentName`, `countryName`, `asOrganization` ("--" or
/// empty when unknown) and, with `detailed`, `continentCode`, `city`, `latitude`, `longitude`.
void put_location(boost::json::object& o, const std::optional<geo::GeoInfo>& info, bool detailed);
/// TCP quality of a host (`tcpStats`).
boost::json::object tcp_stats_json(const stats::TcpQuality& t);

boost::json::object peer_json(const query::PeerItem& p);
boost::json::object host_port_json(const query::HostPortItem& p);
boost::json::object peer_port_json(const query::PeerPortItem& p);
boost::json::object connection_json(const query::ConnectionItem& c);
boost::json::object mac_brief_json(const query::MacItem& m);

/// The columns of a connection list's CSV, and one row (without the line end).
inline constexpr std::string_view kConnectionCsvHeader =
    "clientIp,clientPort,serverIp,serverPort,l4Protocol,dpiProtocol,connectionStart,lastActivity,rxPackets,"
    "rxBytes,txPackets,txBytes";
void connection_csv_row(std::string& out, const query::ConnectionItem& c);

/// The sort names of connection lists (per IP and globalConnections), besides the traffic ones.
std::span<const SortName> connection_sort_names();

/// "TCP", "UDP", "ICMP", ... or the number.
std::string l4_short_name(uint8_t l4);

}  // namespace netmeter::api::allegro
