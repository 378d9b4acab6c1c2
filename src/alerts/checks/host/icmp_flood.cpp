#include "alerts/checks/host/icmp_flood.hpp"

#include "alerts/alert_types.hpp"

namespace netmeter::alerts {

uint16_t IcmpFloodCheck::type_id() const {
  return host_alert::kIcmpFlood;
}

void IcmpFloodCheck::on_periodic(const HostCounters& c, std::vector<HostTrigger>& out) const {
  if (c.icmp_sent > config_.threshold) out.push_back({true, c.icmp_sent});
  if (c.icmp_rcvd > config_.threshold) out.push_back({false, c.icmp_rcvd});
}

}  // namespace netmeter::alerts
