#include "stats/module_recorders.hpp"

namespace netmeter::stats {

void record_ip_classes(const PacketView& v, ShardDelta& d) {
  const auto& p = v.pkt;
  d.dscp[p.dscp & 63].add_rx(p.wire_len);
  d.sizes[size_bin(p.wire_len)].add_rx(p.wire_len);
  if ((p.l4_proto == decode::ip_proto::kIcmp || p.l4_proto == decode::ip_proto::kIcmpv6) && p.has_l4)
    d.icmp[icmp_key(p.l4_proto == decode::ip_proto::kIcmpv6, p.icmp_type, p.icmp_code)].add_rx(p.wire_len);
  if (p.dst_ip.is_multicast()) d.multicast[{p.dst_ip, p.vlan_inner}].add_rx(p.wire_len);
}

void record_server_port(const PacketView& v, ShardDelta& d) {
  const flow::Flow& f = *v.flow;
  if (f.key.l4 != decode::ip_proto::kTcp && f.key.l4 != decode::ip_proto::kUdp) return;
  Traffic& t = d.ports[port_key(f.key.l4, f.server().port)];
  if (v.direction == flow::Flow::kClientToServer)
    t.add_rx(v.pkt.wire_len);
  else
    t.add_tx(v.pkt.wire_len);
}

}  // namespace netmeter::stats
