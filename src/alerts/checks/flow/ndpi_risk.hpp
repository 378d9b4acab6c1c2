#pragma once

#include "alerts/check.hpp"

namespace netmeter::alerts {

/// One flow alert per nDPI risk class the flow carries (ntopng's FlowRiskGeneric): alert id = risk
/// number, score = nDPI's score of that risk, severity from the score. Each risk is raised once per flow,
/// when nDPI has finished with the flow or, for risks found later, at the next update or at the end.
class NdpiRiskCheck final : public FlowCheck {
 public:
  std::string_view name() const override { return "ndpi_flow_risk"; }
  void on_detected(const stats::ConnectionUpdate& u, FlowState& s, std::vector<FlowAlertDraft>& out) override;
  void on_periodic(const stats::ConnectionUpdate& u, FlowState& s, std::vector<FlowAlertDraft>& out) override;
  void on_end(const stats::ConnectionUpdate& u, FlowState& s, std::vector<FlowAlertDraft>& out) override;

 private:
  void raise_new(const stats::ConnectionUpdate& u, FlowState& s, std::vector<FlowAlertDraft>& out) const;
};

}  // namespace netmeter::alerts
