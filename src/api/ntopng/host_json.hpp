#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/ntopng/ntop_route.hpp"
#include "core/cidr.hpp"
#include "geo/geo_info.hpp"
#include "query/connections.hpp"
#include "query/host_lists.hpp"
#include "query/hosts.hpp"
#include "query/name_resolver.hpp"

/// The JSON of ntopng's host endpoints (docs/ntopng/hosts.md): the host/active record and the flat
/// dotted-key object of host/data, with ntopng's spellings (`bytes.recvd` in lists, `bytes.rcvd` in
/// data, `thpt.bps` in bits/s, `throughput_bps` in bytes/s).
namespace netmeter::api::ntopng {

/// ntopng's host key: "ip", or "ip@vlan" when the VLAN is not 0.
std::string host_key_text(const stats::HostKey& key);
/// `hostinfo2jqueryid`: the host key with "." → "__", "/" → "___", ":" → "____".
std::string jquery_key(const stats::HostKey& key);
/// `ipkey`: an IPv4 address as a number (host order); for IPv6 the sum of its 32-bit words shifted
/// left by 2·i.
uint64_t ip_key(const core::IpAddress& ip);

/// One record of get/host/active.lua.
boost::json::object active_record(const query::HostItem& h);

/// One protocol or category of a host under ntopng's name for it, its traffic summed over what netmeter
/// keeps apart (TLS.Google and QUIC.Google are both ntopng's "Google").
struct HostL7 {
  std::string name;
  uint32_t id = 0;  ///< categories: the nDPI category number
  stats::Traffic traffic;
  uint32_t flows = 0;
  int64_t duration_ns = 0;
};

/// The name ntopng counts a protocol's host traffic under (Flow::getStatsProtocol): the app protocol when
/// known and the master is not DNS, else the master.
std::string stats_protocol_name(const query::NameResolver& names, uint16_t master, uint16_t app);
/// The host's applications folded by that name, in name order.
std::vector<HostL7> fold_protocols(const query::NameResolver& names,
                                   const std::vector<query::HostProtocolItem>& apps);

/// What host/data.lua shows of one host, gathered under the query layer's lock by the route.
struct HostFacts {
  query::HostDetail detail;
  std::vector<HostL7> protocols;
  std::vector<HostL7> categories;
  std::optional<geo::GeoInfo> geo;
  std::vector<core::Cidr> local_networks;
  uint32_t ifid = 0;
};

/// The flat object of get/host/data.lua.
boost::json::object host_data(const HostFacts& f);

/// The facts of one host, read under one lock; nullopt when the interface does not know it.
std::optional<HostFacts> gather_host(const NtopCall& c, const stats::HostKey& key);

/// The host the `host` parameter names ("ip" or "ip@vlan"; else the `vlan` parameter gives the VLAN), or
/// the INVALID_ARGUMENTS answer.
struct HostParam {
  std::optional<stats::HostKey> key;
  std::optional<http::Response> error;
};
HostParam host_param(const Params& params);

/// The facts of `key` when the caller may see it and the interface knows it, else the NOT_FOUND answer
/// (a host outside the caller's networks looks unknown).
struct FoundHost {
  std::optional<HostFacts> facts;
  std::optional<http::Response> error;
};
FoundHost find_host(const NtopCall& c, const stats::HostKey& key);
/// host_param, then find_host.
FoundHost find_host(const NtopCall& c);

/// The host's connections, by bytes, descending, at most `limit` (`page.total`: all of them).
struct HostFlows {
  query::Page<query::ConnectionItem> page;
};
HostFlows host_flows(const NtopCall& c, const stats::HostKey& key, size_t limit);

/// The ids of the interfaces the caller may see that know `key`.
std::vector<uint32_t> host_interfaces(const Call& call, ApiServices& services, const stats::HostKey& key);

}  // namespace netmeter::api::ntopng
