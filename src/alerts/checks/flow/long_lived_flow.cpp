#include "alerts/checks/flow/long_lived_flow.hpp"

#include <algorithm>

#include "alerts/alert_types.hpp"

namespace netmeter::alerts {

int64_t flow_duration_s(const stats::ConnectionUpdate& u) {
  const int64_t first = u.first_seen().ns;
  const int64_t last = u.last_seen().ns;
  return last > first ? (last - first) / core::kNanosPerSecond : 0;
}

void LongLivedFlowCheck::on_periodic(const stats::ConnectionUpdate& u, FlowState& s,
                                     std::vector<FlowAlertDraft>& out) {
  check(u, s, out);
}

void LongLivedFlowCheck::on_end(const stats::ConnectionUpdate& u, FlowState& s,
                                std::vector<FlowAlertDraft>& out) {
  check(u, s, out);
}

void LongLivedFlowCheck::check(const stats::ConnectionUpdate& u, FlowState& s,
                               std::vector<FlowAlertDraft>& out) const {
  if (static_cast<uint64_t>(flow_duration_s(u)) <= config_.threshold) return;
  if (!s.first_raise(flow_alert::kLongLived)) return;
  out.push_back({flow_alert::kLongLived, kScore, config_.severity.value_or(severity_for_score(kScore))});
}

}  // namespace netmeter::alerts
