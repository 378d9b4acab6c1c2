#pragma once

#include "alerts/check.hpp"

namespace netmeter::alerts {

/// Capture stalled (ntopng's no_if_activity interface check, other_alert_keys 4096 + 50): a live
/// interface has read no packet for more than `threshold` seconds of wall-clock time. It runs on the wall
/// clock, which only live slots report: a capture file's time is its packets' time, where a gap is no
/// stall, so it never fires there. Released when packets come again. ntopng's defaults: on, a minute
/// (its check compares the packet counters of consecutive minutes), critical.
class CaptureStalledCheck final : public InterfaceCheck {
 public:
  static constexpr uint64_t kDefaultThreshold = 60;
  CaptureStalledCheck() { config_.threshold = kDefaultThreshold; }
  std::string_view name() const override { return "no_if_activity"; }
  uint16_t type_id() const override;
  Period period() const override { return Period::WallClock; }
  uint32_t score() const override { return 250; }
  /// Value: the seconds without a packet.
  std::optional<uint64_t> on_periodic(const InterfaceCounters& c) const override;
};

}  // namespace netmeter::alerts
