#pragma once

#include <unordered_map>

#include "alerts/check.hpp"

namespace netmeter::alerts {

/// MAC/IP reassociation (ntopng's alert_mac_ip_association_change, raised on the new MAC): an address
/// sends ARP from a MAC other than the one it used before: an address conflict, a replaced device or ARP
/// spoofing. One alert per change; score 50 (warning), as ntopng; off by default (ntopng's
/// "ip_reassignment_alerts" preference). It remembers at most kMaxAddresses addresses (later ones are
/// not followed).
class MacIpAssociationCheck final : public ArpCheck {
 public:
  static constexpr size_t kMaxAddresses = 65536;
  MacIpAssociationCheck() { config_.enabled = false; }
  std::string_view name() const override { return "mac_ip_association_change"; }
  uint16_t type_id() const override;
  uint32_t score() const override { return 50; }
  void on_sender(const stats::HostKey& host, stats::MacKey mac, std::vector<ArpFinding>& out) override;

 private:
  std::unordered_map<stats::HostKey, stats::MacKey, stats::HostKeyHash> known_;
};

}  // namespace netmeter::alerts
