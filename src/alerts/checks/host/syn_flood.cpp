#include "alerts/checks/host/syn_flood.hpp"

#include "alerts/alert_types.hpp"

namespace netmeter::alerts {

uint16_t SynFloodCheck::type_id() const {
  return host_alert::kSynFlood;
}

void SynFloodCheck::on_periodic(const HostCounters& c, std::vector<HostTrigger>& out) const {
  uint64_t as_attacker = c.syn_sent;
  uint64_t as_victim = c.syn_rcvd;
  if (as_attacker > config_.threshold) out.push_back({true, as_attacker});
  if (as_victim > config_.threshold) out.push_back({false, as_victim});
}

}  // namespace netmeter::alerts
