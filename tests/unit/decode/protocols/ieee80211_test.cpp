// Radiotap and 802.11 data frames (QoS, address layouts, FCS); other frame kinds end the chain.
#include <gtest/gtest.h>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

using decode::ip_proto::kUdp;

constexpr uint32_t kTsftFlagsRate = 0x00000007;
constexpr uint8_t kFcsAtEnd = 0x10;
const Frame kFcs = {0xDE, 0xAD, 0xBE, 0xEF};

// TSFT (8 bytes), flags, rate: an 18-byte radiotap header.
Frame radiotap_with_flags(uint8_t flags, const Frame& body) {
  return radiotap({kTsftFlagsRate}, concat(Frame(8, 0x11), Frame{flags, 0x02}), body);
}
Frame udp_llc() {
  return llc_snap(0x0800, ipv4({.src = ip("192.168.7.2"), .proto = kUdp}, udp(68, 67, {})));
}

// To the AP (ToDS): address 1 is the BSSID, 2 the sender, 3 the destination.
Dot11 qos_to_ds() {
  return {.fc = 0x0188, .a1 = kMacD, .a2 = kMacA, .a3 = kMacB, .qos = 0x0005};
}

TEST(RadiotapDecoder, QosDataFrameToIpv4) {
  Decoded d = decode(LinkType::Radiotap, radiotap_with_flags(0, ieee80211(qos_to_ds(), udp_llc())));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_mac);
  EXPECT_EQ(d.pkt.src_mac, kMacA);
  EXPECT_EQ(d.pkt.dst_mac, kMacB);
  EXPECT_EQ(d.pkt.ethertype, 0x0800);
  EXPECT_EQ(d.pkt.src_ip, ip("192.168.7.2"));
  EXPECT_EQ(d.pkt.dst_port, 67);
  EXPECT_EQ(d.pkt.l3_offset, 18 + 26 + 8);
}

TEST(RadiotapDecoder, FcsFlagStripsTheLastFourBytes) {
  Frame frame = radiotap_with_flags(kFcsAtEnd, ieee80211(qos_to_ds(), udp_llc()));
  EXPECT_EQ(decode(LinkType::Radiotap, concat(frame, kFcs)).anomaly_names(), "");
  // Without the FCS the decoder drops four real bytes: the UDP header is cut.
  EXPECT_EQ(decode(LinkType::Radiotap, frame).anomaly_names(), "truncated_udp");
  // Without the flag the FCS is trailing bytes the IP length already excludes.
  Frame no_flag = radiotap_with_flags(0, ieee80211(qos_to_ds(), udp_llc()));
  EXPECT_EQ(decode(LinkType::Radiotap, concat(no_flag, kFcs)).anomaly_names(), "");
}

TEST(RadiotapDecoder, FlagsFoundAfterAnExtendedPresentWord) {
  // Present words: flags + extension, then an empty second word; flags at offset 12.
  Frame frame = radiotap({0x80000002, 0}, Frame{kFcsAtEnd, 0}, ieee80211(qos_to_ds(), udp_llc()));
  EXPECT_EQ(decode(LinkType::Radiotap, concat(frame, kFcs)).anomaly_names(), "");
  EXPECT_EQ(decode(LinkType::Radiotap, frame).anomaly_names(), "truncated_udp");
}

TEST(RadiotapDecoder, BadVersionOrLength) {
  Frame good = radiotap({0}, {}, ieee80211(qos_to_ds(), udp_llc()));
  Frame bad_version = good;
  bad_version[0] = 1;
  EXPECT_EQ(decode(LinkType::Radiotap, bad_version).anomaly_names(), "truncated_radiotap");
  Frame short_length = good;
  short_length[2] = 4;
  EXPECT_EQ(decode(LinkType::Radiotap, short_length).anomaly_names(), "truncated_radiotap");
}

TEST(RadiotapDecoder, TruncatedPrefixes) {
  expect_prefixes(LinkType::Radiotap, radiotap_with_flags(0, ieee80211(qos_to_ds(), udp_llc())),
                  {{8, Anomaly::truncated_radiotap},
                   {18, Anomaly::truncated_radiotap},
                   {44, Anomaly::truncated_80211},
                   {47, Anomaly::truncated_llc},
                   {52, Anomaly::truncated_llc},
                   {72, Anomaly::truncated_ipv4},
                   {80, Anomaly::truncated_udp}});
}

TEST(RadiotapDecoder, TruncatedPrefixesWithFcs) {
  // The last four captured bytes are taken as the FCS, so every boundary moves by four.
  Frame frame = concat(radiotap_with_flags(kFcsAtEnd, ieee80211(qos_to_ds(), udp_llc())), kFcs);
  expect_prefixes(LinkType::Radiotap, frame,
                  {{8, Anomaly::truncated_radiotap},
                   {18, Anomaly::truncated_radiotap},
                   {48, Anomaly::truncated_80211},
                   {51, Anomaly::truncated_llc},
                   {56, Anomaly::truncated_llc},
                   {76, Anomaly::truncated_ipv4},
                   {84, Anomaly::truncated_udp}});
}

TEST(Ieee80211Decoder, FromDsAddresses) {
  // From the AP: address 1 is the destination, 2 the BSSID, 3 the sender.
  Decoded d = decode(LinkType::Ieee80211,
                     ieee80211({.fc = 0x0208, .a1 = kMacB, .a2 = kMacD, .a3 = kMacA}, udp_llc()));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.src_mac, kMacA);
  EXPECT_EQ(d.pkt.dst_mac, kMacB);
  EXPECT_EQ(d.pkt.l3_offset, 24 + 8);
}

TEST(Ieee80211Decoder, FourAddressQosFrame) {
  Dot11 h{.fc = 0x0388, .a1 = kMacD, .a2 = kMacC, .a3 = kMacB, .a4 = kMacA, .qos = 0};
  Decoded d = decode(LinkType::Ieee80211, ieee80211(h, udp_llc()));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_EQ(d.pkt.src_mac, kMacA);
  EXPECT_EQ(d.pkt.dst_mac, kMacB);
  EXPECT_EQ(d.pkt.l3_offset, 32 + 8);
}

TEST(Ieee80211Decoder, QosWithHtControl) {
  // Order bit on a QoS frame: a 4-byte HT control field follows the QoS control.
  Decoded d = decode(LinkType::Ieee80211, ieee80211({.fc = 0x8088, .qos = 0}, concat(Frame(4), udp_llc())));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_TRUE(d.pkt.has_ip);
  EXPECT_EQ(d.pkt.l3_offset, 30 + 8);
}

TEST(Ieee80211Decoder, ManagementFrameEndsTheChain) {
  Decoded d =
      decode(LinkType::Radiotap, radiotap({0}, {}, ieee80211({.fc = 0x0080}, payload(40))));  // beacon
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_FALSE(d.pkt.has_mac);
  EXPECT_FALSE(d.pkt.has_ip);
}

TEST(Ieee80211Decoder, ProtectedFrameEndsTheChain) {
  Dot11 h = qos_to_ds();
  h.fc |= 0x4000;
  Decoded d = decode(LinkType::Radiotap, radiotap({0}, {}, ieee80211(h, payload(40))));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_FALSE(d.pkt.has_ip);
}

TEST(Ieee80211Decoder, NullDataEndsTheChain) {
  Decoded d = decode(LinkType::Ieee80211, ieee80211({.fc = 0x0148}, {}));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_FALSE(d.pkt.has_ip);
}

TEST(Ieee80211Decoder, ShortControlFrameIsNotTruncated) {
  Frame ack = Writer().le16(0x00D4).le16(0).mac(kMacA).take();
  Decoded d = decode(LinkType::Radiotap, radiotap({0}, {}, ack));
  EXPECT_EQ(d.anomaly_names(), "");
  EXPECT_FALSE(d.pkt.has_ip);
}

}  // namespace
}  // namespace netmeter::test
