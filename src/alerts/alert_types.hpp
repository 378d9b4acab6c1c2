#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "alerts/alert.hpp"

namespace netmeter::alerts {

/// ntopng's alert categories (alert_categories.lua).
enum class Category : uint8_t { Other = 0, Security = 1, Internals = 2, Network = 3, System = 4 };

/// One alert type as ntopng 6.x names and numbers it.
struct AlertType {
  Entity entity;
  uint16_t id;           ///< flow_alert_keys / host_alert_keys / interface_alert_keys value
  std::string_view key;  ///< ntopng's check / alert name, without the "alert_" prefix
  Category category;
};

/// Every alert type netmeter can raise, flows first (ordered by id within an entity).
std::span<const AlertType> alert_types();
const AlertType* find_alert_type(Entity entity, uint16_t id);

/// The flow alert type of nDPI risk `risk_id` (in ntopng 6.x a risk's alert id is the risk's number),
/// or null when ntopng raises no alert for that risk.
const AlertType* flow_risk_alert_type(int risk_id);

/// A human name for the type: nDPI's name of the risk for flow risk alerts, ntopng's title otherwise.
std::string alert_label(const AlertType& type);

/// Host alert ids (ntopng 6.x host_alert_keys).
namespace host_alert {
inline constexpr uint16_t kFlowFlood = 4;
inline constexpr uint16_t kSynScan = 5;
inline constexpr uint16_t kSynFlood = 6;
}  // namespace host_alert

/// Interface alert ids (ntopng 6.x other_alert_keys: OTHER_BASE_KEY 4096 + n).
namespace interface_alert {
inline constexpr uint16_t kTooManyDrops = 4096 + 41;
}  // namespace interface_alert

}  // namespace netmeter::alerts
