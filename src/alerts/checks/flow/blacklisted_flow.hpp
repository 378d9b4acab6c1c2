#pragma once

#include <memory>

#include "alerts/blacklist.hpp"
#include "alerts/check.hpp"

namespace netmeter::alerts {

/// Blacklisted flow (ntopng's BlacklistedFlow check): the server is in a blacklist (ntopng 6.x
/// blacklisted_server_contact, the client contacted a listed host) or the client is (blacklisted_client_
/// contact, a listed host contacted the server). One alert of each kind per flow, on its first update;
/// score 250 (critical, as ntopng scores a blacklisted contact). Without lists it raises nothing.
class BlacklistedFlowCheck final : public FlowCheck {
 public:
  static constexpr uint32_t kScore = 250;
  explicit BlacklistedFlowCheck(std::shared_ptr<const Blacklist> lists) : lists_(std::move(lists)) {}
  std::string_view name() const override { return "blacklisted"; }
  void on_periodic(const stats::ConnectionUpdate& u, FlowState& s, std::vector<FlowAlertDraft>& out) override;
  void on_end(const stats::ConnectionUpdate& u, FlowState& s, std::vector<FlowAlertDraft>& out) override;

 private:
  void check(const stats::ConnectionUpdate& u, FlowState& s, std::vector<FlowAlertDraft>& out) const;
  std::shared_ptr<const Blacklist> lists_;
};

}  // namespace netmeter::alerts
