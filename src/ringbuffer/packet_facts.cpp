#include "ringbuffer/packet_facts.hpp"

namespace netmeter::ringbuffer {

namespace {

bool carries_ports(const decode::DecodedPacket& p) {
  if (!p.has_l4) return false;
  if (p.is_fragment && !p.first_fragment) return false;
  return p.l4_proto == decode::ip_proto::kTcp || p.l4_proto == decode::ip_proto::kUdp ||
         p.l4_proto == decode::ip_proto::kSctp;
}

filter::MacAddress mac_of(const std::array<uint8_t, 6>& bytes) {
  filter::MacAddress m;
  m.bytes = bytes;
  return m;
}

}  // namespace

void PacketInspector::inspect(std::span<const std::byte> frame, uint32_t wire_len, PacketFacts& out) {
  decode::DecodedPacket p;
  p.caplen = static_cast<uint32_t>(frame.size());
  p.wire_len = wire_len;
  dissector_.decode({reinterpret_cast<const uint8_t*>(frame.data()), frame.size()}, p, anomalies_);
  filter::Subject& s = out.subject;
  s = {};
  if (p.has_mac) {
    s.src.mac = mac_of(p.src_mac);
    s.dst.mac = mac_of(p.dst_mac);
  }
  s.vlan_count = std::min<uint8_t>(p.vlan_count, 2);
  if (p.vlan_count >= 1) s.vlans[0] = p.vlan_outer;
  if (p.vlan_count >= 2) s.vlans[1] = p.vlan_inner;
  out.has_flow = p.has_ip;
  if (!p.has_ip) return;
  s.src.ip = p.src_ip;
  s.dst.ip = p.dst_ip;
  s.l4 = p.l4_proto;
  s.has_ports = carries_ports(p);
  if (s.has_ports) {
    s.src.port = p.src_port;
    s.dst.port = p.dst_port;
  }
  bool swapped = false;
  out.flow =
      core::FlowKey::make({p.src_ip, s.src.port}, {p.dst_ip, s.dst.port}, p.vlan_inner, p.l4_proto, swapped);
}

}  // namespace netmeter::ringbuffer
