#pragma once

// Lists over an interval that reaches before the memory horizon (past_reads.hpp): memory's rows with
// their part of the interval from the horizon on, plus what the store of per-minute series holds before
// it — the same rule as the items' intervals (complete_interval), for every row of a list at once.

#include <cstdint>
#include <span>
#include <vector>

#include "core/cidr.hpp"
#include "geo/geo_db.hpp"
#include "query/graph.hpp"
#include "query/hosts.hpp"
#include "query/modules.hpp"
#include "query/past_traffic.hpp"

namespace netmeter::query {

/// The store's part of an interval for every entity of `module`: its traffic in [start, min(end,
/// horizon)), a minute partly inside counted pro rata as past_sum() counts it. The whole minutes are
/// summed by the store in one read; a partial first or last minute is read on its own (at most three
/// reads). In no particular order; empty when memory holds the whole interval.
std::vector<EntityTraffic> past_totals(const PastTraffic& past, Module module, int64_t start, int64_t end,
                                       int64_t horizon);

/// A module list over a past interval. `recent`: recent_module_items' rows (memory's part of the
/// interval), `filtered_out` the entities memory knows that the filter refused. Each row gets its
/// stored part added; an entity only the store knows becomes a row — named by `names`, no first or last
/// activity, zero all-time and last-second values (this run never saw it) — when the filter's L4
/// protocol, VLAN level and text (on its name) let it. Then active_in_interval (on the whole interval),
/// the sort and the page, on the merged values.
Page<ModuleItem> merge_module_list(std::vector<ModuleItem> recent, const std::vector<EntityRef>& filtered_out,
                                   std::span<const EntityTraffic> past, const NameResolver& names,
                                   const ListRequest& request, const ModuleFilter& filter,
                                   const TimeWindow& window);

/// Adds to `g` the store's part (the seconds before `horizon`) of each entity among `ids` (sorted
/// EntityRef::id of one module): `minutes` as PastTraffic::module_minutes gives them, by id then minute.
void add_module_past(Graph& g, std::span<const KeyedMinuteTraffic> minutes, std::span<const uint64_t> ids,
                     int64_t horizon);

/// What a host only the store knows is known by: its address, through these.
struct StoredHostContext {
  const std::vector<core::Cidr>* local_networks = nullptr;  ///< the statistics' local networks
  const geo::GeoDb* geo = nullptr;                          ///< country and AS (null: none)
  AliasView aliases;
};

/// The host list over a past interval, as merge_module_list. A host only the store knows gets what its
/// address tells — local (the local networks), multicast and broadcast by address, country and AS from
/// the geolocation databases, the user's alias as name — and nothing memory alone knows (MAC, learnt
/// names, first and last activity, flows, TCP quality: zero or empty). Every filter of list_hosts
/// applies to it through those (a host flagged broadcast by its MAC only is not known so).
Page<HostItem> merge_host_list(std::vector<HostItem> recent, const std::vector<stats::HostKey>& filtered_out,
                               std::span<const EntityTraffic> past, const ListRequest& request,
                               const HostFilter& filter, const TimeWindow& window,
                               const StoredHostContext& context);

}  // namespace netmeter::query
