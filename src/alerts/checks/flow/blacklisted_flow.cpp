#include "alerts/checks/flow/blacklisted_flow.hpp"

#include "alerts/alert_types.hpp"

namespace netmeter::alerts {

void BlacklistedFlowCheck::on_periodic(const stats::ConnectionUpdate& u, FlowState& s,
                                       std::vector<FlowAlertDraft>& out) {
  check(u, s, out);
}

void BlacklistedFlowCheck::on_end(const stats::ConnectionUpdate& u, FlowState& s,
                                  std::vector<FlowAlertDraft>& out) {
  check(u, s, out);
}

void BlacklistedFlowCheck::check(const stats::ConnectionUpdate& u, FlowState& s,
                                 std::vector<FlowAlertDraft>& out) const {
  using flow_alert::kBlacklistedClientContact;
  using flow_alert::kBlacklistedServerContact;
  if (!lists_ || lists_->empty()) return;
  // Both ends are looked up once per flow, on its first update.
  if (s.blacklist_checked) return;
  s.blacklist_checked = true;
  const auto& client = u.client();
  const auto& server = u.server();
  Severity severity = config_.severity.value_or(severity_for_score(kScore));
  if (lists_->find(server.ip) && s.first_raise(kBlacklistedServerContact))
    out.push_back({kBlacklistedServerContact, kScore, severity});
  if (lists_->find(client.ip) && s.first_raise(kBlacklistedClientContact))
    out.push_back({kBlacklistedClientContact, kScore, severity});
}

}  // namespace netmeter::alerts
