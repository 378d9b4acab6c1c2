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
    default:
      return Layer::End;
  }
}

Layer layer_for_udp_ports(uint16_t src_port, uint16_t dst_port) {
  if (dst_port == port::kVxlan) return Layer::Vxlan;
  if (dst_port == port::kGtpU || src_port == port::kGtpU) return Layer::GtpU;
  return Layer::End;
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
