#pragma once

#include "alerts/check.hpp"

namespace netmeter::alerts {

/// SYN flood (ntopng host_alert_syn_flood): more than `threshold` SYNs (without ACK) sent in one second
/// (attacker) or received (victim). ntopng's default threshold is 256 SYN/s.
class SynFloodCheck final : public HostCheck {
 public:
  static constexpr uint64_t kDefaultThreshold = 256;
  SynFloodCheck() { config_.threshold = kDefaultThreshold; }
  std::string_view name() const override { return "syn_flood"; }
  uint16_t type_id() const override;
  Period period() const override { return Period::Second; }
  uint32_t score() const override { return 100; }
  void on_periodic(const HostCounters& c, std::vector<HostTrigger>& out) const override;
};

}  // namespace netmeter::alerts
