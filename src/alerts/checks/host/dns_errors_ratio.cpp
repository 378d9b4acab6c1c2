#include "alerts/checks/host/dns_errors_ratio.hpp"

#include "alerts/alert_types.hpp"

namespace netmeter::alerts {

uint16_t DnsErrorsRatioCheck::type_id() const {
  return host_alert::kDnsErrorsRatio;
}

void DnsErrorsRatioCheck::on_periodic(const HostCounters& c, std::vector<HostTrigger>& out) const {
  if (c.dns_replies_sent == 0 || c.dns_replies_sent < config_.threshold2) return;
  uint64_t percent = c.dns_errors_sent * 100 / c.dns_replies_sent;
  // Compared exactly (errors * 100 > threshold * replies), not on the rounded percentage.
  if (c.dns_errors_sent * 100 > config_.threshold * c.dns_replies_sent) out.push_back({false, percent});
}

}  // namespace netmeter::alerts
