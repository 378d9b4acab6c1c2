#include "decode/dispatch.hpp"

#include "decode/decoded_packet.hpp"

namespace netmeter::decode {

Layer layer_for_ethertype(uint16_t ethertype) {
  switch (ethertype) {
    case 0x0800:
      return Layer::Ipv4;
    case 0x86DD:
      return Layer::Ipv6;
    case 0x0806:
      return Layer::Arp;
    case 0x8100:
    case 0x88A8:
    case 0x9100:
      return Layer::Vlan;
    case 0x8847:
    case 0x8848:
      return Layer::Mpls;
    case 0x8864:
      return Layer::Pppoe;
    case 0x6558:
      return Layer::Ethernet;  // transparent Ethernet bridging (GRE)
    case 0x880B:
      return Layer::Ppp;  // PPTP's enhanced GRE
    case 0x88E7:
      return Layer::Pbb;
    case 0x8926:
      return Layer::VnTag;
    case 0x893F:
      return Layer::ETag;
    case 0x894F:
      return Layer::Nsh;
    case 0x8903:
      return Layer::FabricPath;
    default:
      return Layer::End;
  }
}

Layer layer_for_ip_proto(uint8_t proto) {
  switch (proto) {
    case ip_proto::kTcp:
      return Layer::Tcp;
    case ip_proto::kUdp:
      return Layer::Udp;
    case ip_proto::kIcmp:
      return Layer::Icmp;
    case ip_proto::kIcmpv6:
      return Layer::Icmpv6;
    case ip_proto::kSctp:
      return Layer::Sctp;
    case ip_proto::kGre:
      return Layer::Gre;
    case ip_proto::kIpv4:
      return Layer::Ipv4;
    case ip_proto::kIpv6:
      return Layer::Ipv6;
    case ip_proto::kL2tp:
      return Layer::L2tpv3Ip;
    default:
      return Layer::End;
  }
}

Layer layer_for_udp_ports(uint16_t src_port, uint16_t dst_port) {
  if (dst_port == port::kVxlan) return Layer::Vxlan;
  if (dst_port == port::kGtpU || src_port == port::kGtpU) return Layer::GtpU;
  if (dst_port == port::kGeneve) return Layer::Geneve;
  if (dst_port == port::kVxlanGpe) return Layer::VxlanGpe;
  if (dst_port == port::kMplsUdp) return Layer::MplsUdp;
  auto either = [&](uint16_t p) { return src_port == p || dst_port == p; };
  if (either(port::kTeredo)) return Layer::Teredo;
  if (either(port::kCapwapData)) return Layer::Capwap;
  if (either(port::kL2tp)) return Layer::L2tp;
  if (either(port::kAyiya)) return Layer::Ayiya;
  return Layer::End;
}

Layer layer_for_nsh_next_protocol(uint8_t next) {
  switch (next) {
    case 1:
      return Layer::Ipv4;
    case 2:
      return Layer::Ipv6;
    case 3:
      return Layer::Ethernet;
    case 4:
      return Layer::Nsh;
    case 5:
      return Layer::Mpls;
    default:
      return Layer::End;
  }
}

Layer layer_for_ppp_protocol(uint16_t protocol) {
  switch (protocol) {
    case 0x0021:
      return Layer::Ipv4;
    case 0x0057:
      return Layer::Ipv6;
    case 0x0281:
      return Layer::Mpls;
    default:
      return Layer::End;
  }
}

Layer layer_for_ip_version(uint8_t first_byte) {
  switch (first_byte >> 4) {
    case 4:
      return Layer::Ipv4;
    case 6:
      return Layer::Ipv6;
    default:
      return Layer::End;
  }
}

}  // namespace netmeter::decode
