#include "filter/l4_protocol.hpp"

#include <array>

#include "filter/text.hpp"

namespace netmeter::filter {
namespace {

struct NamedProtocol {
  std::string_view name;
  uint8_t number;
};

// IANA protocol numbers; the names are those network tools print.
constexpr std::array<NamedProtocol, 17> kProtocols{{
    {"ICMP", 1},
    {"IGMP", 2},
    {"IPIP", 4},
    {"TCP", 6},
    {"UDP", 17},
    {"IPv6", 41},
    {"RSVP", 46},
    {"GRE", 47},
    {"ESP", 50},
    {"AH", 51},
    {"ICMPv6", 58},
    {"EIGRP", 88},
    {"OSPF", 89},
    {"PIM", 103},
    {"VRRP", 112},
    {"SCTP", 132},
    {"UDPLite", 136},
}};

}  // namespace

std::optional<uint8_t> l4_protocol_from_text(std::string_view text) {
  for (const NamedProtocol& p : kProtocols)
    if (iequals(p.name, text)) return p.number;
  if (auto n = parse_decimal(text, 255)) return static_cast<uint8_t>(*n);
  return std::nullopt;
}

std::string_view l4_protocol_name(uint8_t protocol) {
  for (const NamedProtocol& p : kProtocols)
    if (p.number == protocol) return p.name;
  return {};
}

std::string_view l4_protocol_list() {
  return "ICMP, IGMP, IPIP, TCP, UDP, IPv6, RSVP, GRE, ESP, AH, ICMPv6, EIGRP, OSPF, PIM, VRRP, SCTP, "
         "UDPLite";
}

}  // namespace netmeter::filter
