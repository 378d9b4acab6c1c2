#include "stats/module_recorders.hpp"

namespace netmeter::stats {

void record_link_layer(const PacketView& v, ShardDelta& d) {
  const auto& p = v.pkt;
  if (p.has_mac) {
    MacKey src = mac_key(p.src_mac);
    MacKey dst = mac_key(p.dst_mac);
    d.macs[src].add_tx(p.wire_len);
    d.macs[dst].add_rx(p.wire_len);
    uint16_t vlan = p.vlan_count ? p.vlan_outer : 0;
    d.mac_vlans[src << 12 | vlan].add_tx(p.wire_len);
    d.mac_ethertypes[src << 16 | p.ethertype].add_tx(p.wire_len);
  }
  if (p.vlan_count > 0) {
    d.vlans[vlan_key(0, p.vlan_outer)].add_rx(p.wire_len);
    if (p.vlan_count > 1) d.vlans[vlan_key(1, p.vlan_inner)].add_rx(p.wire_len);
  }
  if (p.mpls_count > 0) d.mpls[p.mpls_top_label].add_rx(p.wire_len);
}

}  // namespace netmeter::stats
