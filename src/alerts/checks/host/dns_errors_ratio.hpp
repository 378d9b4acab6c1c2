#pragma once

#include "alerts/check.hpp"

namespace netmeter::alerts {

/// DNS errors ratio (ntopng's alert_dns_positive_error_ratio, other_alert_keys 4096 + 54): a DNS server
/// whose replies of one minute carry an error (any response code but NOERROR) in more than `threshold`
/// percent of them, once it sent at least `threshold2` replies in that minute (fewer say nothing). The
/// alert is on the server, role victim of its own failures (ntopng's check is in its closed Enterprise
/// edition: the ratio, the minimum and the defaults, 50 % of at least 10 replies, are netmeter's).
class DnsErrorsRatioCheck final : public HostCheck {
 public:
  static constexpr uint64_t kDefaultThreshold = 50;
  static constexpr uint64_t kDefaultMinReplies = 10;
  DnsErrorsRatioCheck() {
    config_.threshold = kDefaultThreshold;
    config_.threshold2 = kDefaultMinReplies;
  }
  std::string_view name() const override { return "dns_positive_error_ratio"; }
  uint16_t type_id() const override;
  Period period() const override { return Period::Minute; }
  uint32_t score() const override { return 50; }
  /// Value: the error percentage (rounded down).
  void on_periodic(const HostCounters& c, std::vector<HostTrigger>& out) const override;
};

}  // namespace netmeter::alerts
