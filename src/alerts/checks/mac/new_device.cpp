#include "alerts/checks/mac/new_device.hpp"

#include "alerts/alert_types.hpp"

namespace netmeter::alerts {

uint16_t NewDeviceCheck::type_id() const {
  return mac_alert::kUnexpectedNewDevice;
}

bool NewDeviceCheck::on_source_mac(stats::MacKey mac, int64_t second) {
  if (mac == 0 || stats::mac_is_multicast(mac)) return false;  // group addresses are no device
  if (!started_) {
    started_ = true;
    first_second_ = second;
  }
  if (known_.contains(mac) || known_.size() >= kMaxDevices) return false;
  known_.insert(mac);
  bool learning = second - first_second_ < static_cast<int64_t>(config_.threshold);
  return !learning;
}

}  // namespace netmeter::alerts
