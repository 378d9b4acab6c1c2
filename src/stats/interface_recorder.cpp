#include "stats/module_recorders.hpp"

namespace netmeter::stats {

void record_interface(const PacketView& v, const StatsConfig& config, ShardDelta& d) {
  const auto& p = v.pkt;
  InterfaceDelta& i = d.iface;
  int64_t ns = p.ts.ns;
  if (i.traffic.rx_packets == 0 || ns < i.first_ns) i.first_ns = ns;
  if (ns > i.last_ns) i.last_ns = ns;
  i.traffic.add_rx(p.wire_len);
  if (!p.has_ip) {
    ++i.non_ip_packets;
    return;
  }
  i.ip.add_rx(p.wire_len);
  bool src_local = core::in_any(config.local_networks, p.src_ip);
  bool dst_local = core::in_any(config.local_networks, p.dst_ip);
  Traffic& cell = src_local ? (dst_local ? i.local_to_local : i.local_to_remote)
                            : (dst_local ? i.remote_to_local : i.remote_to_remote);
  cell.add_rx(p.wire_len);
}

}  // namespace netmeter::stats
