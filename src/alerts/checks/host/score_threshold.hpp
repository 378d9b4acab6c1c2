#pragma once

#include "alerts/check.hpp"

namespace netmeter::alerts {

/// Score above threshold (ntopng's score_threshold host check, host_alert_score_threshold 17): the host's
/// score, the sum of the scores of its active flows as client and as server (a flow's score is nDPI's
/// score of its risks, as ntopng scores a flow), above `threshold` at the end of a minute of packet time.
/// The host is the attacker when most of its score comes from flows it started, else the victim.
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
