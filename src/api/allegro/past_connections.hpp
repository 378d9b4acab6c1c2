#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "api/allegro/stats_route.hpp"
#include "api/common/filter_param.hpp"
#include "api/common/flow_capture.hpp"
#include "history/history_store.hpp"
#include "query/connections.hpp"

namespace netmeter::api::allegro {

/// globalConnections over an interval that reaches before what the slot's memory holds: the slot's
/// connections read from the history store (docs/allegro/ip.md "Past connections").
struct PastConnections {
  uint16_t slot = 0;
  uint32_t begin = 0;  ///< epoch s, the interval's start
  uint32_t end = 0;    ///< epoch s, its last second (inclusive)
  query::SortKey sort = query::SortKey::Key;
  bool descending = false;
  CompiledFilter filter;  ///< the client's expression (its tree is split: store / rows)
  std::function<bool(const core::IpAddress&)> visible;  ///< the caller's networks; empty: all
};

/// The interval of `c` when it reaches before `complete_since` (query::connections_complete_since of
/// the slot): what PastConnections needs of it; nullopt when the memory answers (no interval, or it
/// starts inside the kept window).
std::optional<PastConnections> past_interval(const StatsCall& c, int64_t complete_since);

/// The connections stored for `p`, each in the shape of a live one (its traffic inside the interval),
/// filtered and sorted, at most history::query::kMaxHitsCap read. Application names come from `q` (under
/// its lock once, for the distinct applications only; the store is read without it). Throws
/// history::HistoryError when the store fails.
std::vector<query::ConnectionItem> read_past_connections(history::HistoryStore& store,
                                                         const PastConnections& p,
                                                         const query::QueryService& q);

/// A past connection as live ones are shown, plus where its packets are when the slot's ring buffer may
/// still hold them (`ring`; empty when the caller may not download): `captureExpression` and
/// `captureUrl`, the Allegro capture of its packets over its stored time range.
boost::json::object past_connection_json(const query::ConnectionItem& c, uint32_t slot,
                                         const RingCoverage& ring);

}  // namespace netmeter::api::allegro
