#include "alerts/alert_types.hpp"

#include <algorithm>
#include <array>

#include "dpi/risks.hpp"

namespace netmeter::alerts {

namespace {

constexpr Category kSec = Category::Security;

// ntopng 6.x: a flow risk's alert id is the nDPI risk number, the names are those of its FlowRiskAlerts
// table (risks 1..40 are the ones nDPI 4.2 reports; ntopng's ids follow nDPI's numbering).
constexpr std::array kTypes = {
    AlertType{Entity::Flow, 1, "ndpi_url_possible_xss", kSec},
    AlertType{Entity::Flow, 2, "ndpi_url_possible_sql_injection", kSec},
    AlertType{Entity::Flow, 3, "ndpi_url_possible_rce_injection", kSec},
    AlertType{Entity::Flow, 4, "binary_application_transfer", kSec},
    AlertType{Entity::Flow, 5, "known_proto_on_non_std_port", kSec},
    AlertType{Entity::Flow, 6, "tls_certificate_selfsigned", kSec},
    AlertType{Entity::Flow, 7, "tls_old_protocol_version", kSec},
    AlertType{Entity::Flow, 8, "tls_unsafe_ciphers", kSec},
    AlertType{Entity::Flow, 9, "tls_certificate_expired", kSec},
    AlertType{Entity::Flow, 10, "tls_certificate_mismatch", kSec},
    AlertType{Entity::Flow, 11, "ndpi_http_suspicious_user_agent", kSec},
    AlertType{Entity::Flow, 12, "ndpi_http_numeric_ip_host", kSec},
    AlertType{Entity::Flow, 13, "ndpi_http_suspicious_url", kSec},
    AlertType{Entity::Flow, 14, "ndpi_http_suspicious_header", kSec},
    AlertType{Entity::Flow, 15, "ndpi_tls_not_carrying_https", kSec},
    AlertType{Entity::Flow, 16, "ndpi_suspicious_dga_domain", kSec},
    AlertType{Entity::Flow, 17, "ndpi_malformed_packet", kSec},
    AlertType{Entity::Flow, 18, "ndpi_ssh_obsolete_client", kSec},
    AlertType{Entity::Flow, 19, "ndpi_ssh_obsolete_server", kSec},
    AlertType{Entity::Flow, 20, "ndpi_smb_insecure_version", kSec},
    AlertType{Entity::Flow, 21, "ndpi_tls_suspicious_esni_usage", kSec},
    AlertType{Entity::Flow, 22, "ndpi_unsafe_protocol", kSec},
    AlertType{Entity::Flow, 23, "ndpi_dns_suspicious_traffic", kSec},
    AlertType{Entity::Flow, 24, "ndpi_tls_missing_sni", kSec},
    AlertType{Entity::Flow, 25, "ndpi_http_suspicious_content", kSec},
    AlertType{Entity::Flow, 26, "ndpi_risky_asn", kSec},
    AlertType{Entity::Flow, 27, "ndpi_risky_domain", kSec},
    AlertType{Entity::Flow, 28, "ndpi_malicious_ja3", kSec},
    AlertType{Entity::Flow, 29, "ndpi_malicious_sha1_certificate", kSec},
    AlertType{Entity::Flow, 30, "ndpi_desktop_or_file_sharing_session", kSec},
    AlertType{Entity::Flow, 31, "ndpi_tls_uncommon_alpn", Category::Other},
    AlertType{Entity::Flow, 32, "ndpi_tls_cert_validity_too_long", kSec},
    AlertType{Entity::Flow, 33, "ndpi_tls_suspicious_extension", kSec},
    AlertType{Entity::Flow, 34, "ndpi_tls_fatal_alert", Category::Other},
    AlertType{Entity::Flow, 35, "ndpi_suspicious_entropy", kSec},
    AlertType{Entity::Flow, 36, "ndpi_clear_text_credentials", kSec},
    AlertType{Entity::Flow, 37, "ndpi_dns_large_packet", kSec},
    AlertType{Entity::Flow, 38, "ndpi_dns_fragmented", kSec},
    AlertType{Entity::Flow, 39, "ndpi_invalid_characters", kSec},
    AlertType{Entity::Flow, 40, "ndpi_possible_exploit", kSec},
    AlertType{Entity::Flow, 41, "ndpi_tls_certificate_about_to_expire", kSec},
    AlertType{Entity::Flow, flow_alert::kElephantFlow, "elephant_flow", kSec},
    AlertType{Entity::Flow, flow_alert::kBlacklistedClientContact, "blacklisted_client_contact", kSec},
    AlertType{Entity::Flow, flow_alert::kLongLived, "longlived", kSec},
    AlertType{Entity::Flow, flow_alert::kBlacklistedServerContact, "blacklisted_server_contact", kSec},
    AlertType{Entity::Flow, flow_alert::kUnexpectedDhcpServer, "unexpected_dhcp_server", kSec},
    AlertType{Entity::Flow, flow_alert::kUnexpectedDnsServer, "unexpected_dns_server", kSec},
    AlertType{Entity::Flow, flow_alert::kUnexpectedNtpServer, "unexpected_ntp_server", kSec},
    AlertType{Entity::Flow, flow_alert::kRemoteToLocalInsecureProto, "remote_to_local_insecure_proto", kSec},
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
  if (risk_id <= 0 || risk_id >= flow_alert::kFlowCheckBase) return nullptr;
  return find_alert_type(Entity::Flow, static_cast<uint16_t>(risk_id));
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
    return type.id < flow_alert::kFlowCheckBase ? std::string(dpi::risk_info(type.id).name)
                                                : flow_check_label(type.id);
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
