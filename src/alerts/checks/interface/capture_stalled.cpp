#include "alerts/checks/interface/capture_stalled.hpp"

#include "alerts/alert_types.hpp"

namespace netmeter::alerts {

uint16_t CaptureStalledCheck::type_id() const {
  return interface_alert::kNoIfActivity;
}

std::optional<uint64_t> CaptureStalledCheck::on_periodic(const InterfaceCounters& c) const {
  if (c.idle_seconds <= config_.threshold) return std::nullopt;
  return c.idle_seconds;
}

}  // namespace netmeter::alerts
