#pragma once

#include "decode/decoded_packet.hpp"
#include "flow/flow.hpp"

namespace netmeter::flow {

/// Follows a TCP connection from its packets: state, handshake RTTs, and per direction the
/// retransmissions, out-of-order segments, gaps (lost segments) and zero windows.
///
/// A segment that starts beyond the expected sequence number opens a gap (counted as lost). A segment
/// that starts before it is a retransmission, unless it fills a gap opened less than `reorder_window_ns`
/// earlier, in which case it arrived out of order.
class TcpTracker {
 public:
  static constexpr int64_t kReorderWindowNs = 3'000'000;  // 3 ms, as Wireshark's default heuristic

  static void on_packet(Flow& flow, const decode::DecodedPacket& pkt, int direction);
  /// TCP flows that saw FIN from both sides or a RST use the short idle timeout.
  static bool is_closed(const Flow& flow);

 private:
  static void update_state(TcpInfo& tcp, const decode::DecodedPacket& pkt, int direction);
  static void update_sequence(TcpDirection& d, const decode::DecodedPacket& pkt);
};

}  // namespace netmeter::flow
