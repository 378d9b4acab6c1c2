#include "alerts/alert_exclusions.hpp"

namespace netmeter::alerts {

bool AlertExclusions::excludes(Entity entity, uint16_t type_id, const core::IpAddress& ip) const {
  for (const auto& e : list_)
    if (e.entity == entity && e.type_id == type_id && e.network.contains(ip)) return true;
  return false;
}

}  // namespace netmeter::alerts
