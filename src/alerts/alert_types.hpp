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
  uint8_t risk = 0;  ///< flow alerts of an nDPI risk: the risk's number (0: another alert)
};

/// Every alert type netmeter can raise, flows first (ordered by id within an entity).
std::span<const AlertType> alert_types();
const AlertType* find_alert_type(Entity entity, uint16_t id);

/// The flow alert type of nDPI risk `risk_id` (ntopng 6.x's FlowRiskAlerts assigns each risk a flow alert
/// id of its own: e.g. risk 16, DGA domain, is alert 47), or null when ntopng raises no alert for it.
const AlertType* flow_risk_alert_type(int risk_id);

/// A human name for the type: nDPI's name of the risk for flow risk alerts, ntopng's title otherwise.
std::string alert_label(const AlertType& type);

/// Flow alert ids of netmeter's checks other than the nDPI risks: ntopng 6.x's flow_alert_keys.lua /
/// FlowAlertTypeEnum, one id space with its nDPI risk alerts (which take other numbers of it).
namespace flow_alert {
inline constexpr uint16_t kElephantFlow = 8;
inline constexpr uint16_t kBlacklistedClientContact = 9;
inline constexpr uint16_t kLongLived = 11;
inline constexpr uint16_t kBlacklistedServerContact = 13;
inline constexpr uint16_t kUnexpectedDhcpServer = 32;
inline constexpr uint16_t kUnexpectedDnsServer = 33;
inline constexpr uint16_t kUnexpectedNtpServer = 35;
inline constexpr uint16_t kRemoteToLocalInsecureProto = 38;
/// FlowState::first_raise keeps one bit per id of these: they must stay below 64.
inline constexpr uint16_t kMaxCheckId = 63;
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
