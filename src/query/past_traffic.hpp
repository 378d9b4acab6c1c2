#pragma once

#include <cstdint>
#include <vector>

#include "query/entity.hpp"
#include "stats/traffic.hpp"

namespace netmeter::query {

/// One stored minute of an entity's traffic.
struct MinuteTraffic {
  int64_t minute = 0;  ///< epoch seconds, a multiple of 60
  stats::Traffic traffic;
};

/// One stored minute of one entity of a module, named by its id (query::module_ref's).
struct KeyedMinuteTraffic {
  uint64_t id = 0;
  int64_t minute = 0;
  stats::Traffic traffic;
};

/// One entity with the traffic of its stored minutes in a range summed.
struct EntityTraffic {
  EntityRef ref;
  stats::Traffic traffic;
};

/// Where the query layer reads the part of an interval the in-memory history no longer holds: a store
/// of per-minute series of one slot (app/ wires it to the history store, so that query does not depend
/// on history). Called outside the statistics lock, from API threads.
class PastTraffic {
 public:
  virtual ~PastTraffic() = default;
  /// Whether the store keeps a series for the module's entities (interface, hosts, applications,
  /// categories, ports, VLANs, DSCP).
  virtual bool keeps(Module module) const = 0;
  /// The stored minutes of `ref` starting in [start, end) (multiples of 60), oldest first, only minutes
  /// with traffic. Empty when the store has none or cannot answer (a store failure is logged there, and
  /// the answer keeps what memory holds).
  virtual std::vector<MinuteTraffic> minutes(const EntityRef& ref, int64_t start, int64_t end) const = 0;
  /// The stored minutes of every entity of `module` (not hosts) starting in [start, end), by id then
  /// minute; empty as minutes() is.
  virtual std::vector<KeyedMinuteTraffic> module_minutes(Module module, int64_t start, int64_t end) const = 0;
  /// Every entity of `module`, hosts included, with its stored minutes starting in [start, end) summed
  /// (by the store: one row per entity, however many minutes), in no particular order; empty as
  /// minutes() is. What lists over a past interval read.
  virtual std::vector<EntityTraffic> totals(Module module, int64_t start, int64_t end) const = 0;
};

}  // namespace netmeter::query
