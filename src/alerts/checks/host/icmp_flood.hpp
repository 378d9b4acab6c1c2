#pragma once

#include "alerts/check.hpp"

namespace netmeter::alerts {

/// ICMP flood (ntopng host_alert_icmp_flood): more than `threshold` ICMP / ICMPv6 packets in one second,
/// sent (attacker) or received (victim). ntopng counts ICMP flows, keyed by the ICMP identifier; netmeter's
/// flows have no such key (all ICMP between two hosts is one flow), so it counts packets: a ping flood
/// sends one echo per ntopng ICMP flow. ntopng's defaults: 256 per second, off until enabled.
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
