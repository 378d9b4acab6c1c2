#include "alerts/checks/host/flow_flood.hpp"

#include "alerts/alert_types.hpp"

namespace netmeter::alerts {

uint16_t FlowFloodCheck::type_id() const {
  return host_alert::kFlowFlood;
}

void FlowFloodCheck::on_periodic(const HostCounters& c, std::vector<HostTrigger>& out) const {
  uint64_t as_attacker = c.flows_as_client;
  uint64_t as_victim = c.flows_as_server;
  if (as_attacker > config_.threshold) out.push_back({true, as_attacker});
  if (as_victim > config_.threshold) out.push_back({false, as_victim});
}

}  // namespace netmeter::alerts
