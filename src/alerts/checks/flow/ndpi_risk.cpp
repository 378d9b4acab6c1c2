#include "alerts/checks/flow/ndpi_risk.hpp"

#include <bit>

#include "alerts/alert_types.hpp"
#include "dpi/risks.hpp"

namespace netmeter::alerts {

void NdpiRiskCheck::on_detected(const stats::ConnectionUpdate& u, FlowState& s,
                                std::vector<FlowAlertDraft>& out) {
  raise_new(u, s, out);
}

void NdpiRiskCheck::on_periodic(const stats::ConnectionUpdate& u, FlowState& s,
                                std::vector<FlowAlertDraft>& out) {
  if (s.detected) raise_new(u, s, out);  // risks nDPI added after detection
}

void NdpiRiskCheck::on_end(const stats::ConnectionUpdate& u, FlowState& s, std::vector<FlowAlertDraft>& out) {
  raise_new(u, s, out);
}

void NdpiRiskCheck::raise_new(const stats::ConnectionUpdate& u, FlowState& s,
                              std::vector<FlowAlertDraft>& out) const {
  uint64_t fresh = u.risk & ~s.alerted_risk & ~config_.disabled_bits & ~uint64_t{1};  // bit 0: no risk
  s.alerted_risk |= fresh;
  while (fresh != 0) {
    int risk = std::countr_zero(fresh);
    fresh &= fresh - 1;
    const AlertType* type = flow_risk_alert_type(risk);
    if (type == nullptr) continue;  // a risk ntopng raises no alert for
    dpi::RiskInfo info = dpi::risk_info(risk);
    FlowAlertDraft d;
    d.type_id = type->id;
    d.score = info.score;
    d.severity = config_.severity.value_or(severity_for_score(info.score));
    out.push_back(d);
  }
}

}  // namespace netmeter::alerts
