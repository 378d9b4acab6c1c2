#include "stats/dhcp_stats.hpp"

#include <algorithm>

#include "l7/dhcp_parser.hpp"

namespace netmeter::stats {

namespace {

using l7::DhcpMessageType;

void count_server(const L7Event& e, DhcpStats& dhcp, DhcpMessageType type, const StatsConfig& config) {
  bool reply = type == DhcpMessageType::Offer || type == DhcpMessageType::Ack || type == DhcpMessageType::Nak;
  bool named_request = type == DhcpMessageType::Request && (e.flags & L7Event::kHasServerId);
  if (!reply && !named_request) return;
  auto it = dhcp.servers.find(e.server);
  if (it == dhcp.servers.end()) {
    if (dhcp.servers.size() >= config.l7_max_servers) {
      ++dhcp.servers_refused;
      return;
    }
    it = dhcp.servers.emplace(e.server, DhcpServerStats{}).first;
  }
  DhcpServerStats& s = it->second;
  if (type == DhcpMessageType::Offer) ++s.offers;
  if (type == DhcpMessageType::Ack) ++s.acks;
  if (type == DhcpMessageType::Nak) ++s.naks;
  if (named_request) ++s.requests;
}

DhcpLease* lease_entry(DhcpStats& dhcp, MacKey mac, const StatsConfig& config) {
  auto it = dhcp.leases.find(mac);
  if (it != dhcp.leases.end()) return &it->second;
  if (dhcp.leases.size() >= config.l7_max_dhcp_leases) {
    ++dhcp.leases_refused;
    return nullptr;
  }
  return &dhcp.leases[mac];
}

}  // namespace

const DhcpLease* apply_dhcp(const L7Event& e, DhcpStats& dhcp, const StatsConfig& config) {
  ++dhcp.messages;
  auto type = static_cast<DhcpMessageType>(e.code);
  ++dhcp.message_types[std::min<size_t>(e.code, dhcp.message_types.size() - 1)];
  count_server(e, dhcp, type, config);
  if (!(e.flags & L7Event::kHasMac)) return nullptr;
  DhcpLease* l = lease_entry(dhcp, e.mac, config);
  if (!l) return nullptr;
  if (l->first_seen_ns == 0) l->first_seen_ns = e.ts_ns;
  l->last_seen_ns = e.ts_ns;
  l->last_type = static_cast<uint8_t>(e.code);
  // The client's own messages name it; a server's echo of option 12 only fills a gap.
  bool from_server = type == DhcpMessageType::Offer || type == DhcpMessageType::Ack;
  if (e.name_len && (!from_server || l->host_name.empty())) l->host_name.assign(e.name_view());
  bool has_address = e.flags & L7Event::kHasClientAddress;
  if (type == DhcpMessageType::Ack && has_address) {
    l->address = e.addresses[0];
    l->acked_ns = e.ts_ns;
    if (e.flags & L7Event::kHasLease) l->lease_seconds = e.lease_seconds;
    l->server = (e.flags & L7Event::kHasServerId) ? e.addresses[1] : e.server.ip;
  } else if (type == DhcpMessageType::Inform && has_address && l->address.empty()) {
    l->address = e.addresses[0];
  }
  return l;
}

}  // namespace netmeter::stats
