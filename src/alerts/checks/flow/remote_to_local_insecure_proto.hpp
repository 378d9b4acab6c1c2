#pragma once

#include <vector>

#include "alerts/check.hpp"
#include "core/cidr.hpp"

namespace netmeter::alerts {

/// Remote to local insecure protocol (ntopng's RemoteToLocalInsecureProto check): a remote client talks
/// to a local server (local networks: `run -m`) with a protocol nDPI rates unsafe (score 10, notice),
/// potentially dangerous (50, warning) or dangerous (100, error), as ntopng scores it. Once per flow, when
/// nDPI has finished with it.
class RemoteToLocalInsecureProtoCheck final : public FlowCheck {
 public:
  explicit RemoteToLocalInsecureProtoCheck(std::vector<core::Cidr> local_networks)
      : local_(std::move(local_networks)) {}
  std::string_view name() const override { return "remote_to_local_insecure_proto"; }
  void on_detected(const stats::ConnectionUpdate& u, FlowState& s, std::vector<FlowAlertDraft>& out) override;

 private:
  std::vector<core::Cidr> local_;
};

}  // namespace netmeter::alerts
