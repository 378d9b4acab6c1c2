#include "alerts/checks/host/syn_scan.hpp"

#include "alerts/alert_types.hpp"

namespace netmeter::alerts {

uint16_t SynScanCheck::type_id() const {
  return host_alert::kSynScan;
}

void SynScanCheck::on_periodic(const HostCounters& c, std::vector<HostTrigger>& out) const {
  uint64_t as_attacker = c.syn_sent > c.synack_rcvd ? c.syn_sent - c.synack_rcvd : 0;
  uint64_t as_victim = c.syn_rcvd > c.synack_sent ? c.syn_rcvd - c.synack_sent : 0;
  if (as_attacker > config_.threshold) out.push_back({true, as_attacker});
  if (as_victim > config_.threshold) out.push_back({false, as_victim});
}

}  // namespace netmeter::alerts
