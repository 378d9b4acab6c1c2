#include "alerts/checks/interface/too_many_drops.hpp"

#include <algorithm>

#include "alerts/alert_types.hpp"

namespace netmeter::alerts {

uint16_t TooManyDropsCheck::type_id() const {
  return interface_alert::kTooManyDrops;
}

std::optional<uint64_t> TooManyDropsCheck::on_periodic(const InterfaceCounters& c) const {
  if (c.packets <= 100) return std::nullopt;
  double percent =
      std::min(100.0, static_cast<double>(c.drops) * 100.0 / static_cast<double>(c.drops + c.packets + 1));
  if (percent <= static_cast<double>(config_.threshold)) return std::nullopt;
  return static_cast<uint64_t>(percent);
}

}  // namespace netmeter::alerts
