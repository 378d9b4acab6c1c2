#pragma once

#include <cstdint>
#include <vector>

#include "alerts/alert.hpp"
#include "core/cidr.hpp"

namespace netmeter::alerts {

/// One exclusion: alerts of (entity, type) are not raised for hosts in `network` (flow alerts: when
/// either end is in it), as ntopng's alert exclusions.
struct AlertExclusion {
  int64_t id = 0;
  Entity entity = Entity::Host;
  uint16_t type_id = 0;
  core::Cidr network;
};

/// The exclusions in force, read-only once built (the service swaps in a new list on a change).
class AlertExclusions {
 public:
  AlertExclusions() = default;
  explicit AlertExclusions(std::vector<AlertExclusion> list) : list_(std::move(list)) {}
  bool excludes(Entity entity, uint16_t type_id, const core::IpAddress& ip) const;
  const std::vector<AlertExclusion>& list() const { return list_; }

 private:
  std::vector<AlertExclusion> list_;
};

}  // namespace netmeter::alerts
