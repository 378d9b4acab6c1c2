#pragma once

#include "alerts/check.hpp"

namespace netmeter::alerts {

/// ICMP flood (ntopng host_alert_icmp_flood): more than `threshold` new ICMP flows in one second, started
/// (attacker) or received (victim); ntopng counts ICMP flows per second. Its defaults: 256 flows/s, off
/// until enabled.
class IcmpFloodCheck final : public HostCheck {
 public:
  static constexpr uint64_t kDefaultThreshold = 256;
  IcmpFloodCheck() {
    config_.threshold = kDefaultThreshold;
    config_.enabled = false;
  }
  std::string_view name() const override { return "icmp_flood"; }
  uint16_t type_id() const override;
  Period period() const override { return Period::Second; }
  uint32_t score() const override { return 100; }
  void on_periodic(const HostCounters& c, std::vector<HostTrigger>& out) const override;
};

}  // namespace netmeter::alerts
