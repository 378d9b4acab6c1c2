#pragma once

#include "alerts/check.hpp"

namespace netmeter::alerts {

/// Score above threshold (ntopng's score_threshold host check, host_alert_score_threshold 17): the host's
/// score above `threshold` at the end of a minute of packet time. As in ntopng, a host's score is the sum
/// over its active flows of the client part of the flow's score (flows it started) and the server part
/// (flows it served), a flow's score being nDPI's score of its risks; the minute's value is the highest it
/// reached in the minute. The host is the attacker when its client part is the larger, else the victim.
/// ntopng's defaults: on, 5000.
class ScoreThresholdCheck final : public HostCheck {
 public:
  static constexpr uint64_t kDefaultThreshold = 5000;
  ScoreThresholdCheck() { config_.threshold = kDefaultThreshold; }
  std::string_view name() const override { return "score_threshold"; }
  uint16_t type_id() const override;
  Period period() const override { return Period::Minute; }
  uint32_t score() const override { return 100; }
  void on_periodic(const HostCounters& c, std::vector<HostTrigger>& out) const override;
};

}  // namespace netmeter::alerts
