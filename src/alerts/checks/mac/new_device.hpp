#pragma once

#include <cstdint>
#include <unordered_set>

#include "alerts/check.hpp"

namespace netmeter::alerts {

/// New device (ntopng's alert_unexpected_new_device, other_alert_keys 4096 + 51, on its mac entity): a
/// unicast source MAC first seen after a learning period. ntopng (Enterprise M) alerts on a MAC missing
/// from a list of authorised devices; netmeter learns the list instead: the MACs that send during the
/// first `threshold` seconds of the slot's packet time are the known devices, any other one raises one
/// alert and is known from then on. Off by default (as ntopng); learning period 3600 s. At most
/// kMaxDevices MACs are remembered (later ones raise nothing).
class NewDeviceCheck final : public DeviceCheck {
 public:
  static constexpr uint64_t kDefaultLearningSeconds = 3600;
  static constexpr size_t kMaxDevices = 65536;
  NewDeviceCheck() {
    config_.enabled = false;
    config_.threshold = kDefaultLearningSeconds;
  }
  std::string_view name() const override { return "unexpected_new_device"; }
  uint16_t type_id() const override;
  uint32_t score() const override { return 50; }
  bool on_source_mac(stats::MacKey mac, int64_t second) override;

 private:
  int64_t first_second_ = 0;
  bool started_ = false;
  std::unordered_set<stats::MacKey> known_;
};

}  // namespace netmeter::alerts
