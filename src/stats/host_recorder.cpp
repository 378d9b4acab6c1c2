#include "stats/module_recorders.hpp"

namespace netmeter::stats {

namespace {

void count_tcp_flags(uint8_t flags, HostDelta& h) {
  using decode::tcp_flag::kAck, decode::tcp_flag::kSyn, decode::tcp_flag::kFin, decode::tcp_flag::kRst,
      decode::tcp_flag::kPsh, decode::tcp_flag::kUrg;
  auto inc = [&](TcpFlagCount c) { ++h.tcp_flags[static_cast<size_t>(c)]; };
  if (flags & kSyn) inc((flags & kAck) ? TcpFlagCount::SynAck : TcpFlagCount::Syn);
  if (flags & kFin) inc(TcpFlagCount::Fin);
  if (flags & kRst) inc(TcpFlagCount::Rst);
  if (flags & kPsh) inc(TcpFlagCount::Psh);
  if (flags & kUrg) inc(TcpFlagCount::Urg);
}

void note_mac(HostDelta& h, const HostKey& host, MacKey mac, ShardDelta& d) {
  if (h.macs[0] == mac || h.macs[1] == mac) return;
  if (h.macs[0] == 0) {
    h.macs[0] = mac;
  } else if (h.macs[1] == 0) {
    h.macs[1] = mac;
  } else {
    d.host_macs[{host, mac}] = true;  // rare: a third MAC in one delta
  }
}

}  // namespace

void record_hosts(const PacketView& v, ShardDelta& d) {
  const auto& p = v.pkt;
  int64_t ns = p.ts.ns;
  const bool is_icmp = p.l4_proto == decode::ip_proto::kIcmp || p.l4_proto == decode::ip_proto::kIcmpv6;
  {
    // The sender. (A reference into the map is not kept across the next insertion, which may grow it.)
    const HostKey sender{p.src_ip, p.vlan_inner};
    HostDelta& s = host_entry(d.hosts, sender, v, v.from_server());
    s.traffic.add_tx(p.wire_len);
    s.seen(ns);
    s.ttl_sum += p.ttl;
    ++s.ttl_count;
    if (p.ttl < s.ttl_min) s.ttl_min = p.ttl;
    if (p.ttl > s.ttl_max) s.ttl_max = p.ttl;
    ++s.sizes[size_bin(p.wire_len)];
    if (p.l4_proto == decode::ip_proto::kTcp && p.has_l4) count_tcp_flags(p.tcp_flags, s);
    if (is_icmp) ++s.icmp_sent;
    if (p.has_mac) note_mac(s, sender, mac_key(p.src_mac), d);
  }
  HostDelta& r = host_entry(d.hosts, HostKey{p.dst_ip, p.vlan_inner}, v, !v.from_server());
  r.traffic.add_rx(p.wire_len);
  r.seen(ns);
  if (p.has_mac && mac_is_broadcast(mac_key(p.dst_mac))) r.broadcast = true;
  if (p.l4_proto == decode::ip_proto::kTcp && p.has_l4 && (p.tcp_flags & decode::tcp_flag::kSyn))
    ++((p.tcp_flags & decode::tcp_flag::kAck) ? r.synack_rcvd : r.syn_rcvd);
  if (is_icmp) ++r.icmp_rcvd;
  if (p.dscp != 0) {
    d.host_dscp[{{p.src_ip, p.vlan_inner}, p.dscp}].add_tx(p.wire_len);
    d.host_dscp[{{p.dst_ip, p.vlan_inner}, p.dscp}].add_rx(p.wire_len);
  }
}

}  // namespace netmeter::stats
