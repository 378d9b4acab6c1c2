#include "stats/connection_state.hpp"

#include <gtest/gtest.h>

#include <cstring>

namespace netmeter::stats {
namespace {

ConnectionUpdate tcp_update(const char* name) {
  ConnectionUpdate u;
  u.id = 42;
  u.key.lo.port = 51000;
  u.key.hi.port = 443;
  u.key.vlan = 7;
  u.key.l4 = 6;
  u.client_is_lo = true;
  u.dir[0].packets = 10;
  u.dir[0].bytes = 1500;
  u.dir[0].payload_bytes = 900;
  u.dir[1].packets = 12;
  u.dir[1].bytes = 9000;
  u.tcp.state = flow::TcpState::Established;
  u.tcp.server_rtt_ns = 1200;
  u.tcp.client_rtt_ns = 300;
  u.tcp.dir[0] = {.next_seq = 99, .retransmissions = 1, .out_of_order = 2, .lost = 3, .zero_windows = 4};
  u.tcp.dir[1] = {.next_seq = 77, .retransmissions = 5, .out_of_order = 6, .lost = 7, .zero_windows = 8};
  u.master = 91;
  u.app = 126;
  u.category = 5;
  u.breed = 2;
  u.dpi_status = flow::DpiStatus::Detected;
  u.risk = 0x14;
  u.server_name_len = static_cast<uint8_t>(std::strlen(name));
  std::memcpy(u.server_name, name, u.server_name_len);
  return u;
}

TEST(ConnectionState, KeepsWhatTheListsShow) {
  const ConnectionUpdate u = tcp_update("www.example.org");
  ConnectionState s;
  s.assign(u);
  EXPECT_EQ(s.id, 42u);
  EXPECT_EQ(s.key, u.key);
  EXPECT_EQ(s.master, 91);
  EXPECT_EQ(s.app, 126);
  EXPECT_EQ(s.category, 5);
  EXPECT_EQ(s.breed, 2);
  EXPECT_EQ(s.dpi_status, flow::DpiStatus::Detected);
  EXPECT_EQ(s.risk, 0x14u);
  EXPECT_EQ(s.dir[0].payload_bytes, 900u);
  EXPECT_EQ(s.dir[1].bytes, 9000u);
  EXPECT_EQ(s.server_name, "www.example.org");

  // The TCP quality the API shows, back in the tracker's form; its working state is not kept.
  const flow::TcpInfo t = s.tcp_info();
  EXPECT_EQ(t.state, flow::TcpState::Established);
  EXPECT_EQ(t.server_rtt_ns, 1200);
  EXPECT_EQ(t.client_rtt_ns, 300);
  for (int d = 0; d < 2; ++d) {
    EXPECT_EQ(t.dir[d].retransmissions, u.tcp.dir[d].retransmissions);
    EXPECT_EQ(t.dir[d].out_of_order, u.tcp.dir[d].out_of_order);
    EXPECT_EQ(t.dir[d].lost, u.tcp.dir[d].lost);
    EXPECT_EQ(t.dir[d].zero_windows, u.tcp.dir[d].zero_windows);
    EXPECT_EQ(t.dir[d].next_seq, 0u);
  }
}

TEST(ConnectionState, FollowsTheLatestUpdate) {
  ConnectionState s;
  s.assign(tcp_update("a.example"));
  ConnectionUpdate later = tcp_update("b.example.net");
  later.ended = true;
  later.end = flow::EndReason::IdleTimeout;
  later.tcp.dir[1].retransmissions = 50;
  s.assign(later);
  EXPECT_TRUE(s.ended);
  EXPECT_EQ(s.end, flow::EndReason::IdleTimeout);
  EXPECT_EQ(s.tcp.dir[1].retransmissions, 50u);
  EXPECT_EQ(s.server_name, "b.example.net");
  later.server_name_len = 0;
  s.assign(later);
  EXPECT_TRUE(s.server_name.empty());
}

TEST(ConnectionState, IsSmallerThanTheUpdate) {
  // One per active or kept connection: the reason it exists (bench/query_bench prints the bytes).
  EXPECT_LT(sizeof(ConnectionState), sizeof(ConnectionUpdate) * 3 / 4);
}

}  // namespace
}  // namespace netmeter::stats
