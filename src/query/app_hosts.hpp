#pragma once

#include <cstdint>
#include <string>

#include "query/list_request.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

/// A host's traffic of one application or one nDPI category.
struct AppHostItem {
  stats::HostKey host;
  std::string name;        ///< the host's best name, if the store knows it
  stats::Traffic traffic;  ///< the host's view (rx: what it received of that application)
  uint32_t flows = 0;      ///< connections counted under it
};

/// The hosts with traffic of application `key` (stats::app_key(master, app)), from each host's
/// HostEntry::apps. These counters have no history: traffic keys sort on all-time counters whatever the
/// scope, and rate keys sort on the key. Only hosts `request.visible` allows. Sort keys: Key (address, VLAN),
/// Name, traffic keys, Flows.
Page<AppHostItem> application_hosts(const stats::StatsStore& store, uint32_t key, const ListRequest& request);
/// The hosts with traffic of nDPI category `category` (HostEntry::categories), like application_hosts.
Page<AppHostItem> category_hosts(const stats::StatsStore& store, uint16_t category,
                                 const ListRequest& request);

}  // namespace netmeter::query
