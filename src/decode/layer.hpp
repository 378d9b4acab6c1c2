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
  kCount,
  End,  ///< nothing more to decode (payload, or a protocol netmeter does not dissect)
};

constexpr size_t kLayerCount = static_cast<size_t>(Layer::kCount);

}  // namespace netmeter::decode
