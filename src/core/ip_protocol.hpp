#pragma once

#include <cstdint>
#include <string>

namespace netmeter::core {

/// "TCP", "UDP", "ICMP", "ICMPv6", "SCTP", "GRE", "ESP", or the number as text.
std::string ip_protocol_name(uint8_t protocol);

}  // namespace netmeter::core
