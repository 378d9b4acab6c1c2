#pragma once

#include "alerts/check.hpp"

namespace netmeter::alerts {

/// Long-lived flow (ntopng's LongLivedFlow check, flow_alert_longlived): the flow has lasted (first to
/// last packet, packet time) more than `threshold` seconds. Once per flow; score 10 (ntopng's notice).
class LongLivedFlowCheck final : public FlowCheck {
 public:
  static constexpr uint64_t kDefaultThreshold = 30 * 60;
  static constexpr uint32_t kScore = 10;
  LongLivedFlowCheck() { config_.threshold = kDefaultThreshold; }
  std::string_view name() const override { return "longlived"; }
  void on_periodic(const stats::ConnectionUpdate& u, FlowState& s, std::vector<FlowAlertDraft>& out) override;
  void on_end(const stats::ConnectionUpdate& u, FlowState& s, std::vector<FlowAlertDraft>& out) override;

 private:
  void check(const stats::ConnectionUpdate& u, FlowState& s, std::vector<FlowAlertDraft>& out) const;
};

/// The flow's duration in whole seconds (first packet to last, either direction).
int64_t flow_duration_s(const stats::ConnectionUpdate& u);

}  // namespace netmeter::alerts
