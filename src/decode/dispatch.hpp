#pragma once

#include <cstdint>

#include "decode/layer.hpp"

namespace netmeter::decode {

/// The tables that pick the next decoder.
Layer layer_for_ethertype(uint16_t ethertype);
Layer layer_for_ip_proto(uint8_t proto);
Layer layer_for_udp_ports(uint16_t src_port, uint16_t dst_port);
Layer layer_for_ppp_protocol(uint16_t protocol);
/// NSH and VXLAN-GPE next protocol field.
Layer layer_for_nsh_next_protocol(uint8_t next);
/// Raw IP payloads (MPLS, GTP-U): the version nibble decides.
Layer layer_for_ip_version(uint8_t first_byte);

namespace port {
constexpr uint16_t kVxlan = 4789;
constexpr uint16_t kGtpU = 2152;
constexpr uint16_t kGeneve = 6081;
constexpr uint16_t kTeredo = 3544;
constexpr uint16_t kAyiya = 5072;
constexpr uint16_t kCapwapData = 5247;  ///< CAPWAP control (5246) is not decapsulated
constexpr uint16_t kL2tp = 1701;
constexpr uint16_t kVxlanGpe = 4790;
constexpr uint16_t kMplsUdp = 6635;
}  // namespace port

}  // namespace netmeter::decode
