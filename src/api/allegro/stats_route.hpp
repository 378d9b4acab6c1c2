#pragma once

#include <functional>
#include <string>

#include "api/allegro/slot_select.hpp"
#include "api/allegro/stats_params.hpp"
#include "api/call.hpp"
#include "api/dialect.hpp"
#include "api/route_tree.hpp"
#include "api/services.hpp"

namespace netmeter::api::allegro {

/// What every statistics route starts from: the slot (kept alive) and the time parameters.
struct StatsCall {
  Call& call;
  SelectedSlot slot;
  TimeParams time;

  const query::QueryService& query() const { return *slot.query; }
  uint32_t slot_id() const { return slot.slot->info().id; }
  /// The caller's address filter for lists (empty when the user sees every network).
  std::function<bool(const core::IpAddress&)> visible() const;
  bool may_see(const core::IpAddress& address) const;
};

using StatsFn = std::function<http::Response(StatsCall&)>;

/// A GET route needing `read_stats` that selects the slot and parses the time parameters first. A
/// `cacheable` route's 200 answers (in-memory bodies) are kept in ApiServices::cache and reused for the
/// same request by a caller with the same view, while the slot's statistics do not change.
Route stats_route(ApiServices& services, StatsFn fn, bool cacheable = true);

/// Parses the list parameters of `c` (sort names besides the traffic ones); the error response if any.
std::optional<http::Response> list_params(const StatsCall& c, std::span<const SortName> sorts,
                                          ListLimits limits, ListParams& out);

}  // namespace netmeter::api::allegro
