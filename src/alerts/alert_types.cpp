#include "alerts/alert_types.hpp"

#include <algorithm>
#include <array>

#include "dpi/risks.hpp"

namespace netmeter::alerts {

namespace {

constexpr Category kSec = Category::Security;

// Flow alerts: ntopng 6.x's FlowAlertTypeEnum (ntop_typedefs.h), the ids it stores and serves. An nDPI
// risk's alert is the one its FlowRiskAlerts table assigns (last field: the risk's number in nDPI 4.2,
// which reports risks 1..41), with that table's name; the other flow alerts are its flow_alert_keys.
constexpr std::array kTypes = {
    AlertType{Entity::Flow, flow_alert::kElephantFlow, "elephant_flow", kSec},
    AlertType{Entity::Flow, flow_alert::kBlacklistedClientContact, "blacklisted_client_contact", kSec},
    AlertType{Entity::Flow, flow_alert::kLongLived, "longlived", kSec},
    AlertType{Entity::Flow, flow_alert::kBlacklistedServerContact, "blacklisted_server_contact", kSec},
    AlertType{Entity::Flow, 22, "tls_certificate_expired", kSec, 9},
    AlertType{Entity::Flow, 23, "tls_certificate_mismatch", kSec, 10},
    AlertType{Entity::Flow, 24, "tls_old_protocol_version", kSec, 7},
    AlertType{Entity::Flow, 25, "tls_unsafe_ciphers", kSec, 8},
    AlertType{Entity::Flow, 28, "tls_certificate_selfsigned", kSec, 6},
    AlertType{Entity::Flow, 29, "binary_application_transfer", kSec, 4},
    AlertType{Entity::Flow, 30, "known_proto_on_non_std_port", kSec, 5},
    AlertType{Entity::Flow, flow_alert::kUnexpectedDhcpServer, "unexpected_dhcp_server", kSec},
    AlertType{Entity::Flow, flow_alert::kUnexpectedDnsServer, "unexpected_dns_server", kSec},
    AlertType{Entity::Flow, flow_alert::kUnexpectedNtpServer, "unexpected_ntp_server", kSec},
    AlertType{Entity::Flow, flow_alert::kRemoteToLocalInsecureProto, "remote_to_local_insecure_proto", kSec},
    AlertType{Entity::Flow, 39, "ndpi_url_possible_xss", kSec, 1},
    AlertType{Entity::Flow, 40, "ndpi_url_possible_sql_injection", kSec, 2},
    AlertType{Entity::Flow, 41, "ndpi_url_possible_rce_injection", kSec, 3},
    AlertType{Entity::Flow, 42, "ndpi_http_suspicious_user_agent", kSec, 11},
    AlertType{Entity::Flow, 43, "ndpi_http_numeric_ip_host", kSec, 12},
    AlertType{Entity::Flow, 44, "ndpi_http_suspicious_url", kSec, 13},
    AlertType{Entity::Flow, 45, "ndpi_http_suspicious_header", kSec, 14},
    AlertType{Entity::Flow, 46, "ndpi_tls_not_carrying_https", kSec, 15},
    AlertType{Entity::Flow, 47, "ndpi_suspicious_dga_domain", kSec, 16},
    AlertType{Entity::Flow, 48, "ndpi_malformed_packet", kSec, 17},
    AlertType{Entity::Flow, 49, "ndpi_ssh_obsolete_server", kSec, 19},
    AlertType{Entity::Flow, 50, "ndpi_smb_insecure_version", kSec, 20},
    AlertType{Entity::Flow, 51, "ndpi_tls_suspicious_esni_usage", kSec, 21},
    AlertType{Entity::Flow, 52, "ndpi_unsafe_protocol", kSec, 22},
    AlertType{Entity::Flow, 53, "ndpi_dns_suspicious_traffic", kSec, 23},
    AlertType{Entity::Flow, 54, "ndpi_tls_missing_sni", kSec, 24},
    AlertType{Entity::Flow, 60, "ndpi_tls_cert_validity_too_long", kSec, 32},
    AlertType{Entity::Flow, 61, "ndpi_ssh_obsolete_client", kSec, 18},
    AlertType{Entity::Flow, 62, "ndpi_clear_text_credentials", kSec, 36},
    AlertType{Entity::Flow, 63, "ndpi_http_suspicious_content", kSec, 25},
    AlertType{Entity::Flow, 64, "ndpi_dns_large_packet", kSec, 37},
    AlertType{Entity::Flow, 65, "ndpi_dns_fragmented", kSec, 38},
    AlertType{Entity::Flow, 66, "ndpi_invalid_characters", kSec, 39},
    AlertType{Entity::Flow, 68, "ndpi_possible_exploit", kSec, 40},
    AlertType{Entity::Flow, 69, "ndpi_tls_certificate_about_to_expire", kSec, 41},
    AlertType{Entity::Flow, 73, "ndpi_suspicious_entropy", kSec, 35},
    AlertType{Entity::Flow, 78, "ndpi_desktop_or_file_sharing_session", kSec, 30},
    AlertType{Entity::Flow, 79, "ndpi_malicious_ja3", kSec, 28},
    AlertType{Entity::Flow, 80, "ndpi_malicious_sha1_certificate", kSec, 29},
    AlertType{Entity::Flow, 81, "ndpi_tls_uncommon_alpn", Category::Other, 31},
    AlertType{Entity::Flow, 82, "ndpi_tls_suspicious_extension", kSec, 33},
    AlertType{Entity::Flow, 83, "ndpi_tls_fatal_alert", Category::Other, 34},
    AlertType{Entity::Flow, 85, "ndpi_risky_asn", kSec, 26},
    AlertType{Entity::Flow, 86, "ndpi_risky_domain", kSec, 27},
    AlertType{Entity::Host, host_alert::kFlowFlood, "flow_flood", kSec},
    AlertType{Entity::Host, host_alert::kSynScan, "syn_scan", Category::Network},
    AlertType{Entity::Host, host_alert::kSynFlood, "syn_flood", kSec},
    AlertType{Entity::Host, host_alert::kScoreThreshold, "score_threshold", kSec},
    AlertType{Entity::Host, host_alert::kIcmpFlood, "icmp_flood", kSec},
    AlertType{Entity::Host, host_alert::kDnsErrorsRatio, "dns_positive_error_ratio", Category::Network},
    AlertType{Entity::Interface, interface_alert::kThresholdCross, "threshold_cross", Category::Network},
    AlertType{Entity::Interface, interface_alert::kTooManyDrops, "too_many_drops", Category::System},
    AlertType{Entity::Interface, interface_alert::kNoIfActivity, "no_if_activity", Category::Internals},
    AlertType{Entity::Mac, mac_alert::kMacIpAssociationChange, "mac_ip_association_change",
              Category::Network},
    AlertType{Entity::Mac, mac_alert::kUnexpectedNewDevice, "unexpected_new_device", kSec},
};

}  // namespace

std::span<const AlertType> alert_types() {
  return kTypes;
}

const AlertType* find_alert_type(Entity entity, uint16_t id) {
  auto it = std::find_if(kTypes.begin(), kTypes.end(),
                         [&](const AlertType& t) { return t.entity == entity && t.id == id; });
  return it == kTypes.end() ? nullptr : &*it;
}

const AlertType* flow_risk_alert_type(int risk_id) {
  if (risk_id <= 0) return nullptr;
  auto it = std::find_if(kTypes.begin(), kTypes.end(),
                         [&](const AlertType& t) { return t.entity == Entity::Flow && t.risk == risk_id; });
  return it == kTypes.end() ? nullptr : &*it;
}

namespace {

std::string flow_check_label(uint16_t id) {
  switch (id) {
    case flow_alert::kElephantFlow:
      return "Elephant Flow";
    case flow_alert::kBlacklistedClientContact:
      return "Blacklisted Client Contact";
    case flow_alert::kLongLived:
      return "Long-Lived Flow";
    case flow_alert::kBlacklistedServerContact:
      return "Blacklisted Server Contact";
    case flow_alert::kUnexpectedDhcpServer:
      return "Unexpected DHCP Server";
    case flow_alert::kUnexpectedDnsServer:
      return "Unexpected DNS Server";
    case flow_alert::kUnexpectedNtpServer:
      return "Unexpected NTP Server";
    case flow_alert::kRemoteToLocalInsecureProto:
      return "Remote to Local Insecure Protocol";
  }
  return {};
}

}  // namespace

std::string alert_label(const AlertType& type) {
  if (type.entity == Entity::Flow)
    return type.risk != 0 ? std::string(dpi::risk_info(type.risk).name) : flow_check_label(type.id);
  if (type.entity == Entity::Interface && type.id == interface_alert::kTooManyDrops)
    return "Too Many Packet Drops";
  if (type.entity == Entity::Interface && type.id == interface_alert::kThresholdCross)
    return "Threshold Cross";
  if (type.entity == Entity::Interface && type.id == interface_alert::kNoIfActivity)
    return "No Interface Activity";
  if (type.entity == Entity::Mac && type.id == mac_alert::kMacIpAssociationChange)
    return "MAC/IP Reassociation";
  if (type.entity == Entity::Mac && type.id == mac_alert::kUnexpectedNewDevice)
    return "Unexpected New Device";
  switch (type.id) {
    case host_alert::kIcmpFlood:
      return "ICMP Flood";
    case host_alert::kFlowFlood:
      return "Flow Flood";
    case host_alert::kSynScan:
      return "SYN Scan";
    case host_alert::kSynFlood:
      return "SYN Flood";
    case host_alert::kScoreThreshold:
      return "Score Above Threshold";
    case host_alert::kDnsErrorsRatio:
      return "DNS Errors Ratio";
  }
  return std::string(type.key);
}

}  // namespace netmeter::alerts
