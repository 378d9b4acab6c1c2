#include "stats/broadcast_domains.hpp"
#include "stats/module_recorders.hpp"

namespace netmeter::stats {

void record_arp(const PacketView& v, ShardDelta& d) {
  const auto& p = v.pkt;
  ArpCounts c;
  if (p.arp_op == 1) ++c.requests;
  if (p.arp_op == 2) ++c.replies;
  if (!p.arp_sender_ip.empty() && p.arp_sender_ip == p.arp_target_ip) ++c.gratuitous;
  d.arp.total += c;
  if (!p.arp_sender_ip.empty()) d.arp.by_ip[{p.arp_sender_ip, p.vlan_inner}] += c;
  if (p.has_mac) d.arp.by_mac[mac_key(p.src_mac)] += c;
  if (p.has_mac && !p.arp_sender_ip.empty())
    d.arp.sender_macs[{p.arp_sender_ip, p.vlan_inner}].note(mac_key(p.src_mac));
  if (auto domain = broadcast_domain(p.arp_sender_ip, p.arp_target_ip)) ++d.arp.domains[domain_key(*domain)];
}

}  // namespace netmeter::stats
