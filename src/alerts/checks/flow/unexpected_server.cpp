#include "alerts/checks/flow/unexpected_server.hpp"

#include <algorithm>

#include "alerts/alert_types.hpp"

namespace netmeter::alerts {

namespace {

// nDPI protocol ids (ndpi_protocol_ids.h).
constexpr uint16_t kDns = 5;
constexpr uint16_t kNtp = 9;
constexpr uint16_t kDhcp = 18;
constexpr uint16_t kDhcpV6 = 103;

}  // namespace

UnexpectedServerCheck UnexpectedServerCheck::dns() {
  return {"unexpected_dns", flow_alert::kUnexpectedDnsServer, {kDns, 0}};
}
UnexpectedServerCheck UnexpectedServerCheck::dhcp() {
  return {"unexpected_dhcp", flow_alert::kUnexpectedDhcpServer, {kDhcp, kDhcpV6}};
}
UnexpectedServerCheck UnexpectedServerCheck::ntp() {
  return {"unexpected_ntp", flow_alert::kUnexpectedNtpServer, {kNtp, 0}};
}

void UnexpectedServerCheck::on_detected(const stats::ConnectionUpdate& u, FlowState& s,
                                        std::vector<FlowAlertDraft>& out) {
  if (config_.servers.empty()) return;
  auto is = [&](uint16_t proto) { return proto != 0 && (u.app == proto || u.master == proto); };
  if (!is(protocols_[0]) && !is(protocols_[1])) return;
  const auto& server = u.server();
  if (std::find(config_.servers.begin(), config_.servers.end(), server.ip) != config_.servers.end()) return;
  if (!s.first_raise(type_id_)) return;
  out.push_back({type_id_, kScore, config_.severity.value_or(severity_for_score(kScore))});
}

}  // namespace netmeter::alerts
