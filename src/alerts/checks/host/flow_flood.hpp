#pragma once

#include "alerts/check.hpp"

namespace netmeter::alerts {

/// Flow flood (ntopng host_alert_flow_flood): more than `threshold` new flows in one second, as client
/// (attacker) or as server (victim). ntopng's default threshold is 256 flows/s.
class FlowFloodCheck final : public HostCheck {
 public:
  static constexpr uint64_t kDefaultThreshold = 256;
  FlowFloodCheck() { config_.threshold = kDefaultThreshold; }
  std::string_view name() const override { return "flow_flood"; }
  uint16_t type_id() const override;
  Period period() const override { return Period::Second; }
  uint32_t score() const override { return 100; }
  void on_periodic(const HostCounters& c, std::vector<HostTrigger>& out) const override;
};

}  // namespace netmeter::alerts
