#pragma once

#include <optional>
#include <string_view>

namespace netmeter::core {

/// Link-layer framings netmeter decodes. Values are netmeter's own; `from_dlt` maps libpcap's DLT numbers.
enum class LinkType : uint8_t {
  Ethernet,
  LinuxSll,
  LinuxSll2,
  Raw,  ///< IPv4 or IPv6, told apart by the version nibble
  Ipv4,
  Ipv6,
  Null,      ///< BSD loopback, address family in host byte order
  Loop,      ///< OpenBSD loopback, address family in network byte order
  Radiotap,  ///< 802.11 with a radiotap header
  Ieee80211,
  Ppp,
  CiscoHdlc,
  Fddi,
  PppoeSession,  ///< PPPoE session header without Ethernet (DLT_PPP_ETHER)
  Pflog,
  Enc,
  Nflog,
  Ipoib,
};

/// The last LinkType value, for tables and loops over every link type.
constexpr LinkType kLastLinkType = LinkType::Ipoib;

/// Maps a libpcap DLT value to a supported link type; nullopt when netmeter cannot decode it.
std::optional<LinkType> link_type_from_dlt(int dlt);
std::string_view link_type_name(LinkType t);

}  // namespace netmeter::core
