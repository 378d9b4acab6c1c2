#pragma once

#include <vector>

#include "alerts/check.hpp"
#include "core/cidr.hpp"

namespace netmeter::alerts {

/// Elephant flow (ntopng's ElephantFlow check, flow_alert_elephant_flow): a flow between a local and a
/// remote host (local networks: `run -m`) whose local end sent more than `threshold` bytes (local to
/// remote) or whose remote end sent more than `threshold2` bytes (remote to local). Once per flow; score
/// 10 (ntopng's notice). Default 1 GiB each way.
class ElephantFlowCheck final : public FlowCheck {
 public:
  static constexpr uint64_t kDefaultThreshold = uint64_t{1} << 30;
  static constexpr uint32_t kScore = 10;
  explicit ElephantFlowCheck(std::vector<core::Cidr> local_networks) : local_(std::move(local_networks)) {
    config_.threshold = kDefaultThreshold;
    config_.threshold2 = kDefaultThreshold;
  }
  std::string_view name() const override { return "elephant_flows"; }
  void on_periodic(const stats::ConnectionUpdate& u, FlowState& s, std::vector<FlowAlertDraft>& out) override;
  void on_end(const stats::ConnectionUpdate& u, FlowState& s, std::vector<FlowAlertDraft>& out) override;

 private:
  void check(const stats::ConnectionUpdate& u, FlowState& s, std::vector<FlowAlertDraft>& out) const;
  std::vector<core::Cidr> local_;
};

}  // namespace netmeter::alerts
