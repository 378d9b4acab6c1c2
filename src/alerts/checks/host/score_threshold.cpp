#include "alerts/checks/host/score_threshold.hpp"

#include "alerts/alert_types.hpp"

namespace netmeter::alerts {

uint16_t ScoreThresholdCheck::type_id() const {
  return host_alert::kScoreThreshold;
}

void ScoreThresholdCheck::on_periodic(const HostCounters& c, std::vector<HostTrigger>& out) const {
  uint64_t score = c.score_as_client + c.score_as_server;
  if (score > config_.threshold) out.push_back({c.score_as_client >= c.score_as_server, score});
}

}  // namespace netmeter::alerts
