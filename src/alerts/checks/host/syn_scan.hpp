#pragma once

#include "alerts/check.hpp"

namespace netmeter::alerts {

/// SYN scan (ntopng host_alert_syn_scan): more than `threshold` unanswered SYNs in one minute, sent
/// (attacker: SYNs sent minus SYN-ACKs received) or received (victim: SYNs received minus SYN-ACKs sent).
/// ntopng's default threshold is 256 SYN/min.
class SynScanCheck final : public HostCheck {
 public:
  static constexpr uint64_t kDefaultThreshold = 256;
  SynScanCheck() { config_.threshold = kDefaultThreshold; }
  std::string_view name() const override { return "syn_scan"; }
  uint16_t type_id() const override;
  Period period() const override { return Period::Minute; }
  uint32_t score() const override { return 100; }
  void on_periodic(const HostCounters& c, std::vector<HostTrigger>& out) const override;
};

}  // namespace netmeter::alerts
