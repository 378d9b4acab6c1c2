#pragma once

#include <boost/json.hpp>
#include <functional>
#include <string>
#include <string_view>

#include "query/query_service.hpp"

namespace netmeter::api::allegro {

// The JSON and CSV of the MAC, MAC-protocol (EtherType) and ARP modules' items (docs/allegro/mac.md names
// every field).

/// Which addresses a caller may see; empty: all.
using Visibility = std::function<bool(const core::IpAddress&)>;

/// An element of `mac_paged`: address, vendor, activity, the four counters, its visible addresses,
/// VLANs and ARP counts.
boost::json::object mac_item_json(const query::MacItem& m, const Visibility& visible);
/// `macs/:mac`: the element plus the EtherTypes it sent.
boost::json::object mac_detail_json(const query::MacItem& m, const Visibility& visible);
/// `-1` for untagged frames (VLAN id 0), else the id: Allegro's `outerVlanTag`.
int outer_vlan_tag(uint16_t vlan);

boost::json::object ethertype_json(const query::EtherTypeItem& e, bool with_macs);
boost::json::object mac_peer_json(const query::MacPeerItem& p);
boost::json::object arp_counts_json(const stats::ArpCounts& c);
boost::json::object arp_host_json(const query::ArpHostItem& h);
boost::json::object arp_mac_json(const query::ArpMacItem& m);

// CSV columns and rows (without the line end) of the lists.
inline constexpr std::string_view kMacCsvHeader =
    "mac,vendor,firstActivity,lastActivity,rxPackets,rxBytes,txPackets,txBytes,ips";
void mac_csv_row(std::string& out, const query::MacItem& m, bool interval, const Visibility& visible);
inline constexpr std::string_view kEtherTypeCsvHeader =
    "ethertype,protocol,rxPackets,rxBytes,txPackets,txBytes,macs";
void ethertype_csv_row(std::string& out, const query::EtherTypeItem& e);
inline constexpr std::string_view kMacPeerCsvHeader =
    "mac,vendor,dhcpHostName,ips,rxPackets,rxBytes,txPackets,txBytes,connections,firstActivity,lastActivity";
void mac_peer_csv_row(std::string& out, const query::MacPeerItem& p);
inline constexpr std::string_view kArpHostCsvHeader = "ip,vlan,name,mac,requests,replies,gratuitous";
void arp_host_csv_row(std::string& out, const query::ArpHostItem& h);
inline constexpr std::string_view kArpMacCsvHeader = "mac,vendor,ips,requests,replies,gratuitous";
void arp_mac_csv_row(std::string& out, const query::ArpMacItem& m);

}  // namespace netmeter::api::allegro
