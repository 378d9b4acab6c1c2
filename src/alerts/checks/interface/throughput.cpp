#include "alerts/checks/interface/throughput.hpp"

#include "alerts/alert_types.hpp"

namespace netmeter::alerts {

uint16_t ThroughputCheck::type_id() const {
  return interface_alert::kThresholdCross;
}

std::optional<uint64_t> ThroughputCheck::on_periodic(const InterfaceCounters& c) const {
  uint64_t bps = c.period_bytes * 8 / 60;
  if (bps <= config_.threshold) return std::nullopt;
  return bps;
}

}  // namespace netmeter::alerts
