#include "core/ip_protocol.hpp"

namespace netmeter::core {

std::string ip_protocol_name(uint8_t protocol) {
  switch (protocol) {
    case 1:
      return "ICMP";
    case 6:
      return "TCP";
    case 17:
      return "UDP";
    case 47:
      return "GRE";
    case 50:
      return "ESP";
    case 58:
      return "ICMPv6";
    case 132:
      return "SCTP";
    default:
      return std::to_string(protocol);
  }
}

}  // namespace netmeter::core
