#include "core/link_type.hpp"

namespace netmeter::core {

// DLT numbers as libpcap reports them on Linux (pcap/dlt.h); kept numeric so core needs no libpcap.
std::optional<LinkType> link_type_from_dlt(int dlt) {
  switch (dlt) {
    case 0:
      return LinkType::Null;
    case 1:
      return LinkType::Ethernet;
    case 9:
    case 50:  // DLT_PPP_SERIAL: PPP in HDLC-like framing, which the PPP decoder reads
      return LinkType::Ppp;
    case 10:
      return LinkType::Fddi;
    case 51:
      return LinkType::PppoeSession;
    case 109:
      return LinkType::Enc;
    case 117:
      return LinkType::Pflog;
    case 239:
      return LinkType::Nflog;
    case 242:
      return LinkType::Ipoib;
    case 12:
    case 14:
    case 101:
      return LinkType::Raw;
    case 104:
      return LinkType::CiscoHdlc;
    case 105:
      return LinkType::Ieee80211;
    case 108:
      return LinkType::Loop;
    case 113:
      return LinkType::LinuxSll;
    case 127:
      return LinkType::Radiotap;
    case 228:
      return LinkType::Ipv4;
    case 229:
      return LinkType::Ipv6;
    case 276:
      return LinkType::LinuxSll2;
    default:
      return std::nullopt;
  }
}

std::string_view link_type_name(LinkType t) {
  switch (t) {
    case LinkType::Ethernet:
      return "ethernet";
    case LinkType::LinuxSll:
      return "linux_sll";
    case LinkType::LinuxSll2:
      return "linux_sll2";
    case LinkType::Raw:
      return "raw";
    case LinkType::Ipv4:
      return "raw_ipv4";
    case LinkType::Ipv6:
      return "raw_ipv6";
    case LinkType::Null:
      return "null";
    case LinkType::Loop:
      return "loop";
    case LinkType::Radiotap:
      return "radiotap_80211";
    case LinkType::Ieee80211:
      return "ieee80211";
    case LinkType::Ppp:
      return "ppp";
    case LinkType::CiscoHdlc:
      return "cisco_hdlc";
    case LinkType::Fddi:
      return "fddi";
    case LinkType::PppoeSession:
      return "pppoe_session";
    case LinkType::Pflog:
      return "pflog";
    case LinkType::Enc:
      return "enc";
    case LinkType::Nflog:
      return "nflog";
    case LinkType::Ipoib:
      return "ipoib";
  }
  return "unknown";
}

}  // namespace netmeter::core
