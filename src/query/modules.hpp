#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "query/entity.hpp"
#include "query/interval.hpp"
#include "query/list_request.hpp"
#include "query/name_resolver.hpp"

namespace netmeter::query {

struct ModuleFilter {
  std::optional<uint8_t> l4;      ///< ports: 6 (TCP) or 17 (UDP)
  std::optional<int> vlan_level;  ///< VLANs: 0 outer tag, 1 inner tag
  std::string text;               ///< part of the name, in any case
  bool active_in_interval = false;
};

/// An entity of one of the small modules (ports, applications, categories, breeds, VLANs, MPLS labels,
/// DSCP classes, packet sizes, ICMP types, multicast groups), copied out of the store.
struct ModuleItem {
  EntityRef ref;
  /// Applications, categories, breeds: the resolver's name; DSCP: "Best Effort (CS0)", "AF11", "EF" ...;
  /// packet sizes: "65-127"; ICMP: "ICMP 8/0" or "ICMPv6 128/0"; multicast: the group address; ports, VLANs
  /// and MPLS: the number.
  std::string name;
  TrafficValues traffic;  ///< ports: rx is traffic to the server port; modules without direction count rx
  int64_t first_ns = 0;
  int64_t last_ns = 0;
};

/// The modules list_module serves (not Interface, Host, Mac: they have their own lists).
bool is_small_module(Module m);

std::optional<ModuleItem> get_module_item(const stats::StatsStore& store, const NameResolver& names,
                                          const EntityRef& ref, const Interval& interval = {});
/// Entities of `module` with traffic (multicast groups: only those `request.visible` allows). Sort keys:
/// Key (the number, or the group address), Name, traffic and rate keys, FirstSeen, LastSeen. An empty
/// page for the modules that are not small ones.
Page<ModuleItem> list_module(const stats::StatsStore& store, const NameResolver& names, Module module,
                             const ListRequest& request, const ModuleFilter& filter = {});

/// Whether `ref` passes the filter's L4 protocol and VLAN level.
bool passes_module_keys(const EntityRef& ref, const ModuleFilter& filter);
/// list_module's entities for an interval reaching before `horizon` (the memory horizon), as items with
/// the in-memory part of the interval only (from the horizon on; past_lists.hpp adds the store's): its
/// filters but active_in_interval applied, every item named; the entities the filters refuse go to
/// `filtered_out`.
std::vector<ModuleItem> recent_module_items(const stats::StatsStore& store, const NameResolver& names,
                                            Module module, const ListRequest& request,
                                            const ModuleFilter& filter, int64_t horizon,
                                            std::vector<EntityRef>& filtered_out);

/// The name list_module gives an entity.
std::string entity_name(const EntityRef& ref, const NameResolver& names);
/// ntopng's DSCP labels for the class selectors, the usual names for AF and EF, else "DSCP n".
std::string dscp_name(uint8_t dscp);

}  // namespace netmeter::query
