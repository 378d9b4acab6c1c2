#pragma once

#include "alerts/check.hpp"

namespace netmeter::alerts {

/// Throughput (ntopng's interface `throughput` check, raised as alert_threshold_cross): the interface's
/// average throughput over one minute of packet time, in bit/s, above `threshold`. As in ntopng it is off
/// until an administrator enables it (default threshold 1 Gbit/s); the value reported is the bit rate.
class ThroughputCheck final : public InterfaceCheck {
 public:
  static constexpr uint64_t kDefaultThreshold = 1'000'000'000;
  ThroughputCheck() {
    config_.threshold = kDefaultThreshold;
    config_.enabled = false;
  }
  std::string_view name() const override { return "throughput"; }
  uint16_t type_id() const override;
  Period period() const override { return Period::Minute; }
  uint32_t score() const override { return 50; }
  std::optional<uint64_t> on_periodic(const InterfaceCounters& c) const override;
};

}  // namespace netmeter::alerts
