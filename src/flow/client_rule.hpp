#pragma once

#include "decode/decoded_packet.hpp"

namespace netmeter::flow {

/// Decides, from the first packet netmeter sees of a flow, whether its sender is the client.
/// - TCP SYN: the sender is the client. SYN-ACK: the receiver is.
/// - TCP seen mid-connection (no SYN): the side on a well-known port (< 1024) while the other is not is
///   the server; otherwise the sender is taken as the client.
/// - Everything else: the sender of the first packet is the client.
inline bool sender_is_client(const decode::DecodedPacket& pkt) {
  using namespace decode::tcp_flag;
  if (pkt.l4_proto != decode::ip_proto::kTcp || !pkt.has_l4) return true;
  bool syn = pkt.tcp_flags & kSyn, ack = pkt.tcp_flags & kAck;
  if (syn) return !ack;
  bool src_well_known = pkt.src_port < 1024, dst_well_known = pkt.dst_port < 1024;
  return !(src_well_known && !dst_well_known);
}

}  // namespace netmeter::flow
