#include "flow/tcp_tracker.hpp"

#include <gtest/gtest.h>

namespace netmeter::flow {
namespace {

using namespace decode::tcp_flag;

constexpr int kC2S = Flow::kClientToServer, kS2C = Flow::kServerToClient;
constexpr int64_t kT0 = 1'700'000'000LL * core::kNanosPerSecond;
constexpr int64_t kMs = 1'000'000;

struct Segment {
  int64_t at_ns;
  int dir;
  uint8_t flags;
  uint32_t seq;
  uint32_t len = 0;
  uint16_t window = 1000;
};

void feed(Flow& f, const Segment& s) {
  decode::DecodedPacket p;
  p.ts = core::Timestamp{kT0 + s.at_ns};
  p.has_ip = p.has_l4 = true;
  p.l4_proto = decode::ip_proto::kTcp;
  p.tcp_flags = s.flags;
  p.tcp_seq = s.seq;
  p.tcp_window = s.window;
  p.payload_len = s.len;
  TcpTracker::on_packet(f, p, s.dir);
}

// Client ISN 100, server ISN 5000: SYN at 0, SYN-ACK at 30 ms, ACK at 35 ms.
Flow handshake() {
  Flow f;
  feed(f, {0, kC2S, kSyn, 100});
  feed(f, {30 * kMs, kS2C, kSyn | kAck, 5000});
  feed(f, {35 * kMs, kC2S, kAck, 101});
  return f;
}

TEST(TcpTracker, HandshakeRtts) {
  Flow f = handshake();
  EXPECT_EQ(f.tcp.state, TcpState::Established);
  EXPECT_EQ(f.tcp.server_rtt_ns, 30 * kMs);
  EXPECT_EQ(f.tcp.client_rtt_ns, 5 * kMs);
  EXPECT_EQ(f.tcp.flags_seen[kC2S], kSyn | kAck);
  EXPECT_EQ(f.tcp.flags_seen[kS2C], kSyn | kAck);
  EXPECT_EQ(f.tcp.dir[kC2S].next_seq, 101u);
  EXPECT_EQ(f.tcp.dir[kS2C].next_seq, 5001u);
  for (const auto& d : f.tcp.dir) {
    EXPECT_EQ(d.retransmissions, 0u);
    EXPECT_EQ(d.lost, 0u);
    EXPECT_EQ(d.out_of_order, 0u);
  }
  EXPECT_FALSE(TcpTracker::is_closed(f));
}

TEST(TcpTracker, StatesThroughTheHandshake) {
  Flow f;
  feed(f, {0, kC2S, kSyn, 100});
  EXPECT_EQ(f.tcp.state, TcpState::SynSent);
  feed(f, {1 * kMs, kS2C, kSyn | kAck, 5000});
  EXPECT_EQ(f.tcp.state, TcpState::SynReceived);
}

TEST(TcpTracker, RetransmittedSynRestartsTheClock) {
  Flow f;
  feed(f, {0, kC2S, kSyn, 100});
  feed(f, {1000 * kMs, kC2S, kSyn, 100});
  feed(f, {1020 * kMs, kS2C, kSyn | kAck, 5000});
  EXPECT_EQ(f.tcp.server_rtt_ns, 20 * kMs);
  EXPECT_EQ(f.tcp.dir[kC2S].retransmissions, 1u);
}

TEST(TcpTracker, SynAckSeenFirstHasNoServerRtt) {
  Flow f;
  feed(f, {0, kS2C, kSyn | kAck, 5000});
  EXPECT_EQ(f.tcp.state, TcpState::SynReceived);
  feed(f, {7 * kMs, kC2S, kAck, 101});
  EXPECT_EQ(f.tcp.state, TcpState::Established);
  EXPECT_EQ(f.tcp.server_rtt_ns, -1);
  EXPECT_EQ(f.tcp.client_rtt_ns, 7 * kMs);
}

TEST(TcpTracker, MidstreamHasNoRtts) {
  Flow f;
  feed(f, {0, kC2S, kAck | kPsh, 77777, 100});
  EXPECT_EQ(f.tcp.state, TcpState::Midstream);
  EXPECT_EQ(f.tcp.server_rtt_ns, -1);
  EXPECT_EQ(f.tcp.client_rtt_ns, -1);
  EXPECT_EQ(f.tcp.dir[kC2S].next_seq, 77877u);
}

TEST(TcpTracker, Retransmission) {
  Flow f = handshake();
  feed(f, {40 * kMs, kC2S, kAck, 101, 100});
  feed(f, {240 * kMs, kC2S, kAck, 101, 100});
  EXPECT_EQ(f.tcp.dir[kC2S].retransmissions, 1u);
  EXPECT_EQ(f.tcp.dir[kC2S].out_of_order, 0u);
  EXPECT_EQ(f.tcp.dir[kC2S].lost, 0u);
  EXPECT_EQ(f.tcp.dir[kC2S].next_seq, 201u);
}

TEST(TcpTracker, TheLatestSegmentSaysWhetherItWasARetransmission) {
  Flow f = handshake();
  feed(f, {40 * kMs, kC2S, kAck, 101, 100});
  EXPECT_FALSE(f.tcp.dir[kC2S].last_was_retransmission);
  feed(f, {240 * kMs, kC2S, kAck, 101, 100});  // the same bytes again: payload parsers skip it
  EXPECT_TRUE(f.tcp.dir[kC2S].last_was_retransmission);
  feed(f, {241 * kMs, kC2S, kAck, 201, 100});
  EXPECT_FALSE(f.tcp.dir[kC2S].last_was_retransmission);
  feed(f, {242 * kMs, kC2S, kAck, 401, 100});  // a gap, then the hole filled at once: new data
  feed(f, {243 * kMs, kC2S, kAck, 301, 100});
  EXPECT_EQ(f.tcp.dir[kC2S].out_of_order, 1u);
  EXPECT_FALSE(f.tcp.dir[kC2S].last_was_retransmission);
}

TEST(TcpTracker, PartialRetransmissionExtendsTheSequence) {
  Flow f = handshake();
  feed(f, {40 * kMs, kC2S, kAck, 101, 100});
  feed(f, {240 * kMs, kC2S, kAck, 151, 100});  // 151..251 overlaps 151..201
  EXPECT_EQ(f.tcp.dir[kC2S].retransmissions, 1u);
  EXPECT_EQ(f.tcp.dir[kC2S].next_seq, 251u);
}

TEST(TcpTracker, GapFilledWithinThreeMillisecondsIsOutOfOrder) {
  Flow f = handshake();
  feed(f, {40 * kMs, kC2S, kAck, 101, 100});
  feed(f, {41 * kMs, kC2S, kAck, 301, 100});  // 201..301 missing
  EXPECT_EQ(f.tcp.dir[kC2S].lost, 1u);
  feed(f, {41 * kMs + 2'999'999, kC2S, kAck, 201, 100});
  EXPECT_EQ(f.tcp.dir[kC2S].out_of_order, 1u);
  EXPECT_EQ(f.tcp.dir[kC2S].retransmissions, 0u);
  EXPECT_EQ(f.tcp.dir[kC2S].lost, 1u);  // the gap was seen; it stays counted
  EXPECT_EQ(f.tcp.dir[kC2S].next_seq, 401u);
}

TEST(TcpTracker, GapFilledAfterThreeMillisecondsIsARetransmission) {
  Flow f = handshake();
  feed(f, {40 * kMs, kC2S, kAck, 101, 100});
  feed(f, {41 * kMs, kC2S, kAck, 301, 100});
  feed(f, {44 * kMs, kC2S, kAck, 201, 100});
  EXPECT_EQ(f.tcp.dir[kC2S].lost, 1u);
  EXPECT_EQ(f.tcp.dir[kC2S].out_of_order, 0u);
  EXPECT_EQ(f.tcp.dir[kC2S].retransmissions, 1u);
}

TEST(TcpTracker, DirectionsAreTrackedSeparately) {
  Flow f = handshake();
  feed(f, {40 * kMs, kS2C, kAck, 5001, 1000});
  feed(f, {41 * kMs, kS2C, kAck, 7001, 1000});  // server side gap
  feed(f, {42 * kMs, kC2S, kAck, 101, 10});
  EXPECT_EQ(f.tcp.dir[kS2C].lost, 1u);
  EXPECT_EQ(f.tcp.dir[kC2S].lost, 0u);
  EXPECT_EQ(f.tcp.dir[kS2C].next_seq, 8001u);
  EXPECT_EQ(f.tcp.dir[kC2S].next_seq, 111u);
}

TEST(TcpTracker, PureAcksCarryNoSequenceSpace) {
  Flow f = handshake();
  feed(f, {40 * kMs, kC2S, kAck, 101, 100});
  feed(f, {41 * kMs, kC2S, kAck, 101, 0});  // an old sequence number on an empty ACK
  feed(f, {42 * kMs, kC2S, kAck, 201, 0});
  EXPECT_EQ(f.tcp.dir[kC2S].retransmissions, 0u);
  EXPECT_EQ(f.tcp.dir[kC2S].lost, 0u);
}

TEST(TcpTracker, SequenceNumbersWrapAround) {
  Flow f;
  feed(f, {0, kC2S, kAck, 0xFFFFFF00u, 0x200});
  EXPECT_EQ(f.tcp.dir[kC2S].next_seq, 0x100u);
  feed(f, {1 * kMs, kC2S, kAck, 0x100, 0x100});
  feed(f, {2 * kMs, kC2S, kAck, 0xFFFFFF80u, 0x10});  // before the wrap: an old segment
  EXPECT_EQ(f.tcp.dir[kC2S].lost, 0u);
  EXPECT_EQ(f.tcp.dir[kC2S].retransmissions, 1u);
  EXPECT_EQ(f.tcp.dir[kC2S].next_seq, 0x200u);
}

TEST(TcpTracker, ZeroWindow) {
  Flow f = handshake();
  feed(f, {40 * kMs, kS2C, kAck, 5001, 0, 0});
  feed(f, {41 * kMs, kS2C, kAck, 5001, 0, 0});
  feed(f, {42 * kMs, kS2C, kAck, 5001, 0, 512});
  EXPECT_EQ(f.tcp.dir[kS2C].zero_windows, 2u);
  EXPECT_EQ(f.tcp.dir[kC2S].zero_windows, 0u);
}

TEST(TcpTracker, ZeroWindowOnSynFinOrRstIsNotCounted) {
  Flow f;
  feed(f, {0, kC2S, kSyn, 100, 0, 0});
  feed(f, {1 * kMs, kS2C, kSyn | kAck, 5000, 0, 0});
  feed(f, {2 * kMs, kC2S, kFin | kAck, 101, 0, 0});
  feed(f, {3 * kMs, kS2C, kRst, 5001, 0, 0});
  EXPECT_EQ(f.tcp.dir[kC2S].zero_windows, 0u);
  EXPECT_EQ(f.tcp.dir[kS2C].zero_windows, 0u);
}

TEST(TcpTracker, FinFromBothSidesCloses) {
  Flow f = handshake();
  feed(f, {50 * kMs, kC2S, kFin | kAck, 101});
  EXPECT_EQ(f.tcp.state, TcpState::Closing);
  EXPECT_FALSE(TcpTracker::is_closed(f));
  EXPECT_EQ(f.tcp.dir[kC2S].next_seq, 102u);  // FIN takes one sequence number
  feed(f, {51 * kMs, kS2C, kFin | kAck, 5001});
  EXPECT_EQ(f.tcp.state, TcpState::Closed);
  EXPECT_TRUE(TcpTracker::is_closed(f));
  feed(f, {52 * kMs, kC2S, kAck, 102});
  EXPECT_EQ(f.tcp.state, TcpState::Closed);
}

TEST(TcpTracker, RstResetsAndStays) {
  Flow f = handshake();
  feed(f, {50 * kMs, kS2C, kRst | kAck, 5001});
  EXPECT_EQ(f.tcp.state, TcpState::Reset);
  EXPECT_TRUE(TcpTracker::is_closed(f));
  feed(f, {51 * kMs, kC2S, kFin | kAck, 101});
  feed(f, {52 * kMs, kS2C, kFin | kAck, 5001});
  EXPECT_EQ(f.tcp.state, TcpState::Reset);
}

TEST(TcpTracker, StateNames) {
  EXPECT_EQ(tcp_state_name(TcpState::Established), "established");
  EXPECT_EQ(tcp_state_name(TcpState::Reset), "reset");
  EXPECT_EQ(tcp_state_name(TcpState::Midstream), "midstream");
}

}  // namespace
}  // namespace netmeter::flow
