#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/ip_address.hpp"
#include "core/timestamp.hpp"

namespace netmeter::decode {

/// Kinds of encapsulation whose outer layers netmeter strips and counts.
enum class TunnelType : uint8_t {
  None,
  Gre,
  Vxlan,
  GtpU,
  IpInIp,
  Geneve,
  Teredo,
  Ayiya,
  Capwap,
  L2tp,
  VxlanGpe,
  MplsUdp,
  kCount
};

constexpr size_t kTunnelTypeCount = static_cast<size_t>(TunnelType::kCount);

/// The name reports use ("gre", "ip_in_ip", ...).
constexpr const char* tunnel_type_name(TunnelType t) {
  constexpr const char* kNames[] = {"none",   "gre",   "vxlan",  "gtpu", "ip_in_ip",  "geneve",
                                    "teredo", "ayiya", "capwap", "l2tp", "vxlan_gpe", "mpls_udp"};
  static_assert(sizeof kNames / sizeof kNames[0] == kTunnelTypeCount);
  return kNames[static_cast<size_t>(t)];
}

/// Outer IP header of a tunnelled packet: counted, but flows and hosts see the inner packet.
struct OuterIp {
  core::IpAddress src;
  core::IpAddress dst;
  TunnelType tunnel = TunnelType::None;
};

/// What the decoders found in one frame. Offsets are from the start of the captured frame. The struct is
/// trivially copyable so the reader can hand it to a worker next to the frame bytes.
struct DecodedPacket {
  static constexpr int kMaxOuter = 3;

  core::Timestamp ts;
  uint32_t caplen = 0;
  uint32_t wire_len = 0;

  // Link layer.
  std::array<uint8_t, 6> src_mac{};
  std::array<uint8_t, 6> dst_mac{};
  bool has_mac = false;
  uint8_t vlan_count = 0;
  uint16_t vlan_outer = 0;
  uint16_t vlan_inner = 0;  ///< innermost tag; the flow key uses it
  uint8_t mpls_count = 0;
  bool pppoe = false;
  uint32_t mpls_top_label = 0;
  uint16_t ethertype = 0;  ///< of the innermost L2 payload; 0 when unknown

  // Network layer (innermost IP header).
  bool has_ip = false;
  uint8_t ip_version = 0;
  core::IpAddress src_ip;
  core::IpAddress dst_ip;
  uint8_t ttl = 0;
  uint8_t dscp = 0;
  uint8_t ecn = 0;
  uint8_t l4_proto = 0;
  uint32_t l3_offset = 0;
  uint32_t l3_len = 0;       ///< IP datagram length from its header (what the wire carried)
  bool is_fragment = false;  ///< any fragment: first (with more to come) or later
  bool first_fragment = false;
  uint32_t frag_id = 0;

  // Transport layer.
  bool has_l4 = false;  ///< ports (or ICMP type/code) were read
  uint8_t tcp_flags = 0;
  uint16_t src_port = 0;
  uint16_t dst_port = 0;
  uint16_t tcp_window = 0;
  uint32_t tcp_seq = 0;
  uint32_t tcp_ack = 0;
  uint8_t icmp_type = 0;
  uint8_t icmp_code = 0;
  uint32_t l4_offset = 0;
  uint32_t payload_len = 0;  ///< L4 payload bytes on the wire (from the IP length, not the capture)

  // Rarely present, so kept last: the reader does not copy this part when both flags are off, and a
  // reused DecodedPacket is not reset there (engine::PacketDecoder). A decoder that sets is_arp or adds an
  // outer layer writes that part whole; nothing reads it while both flags are off.
  bool is_arp = false;
  uint8_t outer_count = 0;

  // ARP.
  uint16_t arp_op = 0;
  core::IpAddress arp_sender_ip;
  core::IpAddress arp_target_ip;

  // Tunnels: outer IP layers, outermost first.
  std::array<OuterIp, kMaxOuter> outer{};

  /// Whether the ARP and tunnel fields carry anything.
  bool has_rare_fields() const { return is_arp || outer_count > 0; }
};

/// Bytes of DecodedPacket up to the rarely present fields.
constexpr size_t kDecodedPacketCommonBytes = offsetof(DecodedPacket, arp_op);

namespace tcp_flag {
constexpr uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10, kUrg = 0x20;
}

namespace ip_proto {
constexpr uint8_t kIcmp = 1, kIpv4 = 4, kTcp = 6, kUdp = 17, kIpv6 = 41, kGre = 47, kEsp = 50, kAh = 51,
                  kIcmpv6 = 58, kNoNext = 59, kL2tp = 115, kSctp = 132;
}

}  // namespace netmeter::decode
