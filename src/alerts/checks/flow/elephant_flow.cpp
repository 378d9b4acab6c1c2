#include "alerts/checks/flow/elephant_flow.hpp"

#include "alerts/alert_types.hpp"
#include "flow/flow.hpp"

namespace netmeter::alerts {

void ElephantFlowCheck::on_periodic(const stats::ConnectionUpdate& u, FlowState& s,
                                    std::vector<FlowAlertDraft>& out) {
  check(u, s, out);
}

void ElephantFlowCheck::on_end(const stats::ConnectionUpdate& u, FlowState& s,
                               std::vector<FlowAlertDraft>& out) {
  check(u, s, out);
}

void ElephantFlowCheck::check(const stats::ConnectionUpdate& u, FlowState& s,
                              std::vector<FlowAlertDraft>& out) const {
  const auto& client = u.client();
  const auto& server = u.server();
  bool client_local = core::in_any(local_, client.ip);
  bool server_local = core::in_any(local_, server.ip);
  if (client_local == server_local) return;  // local to local, or remote to remote
  uint64_t sent_by_client = u.dir[flow::Flow::kClientToServer].bytes;
  uint64_t sent_by_server = u.dir[flow::Flow::kServerToClient].bytes;
  uint64_t local_to_remote = client_local ? sent_by_client : sent_by_server;
  uint64_t remote_to_local = client_local ? sent_by_server : sent_by_client;
  if (local_to_remote <= config_.threshold && remote_to_local <= config_.threshold2) return;
  if (!s.first_raise(flow_alert::kElephantFlow)) return;
  out.push_back({flow_alert::kElephantFlow, kScore, config_.severity.value_or(severity_for_score(kScore))});
}

}  // namespace netmeter::alerts
