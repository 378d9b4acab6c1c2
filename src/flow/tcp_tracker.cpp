#include "flow/tcp_tracker.hpp"

namespace netmeter::flow {

namespace {
using namespace decode::tcp_flag;

// Signed distance between sequence numbers, modulo 2^32.
int32_t seq_diff(uint32_t a, uint32_t b) {
  return static_cast<int32_t>(a - b);
}
}  // namespace

void TcpTracker::on_packet(Flow& flow, const decode::DecodedPacket& pkt, int direction) {
  TcpInfo& tcp = flow.tcp;
  tcp.flags_seen[direction] |= pkt.tcp_flags;
  update_state(tcp, pkt, direction);
  if (pkt.tcp_window == 0 && !(pkt.tcp_flags & (kSyn | kRst | kFin))) ++tcp.dir[direction].zero_windows;
  update_sequence(tcp.dir[direction], pkt);
}

void TcpTracker::update_state(TcpInfo& tcp, const decode::DecodedPacket& pkt, int direction) {
  uint8_t f = pkt.tcp_flags;
  if (f & kRst) {
    tcp.state = TcpState::Reset;
    return;
  }
  bool syn = f & kSyn, ack = f & kAck;
  if (syn && !ack && direction == Flow::kClientToServer) {
    if (tcp.state == TcpState::None) tcp.state = TcpState::SynSent;
    tcp.syn_time = pkt.ts;  // the last SYN: retransmitted SYNs restart the clock
  } else if (syn && ack && direction == Flow::kServerToClient) {
    if (tcp.state == TcpState::SynSent || tcp.state == TcpState::None) tcp.state = TcpState::SynReceived;
    if (tcp.syn_time.ns != 0 && tcp.server_rtt_ns < 0) tcp.server_rtt_ns = pkt.ts - tcp.syn_time;
    tcp.synack_time = pkt.ts;
  } else if (ack && !syn && direction == Flow::kClientToServer && tcp.state == TcpState::SynReceived) {
    tcp.state = TcpState::Established;
    if (tcp.client_rtt_ns < 0 && tcp.synack_time.ns != 0) tcp.client_rtt_ns = pkt.ts - tcp.synack_time;
  } else if (tcp.state == TcpState::None) {
    tcp.state = TcpState::Midstream;
  }
  if (f & kFin) {
    tcp.dir[direction].fin_seen = true;
    bool both = tcp.dir[0].fin_seen && tcp.dir[1].fin_seen;
    if (tcp.state != TcpState::Reset) tcp.state = both ? TcpState::Closed : TcpState::Closing;
  }
}

void TcpTracker::update_sequence(TcpDirection& d, const decode::DecodedPacket& pkt) {
  uint32_t len = pkt.payload_len + ((pkt.tcp_flags & kSyn) ? 1 : 0) + ((pkt.tcp_flags & kFin) ? 1 : 0);
  if (!d.seq_known) {
    d.seq_known = true;
    d.next_seq = pkt.tcp_seq + len;
    return;
  }
  d.last_was_retransmission = false;
  if (len == 0) return;  // pure ACKs and window updates carry no sequence space
  int32_t delta = seq_diff(pkt.tcp_seq, d.next_seq);
  if (delta > 0) {
    ++d.lost;
    d.last_gap = pkt.ts;
    d.next_seq = pkt.tcp_seq + len;
  } else if (delta < 0) {
    bool fills_recent_gap = d.lost > 0 && d.last_gap.ns != 0 && (pkt.ts - d.last_gap) < kReorderWindowNs;
    if (fills_recent_gap)
      ++d.out_of_order;
    else
      ++d.retransmissions;
    d.last_was_retransmission = !fills_recent_gap;
    uint32_t end = pkt.tcp_seq + len;
    if (seq_diff(end, d.next_seq) > 0) d.next_seq = end;
  } else {
    d.next_seq = pkt.tcp_seq + len;
  }
}

bool TcpTracker::is_closed(const Flow& flow) {
  return flow.tcp.state == TcpState::Closed || flow.tcp.state == TcpState::Reset;
}

}  // namespace netmeter::flow
