#include "api/allegro/mac_json.hpp"

#include <algorithm>

#include "api/allegro/counters_json.hpp"
#include "api/common/csv_body.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;

namespace {

bool sees(const Visibility& visible, const core::IpAddress& ip) {
  return !visible || visible(ip);
}

/// The addresses the caller may see, in order (the store keeps them in the order they appeared).
std::vector<core::IpAddress> shown(const std::vector<core::IpAddress>& ips, const Visibility& visible) {
  std::vector<core::IpAddress> out;
  out.reserve(ips.size());
  for (const core::IpAddress& ip : ips)
    if (sees(visible, ip)) out.push_back(ip);
  std::sort(out.begin(), out.end());
  return out;
}

json::array ip_array(const std::vector<core::IpAddress>& ips, const Visibility& visible = {}) {
  json::array out;
  for (const core::IpAddress& ip : shown(ips, visible))
    out.emplace_back(ip.to_string());
  return out;
}

void put_activity(json::object& o, int64_t first_ns, int64_t last_ns) {
  o["firstActivity"] = epoch_s(first_ns);
  o["lastActivity"] = epoch_s(last_ns);
}

/// The addresses as one CSV field, separated by spaces.
void ips_field(std::string& out, const std::vector<core::IpAddress>& ips, const Visibility& visible = {}) {
  std::string joined;
  for (const core::IpAddress& ip : shown(ips, visible)) {
    if (!joined.empty()) joined.push_back(' ');
    joined += ip.to_string();
  }
  csv_field(out, joined);
}

void numbers(std::string& out, std::initializer_list<uint64_t> values) {
  for (uint64_t v : values) {
    out.push_back(',');
    csv_number(out, v);
  }
}

}  // namespace

int outer_vlan_tag(uint16_t vlan) {
  return vlan == 0 ? -1 : vlan;
}

json::object mac_item_json(const query::MacItem& m, const Visibility& visible) {
  json::object o;
  o["mac"] = stats::mac_to_string(m.mac);
  o["vendor"] = m.vendor;
  o["isBroadcast"] = stats::mac_is_broadcast(m.mac);
  o["isMulticast"] = stats::mac_is_multicast(m.mac);
  put_activity(o, m.first_ns, m.last_ns);
  put_counters(o, m.traffic);
  o["ips"] = ip_array(m.ips, visible);
  if (m.ips_truncated) o["ipsTruncated"] = true;  // the first 1024 addresses only
  json::array vlans;
  std::vector<uint16_t> ids = m.vlans;
  std::sort(ids.begin(), ids.end());
  for (uint16_t v : ids)
    vlans.emplace_back(outer_vlan_tag(v));
  o["outerVlanTags"] = std::move(vlans);
  o["arp"] = arp_counts_json(m.arp);
  return o;
}

json::object mac_detail_json(const query::MacItem& m, const Visibility& visible) {
  json::object o = mac_item_json(m, visible);
  std::vector<std::pair<uint16_t, stats::Traffic>> types = m.ethertypes;
  std::sort(types.begin(), types.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  json::array protocols;
  for (const auto& [type, t] : types)
    protocols.push_back(ethertype_json({type, query::ethertype_name(type), t, 0}, false));
  o["protocols"] = std::move(protocols);
  return o;
}

json::object ethertype_json(const query::EtherTypeItem& e, bool with_macs) {
  json::object o;
  o["protocol"] = e.name;
  o["ethertype"] = e.ethertype;
  o["allTime"] = counter_array(e.traffic);
  if (with_macs) o["numberOfMacs"] = e.macs;
  return o;
}

json::object mac_peer_json(const query::MacPeerItem& p) {
  json::object o;
  o["mac"] = stats::mac_to_string(p.mac);
  o["vendor"] = p.vendor;
  o["dhcpHostName"] = p.dhcp_name;
  o["ips"] = ip_array(p.ips);
  o["allTime"] = counter_array(p.traffic);
  o["connections"] = p.connections;
  o["activeConnections"] = p.active_connections;
  put_activity(o, p.first_ns, p.last_ns);
  return o;
}

json::object arp_counts_json(const stats::ArpCounts& c) {
  return {{"requests", c.requests}, {"replies", c.replies}, {"gratuitous", c.gratuitous}};
}

json::object arp_host_json(const query::ArpHostItem& h) {
  json::object o = arp_counts_json(h.arp);
  o["ip"] = h.host.ip.to_string();
  o["vlan"] = h.host.vlan;
  o["name"] = h.name;
  o["mac"] = h.mac ? json::value(stats::mac_to_string(h.mac)) : json::value(nullptr);
  return o;
}

json::object arp_mac_json(const query::ArpMacItem& m) {
  json::object o = arp_counts_json(m.arp);
  o["mac"] = stats::mac_to_string(m.mac);
  o["vendor"] = m.vendor;
  o["ips"] = ip_array(m.ips);
  return o;
}

void mac_csv_row(std::string& out, const query::MacItem& m, bool interval, const Visibility& visible) {
  out.append(stats::mac_to_string(m.mac));
  out.push_back(',');
  csv_field(out, m.vendor);
  numbers(out, {static_cast<uint64_t>(epoch_s(m.first_ns)), static_cast<uint64_t>(epoch_s(m.last_ns))});
  csv_traffic_fields(out, interval ? m.traffic.interval : m.traffic.all_time);
  out.push_back(',');
  ips_field(out, m.ips, visible);
}

void ethertype_csv_row(std::string& out, const query::EtherTypeItem& e) {
  csv_number(out, uint64_t{e.ethertype});
  out.push_back(',');
  csv_field(out, e.name);
  csv_traffic_fields(out, e.traffic);
  numbers(out, {e.macs});
}

void mac_peer_csv_row(std::string& out, const query::MacPeerItem& p) {
  out.append(stats::mac_to_string(p.mac));
  out.push_back(',');
  csv_field(out, p.vendor);
  out.push_back(',');
  csv_field(out, p.dhcp_name);
  out.push_back(',');
  ips_field(out, p.ips);
  csv_traffic_fields(out, p.traffic);
  numbers(out, {p.connections, static_cast<uint64_t>(epoch_s(p.first_ns)),
                static_cast<uint64_t>(epoch_s(p.last_ns))});
}

void arp_host_csv_row(std::string& out, const query::ArpHostItem& h) {
  csv_field(out, h.host.ip.to_string());
  numbers(out, {h.host.vlan});
  out.push_back(',');
  csv_field(out, h.name);
  out.push_back(',');
  if (h.mac) out.append(stats::mac_to_string(h.mac));
  numbers(out, {h.arp.requests, h.arp.replies, h.arp.gratuitous});
}

void arp_mac_csv_row(std::string& out, const query::ArpMacItem& m) {
  out.append(stats::mac_to_string(m.mac));
  out.push_back(',');
  csv_field(out, m.vendor);
  out.push_back(',');
  ips_field(out, m.ips);
  numbers(out, {m.arp.requests, m.arp.replies, m.arp.gratuitous});
}

}  // namespace netmeter::api::allegro
