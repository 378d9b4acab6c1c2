#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/host_aliases.hpp"
#include "query/list_request.hpp"
#include "query/name_resolver.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

/// A host's traffic of one application or one nDPI category.
struct AppHostItem {
  stats::HostKey host;
  std::string name;        ///< the host's alias, else its best name if the store knows it
  stats::Traffic traffic;  ///< the host's view (rx: what it received of that application)
  uint32_t flows = 0;      ///< connections counted under it
};

/// The hosts with traffic of application `key` (stats::app_key(master, app)), from each host's
/// HostEntry::apps. These counters have no history: traffic keys sort on all-time counters whatever the
/// scope, and rate keys sort on the key. Only hosts `request.visible` allows. Sort keys: Key (address, VLAN),
/// Name, traffic keys, Flows.
Page<AppHostItem> application_hosts(const stats::StatsStore& store, uint32_t key, const ListRequest& request,
                                    const AliasView& aliases = {});
/// The hosts with traffic of nDPI category `category` (HostEntry::categories), like application_hosts.
Page<AppHostItem> category_hosts(const stats::StatsStore& store, uint16_t category,
                                 const ListRequest& request, const AliasView& aliases = {});

/// An application (stats::app_key(master, app)) or a category, with its name.
struct NamedKey {
  uint32_t key = 0;
  std::string name;
};

/// The applications the store knows, sorted by name: those with traffic of their own (StatsStore::apps)
/// and those a kept connection was finally detected as. A connection's traffic counts under what was known
/// when it flowed, so one detected only when it ended (nDPI's give-up guess) leaves its application without
/// traffic of its own, yet with connections and hosts.
std::vector<NamedKey> known_applications(const stats::StatsStore& store, const NameResolver& names);
/// The nDPI categories the store knows (StatsStore::categories and the kept connections), sorted by name.
std::vector<NamedKey> known_categories(const stats::StatsStore& store, const NameResolver& names);
/// The known application named `name`, in any case ("tls.youtube").
std::optional<uint32_t> find_application(const stats::StatsStore& store, const NameResolver& names,
                                         std::string_view name);

}  // namespace netmeter::query
