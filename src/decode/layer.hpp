#pragma once

#include <cstddef>
#include <cstdint>

namespace netmeter::decode {

/// Every protocol netmeter has a decoder for, plus the two ends of a decode chain.
enum class Layer : uint8_t {
  Ethernet,
  LlcSnap,
  Vlan,
  Mpls,
  Pppoe,
  Ppp,
  CiscoHdlc,
  Arp,
  Ipv4,
  Ipv6,
  IpAuto,  ///< raw IP: version nibble decides
  Tcp,
  Udp,
  Icmp,
  Icmpv6,
  Sctp,
  Gre,
  Vxlan,
  GtpU,
  LinuxSll,
  LinuxSll2,
  Null,
  Loop,
  Radiotap,
  Ieee80211,
  Ieee80211Swapped,  ///< 802.11 with its frame control bytes swapped (CAPWAP from Cisco controllers)
  Geneve,
  Teredo,
  Ayiya,
  Capwap,
  L2tp,      ///< L2TPv2 and v3 over UDP
  L2tpv3Ip,  ///< L2TPv3 over IP (protocol 115)
  Pbb,
  VnTag,
  ETag,
  Nsh,
  VxlanGpe,
  Erspan3,
  MplsUdp,
  FabricPath,
  Fddi,
  Nflog,
  Ipoib,
  Pflog,
  Enc,
  kCount,
  End,  ///< nothing more to decode (payload, or a protocol netmeter does not dissect)
};

constexpr size_t kLayerCount = static_cast<size_t>(Layer::kCount);

}  // namespace netmeter::decode
