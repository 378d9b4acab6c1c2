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

/// Flow alert ids of netmeter's checks other than the nDPI risks. ntopng 6.x numbers them in
/// flow_alert_keys.lua (blacklisted 1, elephant 8, long-lived 11, ...), a range its nDPI risk alerts
/// (ndpi_flow_alert_keys.lua: id = risk number) also use; netmeter keeps one id per flow type, so these
/// are ntopng's key + kFlowCheckBase (ntopng's flow alert bitmap stops at 127: no clash).
namespace flow_alert {
inline constexpr uint16_t kFlowCheckBase = 128;
inline constexpr uint16_t kElephantFlow = kFlowCheckBase + 8;
inline constexpr uint16_t kBlacklistedClientContact = kFlowCheckBase + 9;
inline constexpr uint16_t kLongLived = kFlowCheckBase + 11;
inline constexpr uint16_t kBlacklistedServerContact = kFlowCheckBase + 13;
inline constexpr uint16_t kUnexpectedDhcpServer = kFlowCheckBase + 32;
inline constexpr uint16_t kUnexpectedDnsServer = kFlowCheckBase + 33;
inline constexpr uint16_t kUnexpectedNtpServer = kFlowCheckBase + 35;
inline constexpr uint16_t kRemoteToLocalInsecureProto = kFlowCheckBase + 38;
}  // namespace flow_alert

/// Host alert ids (ntopng 6.x host_alert_keys).
namespace host_alert {
inline constexpr uint16_t kFlowFlood = 4;
inline constexpr uint16_t kSynScan = 5;
inline constexpr uint16_t kSynFlood = 6;
inline constexpr uint16_t kScoreThreshold = 17;
inline constexpr uint16_t kIcmpFlood = 18;
/// ntopng's other_alert_keys alert_dns_positive_error_ratio: raised on the host in netmeter.
inline constexpr uint16_t kDnsErrorsRatio = 4096 + 54;
}  // namespace host_alert

/// MAC alert ids (ntopng 6.x other_alert_keys, raised on its mac entity).
namespace mac_alert {
inline constexpr uint16_t kMacIpAssociationChange = 4096 + 16;
inline constexpr uint16_t kUnexpectedNewDevice = 4096 + 51;
}  // namespace mac_alert

/// Interface alert ids (ntopng 6.x other_alert_keys: OTHER_BASE_KEY 4096 + n).
namespace interface_alert {
inline constexpr uint16_t kThresholdCross = 4096 + 40;  ///< ntopng's throughput check raises it
inline constexpr uint16_t kTooManyDrops = 4096 + 41;
inline constexpr uint16_t kNoIfActivity = 4096 + 50;  ///< the capture-stalled check raises it
}  // namespace interface_alert

}  // namespace netmeter::alerts
