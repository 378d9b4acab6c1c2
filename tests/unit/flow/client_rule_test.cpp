#include "flow/client_rule.hpp"

#include <gtest/gtest.h>

#include "decode/dissector.hpp"
#include "packet_builder.hpp"

namespace netmeter::test {
namespace {

using namespace decode::tcp_flag;

decode::DecodedPacket tcp_packet(uint16_t sport, uint16_t dport, uint8_t flags) {
  core::AnomalyCounters anomalies;
  return decode::decode_frame(core::LinkType::Raw,
                              ipv4({}, tcp({.sport = sport, .dport = dport, .flags = flags})), anomalies);
}

TEST(ClientRule, SynSenderIsTheClient) {
  EXPECT_TRUE(flow::sender_is_client(tcp_packet(40000, 80, kSyn)));
  EXPECT_TRUE(flow::sender_is_client(tcp_packet(80, 40000, kSyn)));  // the flag beats the ports
}

TEST(ClientRule, SynAckSenderIsTheServer) {
  EXPECT_FALSE(flow::sender_is_client(tcp_packet(80, 40000, kSyn | kAck)));
  EXPECT_FALSE(flow::sender_is_client(tcp_packet(40000, 80, kSyn | kAck)));
}

TEST(ClientRule, MidstreamWellKnownPortIsTheServer) {
  EXPECT_FALSE(flow::sender_is_client(tcp_packet(443, 51000, kAck | kPsh)));
  EXPECT_TRUE(flow::sender_is_client(tcp_packet(51000, 443, kAck)));
  EXPECT_FALSE(flow::sender_is_client(tcp_packet(80, 40000, kFin | kAck)));
  EXPECT_FALSE(flow::sender_is_client(tcp_packet(1023, 1024, kAck)));
  EXPECT_TRUE(flow::sender_is_client(tcp_packet(1024, 1023, kAck)));
}

TEST(ClientRule, MidstreamWithoutAClearServerTakesTheSender) {
  EXPECT_TRUE(flow::sender_is_client(tcp_packet(22, 80, kAck)));        // both well known
  EXPECT_TRUE(flow::sender_is_client(tcp_packet(50000, 60000, kAck)));  // neither
}

TEST(ClientRule, NonTcpSenderIsTheClient) {
  core::AnomalyCounters anomalies;
  auto udp_pkt = decode::decode_frame(core::LinkType::Raw,
                                      ipv4({.proto = decode::ip_proto::kUdp}, udp(53, 40000, {})), anomalies);
  EXPECT_TRUE(flow::sender_is_client(udp_pkt));  // even from port 53
}

TEST(ClientRule, TcpWithoutTransportHeaderSenderIsTheClient) {
  decode::DecodedPacket later_fragment;
  later_fragment.has_ip = true;
  later_fragment.l4_proto = decode::ip_proto::kTcp;
  later_fragment.src_port = 80;
  later_fragment.dst_port = 40000;
  EXPECT_TRUE(flow::sender_is_client(later_fragment));
}

}  // namespace
}  // namespace netmeter::test
