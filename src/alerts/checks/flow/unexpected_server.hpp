#pragma once

#include <array>

#include "alerts/check.hpp"

namespace netmeter::alerts {

/// Unexpected DNS, DHCP or NTP server (ntopng's UnexpectedDNSServer / UnexpectedDHCPServer /
/// UnexpectedNTPServer flow checks): a flow of that protocol (nDPI) whose server is not in the allowed
/// list (`servers` of the check's configuration). As in ntopng, an empty list leaves the check off. Once
/// per flow, when nDPI has finished with it; score 100 (error).
class UnexpectedServerCheck final : public FlowCheck {
 public:
  static constexpr uint32_t kScore = 100;
  static UnexpectedServerCheck dns();
  static UnexpectedServerCheck dhcp();
  static UnexpectedServerCheck ntp();

  std::string_view name() const override { return name_; }
  void on_detected(const stats::ConnectionUpdate& u, FlowState& s, std::vector<FlowAlertDraft>& out) override;

 private:
  UnexpectedServerCheck(std::string_view name, uint16_t type_id, std::array<uint16_t, 2> protocols)
      : name_(name), type_id_(type_id), protocols_(protocols) {}
  std::string_view name_;
  uint16_t type_id_;
  std::array<uint16_t, 2> protocols_;  ///< nDPI protocol ids (0: none)
};

}  // namespace netmeter::alerts
