#pragma once

#include "alerts/check.hpp"

namespace netmeter::alerts {

/// Packet drops (ntopng's too_many_drops interface check): once a minute, on the counters since the slot
/// started, drops * 100 / (drops + packets + 1) above `threshold` percent, once more than 100 packets were
/// read. ntopng's default threshold is 5 %; the value reported is the percentage (rounded down).
class TooManyDropsCheck final : public InterfaceCheck {
 public:
  static constexpr uint64_t kDefaultThreshold = 5;
  TooManyDropsCheck() { config_.threshold = kDefaultThreshold; }
  std::string_view name() const override { return "too_many_drops"; }
  uint16_t type_id() const override;
  Period period() const override { return Period::Minute; }
  uint32_t score() const override { return 100; }
  std::optional<uint64_t> on_periodic(const InterfaceCounters& c) const override;
};

}  // namespace netmeter::alerts
