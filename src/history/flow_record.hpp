#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace netmeter::history {

/// One stored flow: one row of the historical flow table (flow_columns.hpp names each field's column).
/// "Source" is the flow's client, "destination" its server, as ntopng stores them.
struct FlowRecord {
  uint64_t flow_id = 0;     ///< FLOW_ID: the engine's flow id (unique within a slot's run)
  uint8_t ip_version = 4;   ///< IP_PROTOCOL_VERSION
  uint32_t first_seen = 0;  ///< FIRST_SEEN, epoch s
  uint32_t last_seen = 0;   ///< LAST_SEEN, epoch s
  uint16_t vlan = 0;
  uint64_t src2dst_bytes = 0, dst2src_bytes = 0;
  uint64_t src2dst_packets = 0, dst2src_packets = 0;
  uint8_t protocol = 0;                            ///< L4 protocol number
  uint32_t ipv4_src = 0, ipv4_dst = 0;             ///< host order; 0 for IPv6 flows
  std::array<uint8_t, 16> ipv6_src{}, ipv6_dst{};  ///< all zero for IPv4 flows, as ntopng stores them
  uint16_t src_port = 0, dst_port = 0;
  uint16_t l7_proto = 0, l7_master = 0, l7_category = 0;  ///< nDPI numbers
  uint8_t l7_breed = 0;
  uint64_t flow_risk = 0;                     ///< nDPI risk bitmap
  std::string info;                           ///< server name (TLS SNI, HTTP Host, DNS query)
  uint16_t interface_id = 0;                  ///< the analysis slot
  uint16_t status = 0;                        ///< the flow alert type id it raised, 0 if none
  uint16_t src_country = 0, dst_country = 0;  ///< two ASCII letters, first in the high byte; 0 unknown
  uint32_t src_asn = 0, dst_asn = 0;
  uint8_t src2dst_tcp_flags = 0, dst2src_tcp_flags = 0;
  uint16_t score = 0;
  uint32_t client_latency_us = 0, server_latency_us = 0;
  uint32_t src2dst_retransmissions = 0, dst2src_retransmissions = 0;
  uint32_t src2dst_out_of_order = 0, dst2src_out_of_order = 0;
  uint8_t end_reason = 0;  ///< flow::EndReason: 0 still active (periodic export of a long-lived flow)

  uint64_t total_bytes() const { return src2dst_bytes + dst2src_bytes; }
  uint64_t packets() const { return src2dst_packets + dst2src_packets; }
};

}  // namespace netmeter::history
