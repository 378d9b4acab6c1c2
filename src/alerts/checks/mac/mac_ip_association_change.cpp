#include "alerts/checks/mac/mac_ip_association_change.hpp"

#include "alerts/alert_types.hpp"

namespace netmeter::alerts {

uint16_t MacIpAssociationCheck::type_id() const {
  return mac_alert::kMacIpAssociationChange;
}

void MacIpAssociationCheck::on_sender(const stats::HostKey& host, stats::MacKey mac,
                                      std::vector<ArpFinding>& out) {
  auto it = known_.find(host);
  if (it == known_.end()) {
    if (known_.size() < kMaxAddresses) known_.emplace(host, mac);
    return;
  }
  if (it->second == mac) return;
  out.push_back({it->second, mac});
  it->second = mac;
}

}  // namespace netmeter::alerts
