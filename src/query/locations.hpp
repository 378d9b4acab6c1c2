#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/ip_address.hpp"
#include "query/interval.hpp"
#include "query/list_request.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

/// Traffic of the hosts of one country or one autonomous system, summed over the hosts (each host is
/// located once, when it first appears; docs/geo.md). Hosts the request may not see are left out.
struct LocationItem {
  std::string country;  ///< ISO 3166-1 alpha-2; empty: unknown (private addresses, no database)
  uint32_t asn = 0;     ///< autonomous-system lists; 0: unknown
  size_t hosts = 0;
  TrafficValues traffic;  ///< from the hosts' view: rx is what they received
  int64_t first_ns = 0;
  int64_t last_ns = 0;
  core::IpAddress sample;  ///< one of its hosts, to look names up (country, organisation)
};

/// Sort keys: Key (country code / ASN), traffic and rate keys, FirstSeen, LastSeen, Flows (number of hosts).
Page<LocationItem> list_countries(const stats::StatsStore& store, const ListRequest& request);
Page<LocationItem> list_asns(const stats::StatsStore& store, const ListRequest& request);
/// One country ("" for unknown) or AS; nullopt when none of the visible hosts has it.
std::optional<LocationItem> get_country(const stats::StatsStore& store, const std::string& code,
                                        const ListRequest& request);
std::optional<LocationItem> get_asn(const stats::StatsStore& store, uint32_t asn, const ListRequest& request);

}  // namespace netmeter::query
