#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

using namespace decode::tcp_flag;

Frame data_segment(size_t payload_bytes) {
  Tcp h{.sport = 443,
        .dport = 51000,
        .seq = 0x80000001,
        .ack = 0x12345678,
        .flags = kAck | kPsh,
        .window = 501};
  return ethernet(0x0800, ipv4({}, tcp(h, payload(payload_bytes))));
}

TEST(TcpDecoder, HeaderFields) {
  Decoded d = decode(LinkType::Ethernet, data_segment(100));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_l4);
  EXPECT_EQ(d.pkt.l4_proto, decode::ip_proto::kTcp);
  EXPECT_EQ(d.pkt.src_port, 443);
  EXPECT_EQ(d.pkt.dst_port, 51000);
  EXPECT_EQ(d.pkt.tcp_seq, 0x80000001u);
  EXPECT_EQ(d.pkt.tcp_ack, 0x12345678u);
  EXPECT_EQ(d.pkt.tcp_flags, kAck | kPsh);
  EXPECT_EQ(d.pkt.tcp_window, 501);
  EXPECT_EQ(d.pkt.l4_offset, 34);
  EXPECT_EQ(d.pkt.payload_len, 100u);
}

TEST(TcpDecoder, SynAckFlags) {
  Decoded d = decode(LinkType::Raw, ipv4({}, tcp({.flags = kSyn | kAck})));
  EXPECT_EQ(d.pkt.tcp_flags, 0x12);
  EXPECT_EQ(d.pkt.payload_len, 0u);
}

TEST(TcpDecoder, PayloadLengthComesFromTheIpLengthNotTheCapture) {
  Frame frame = data_segment(1200);
  Decoded d = decode_captured(LinkType::Ethernet, frame, 64);  // snap length 64
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.payload_len, 1200u);
  EXPECT_EQ(d.pkt.l3_len, 1240u);
}

TEST(TcpDecoder, EthernetPaddingIsNotPayload) {
  Frame frame = concat(ethernet(0x0800, ipv4({}, tcp({.flags = kAck}))), Frame(6, 0xAB));
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.payload_len, 0u);
}

TEST(TcpDecoder, OptionsAreNotPayload) {
  Frame options = {0x02, 0x04, 0x05, 0xB4, 0x01, 0x03, 0x03, 0x07, 0x04, 0x02, 0x00, 0x00};
  Decoded d = decode(LinkType::Raw, ipv4({}, tcp({.options = options}, payload(5))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.payload_len, 5u);
}

TEST(TcpDecoder, OptionsCutBySnapLengthStillCount) {
  Frame frame = ethernet(0x0800, ipv4({}, tcp({.options = Frame(12, 0x01)}, payload(5))));
  Decoded d = decode_captured(LinkType::Ethernet, frame, 60);
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_l4);
  EXPECT_EQ(d.pkt.payload_len, 5u);
}

TEST(TcpDecoder, DataOffsetBelowFive) {
  Decoded d = decode(LinkType::Raw, ipv4({}, tcp({.data_offset = 4})));
  EXPECT_EQ(d.anomaly_names(), "bad_tcp_header_length");
  // The fixed header is complete, so the segment keeps its ports (and its connection).
  EXPECT_TRUE(d.pkt.has_l4);
  EXPECT_NE(d.pkt.src_port, 0);
  EXPECT_EQ(d.pkt.payload_len, 0u);
}

TEST(TcpDecoder, DataOffsetBeyondTheSegment) {
  Decoded d = decode(LinkType::Raw, ipv4({}, tcp({.data_offset = 15}, payload(10))));  // 60 > 30 bytes
  EXPECT_EQ(d.anomaly_names(), "bad_tcp_header_length");
  EXPECT_TRUE(d.pkt.has_l4);
  EXPECT_EQ(d.pkt.payload_len, 0u);
}

TEST(TcpDecoder, TruncatedPrefixes) {
  expect_prefixes(
      LinkType::Ethernet, data_segment(10),
      {{14, Anomaly::truncated_ethernet}, {34, Anomaly::truncated_ipv4}, {54, Anomaly::truncated_tcp}});
}

TEST(TcpDecoder, TruncatedPrefixesWithOptions) {
  // Only the fixed 20 bytes are required; options cut off by the snap length are no anomaly.
  Frame frame = ethernet(0x0800, ipv4({}, tcp({.options = Frame(12, 0x01)})));
  expect_prefixes(
      LinkType::Ethernet, frame,
      {{14, Anomaly::truncated_ethernet}, {34, Anomaly::truncated_ipv4}, {54, Anomaly::truncated_tcp}});
}

}  // namespace
}  // namespace netmeter::test
