// The encapsulations of issue 12 (Geneve, Teredo, AYIYA, CAPWAP, L2TPv2/v3, PBB, VN-Tag, E-TAG, NSH,
// VXLAN-GPE, ERSPAN III, MPLS in GRE/UDP, FabricPath) on frames crafted with scapy
// (tests/data/encap/make_encap_pcaps.py): the inner packet is what flows and hosts see, the outer IP
// addresses are tunnel endpoints, and a frame cut inside the encapsulation's header counts its anomaly.

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "decode/decode_util.hpp"

namespace netmeter::test {
namespace {

using decode::TunnelType;

/// The first frame of a little-endian classic pcap (what scapy's wrpcap writes), and its DLT.
Frame first_frame(const std::string& name, uint32_t* dlt = nullptr) {
  std::string path = std::string(NETMETER_ENCAP_DATA_DIR) + "/" + name + ".pcap";
  std::ifstream in(path, std::ios::binary);
  std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (file.size() < 40) {
    ADD_FAILURE() << "cannot read " << path;
    return {};
  }
  uint32_t caplen;
  std::memcpy(&caplen, file.data() + 24 + 8, 4);
  if (dlt != nullptr) std::memcpy(dlt, file.data() + 20, 4);
  if (file.size() < 40 + size_t{caplen}) {
    ADD_FAILURE() << path << " is cut short";
    return {};
  }
  return Frame(file.begin() + 40, file.begin() + 40 + caplen);
}

struct Case {
  const char* file;
  TunnelType tunnel;  ///< None: no outer IP layer (an L2 encapsulation)
  bool inner_ipv6;
  size_t header_begin;  ///< where the encapsulation's header starts in the frame
  size_t header_end;    ///< where what it carries starts
  core::Anomaly truncated;
};

constexpr size_t kUdp = 14 + 20 + 8, kGre = 14 + 20 + 4, kIp = 14 + 20;

const Case kCases[] = {
    {"geneve", TunnelType::Geneve, false, kUdp, kUdp + 16, Anomaly::truncated_geneve},
    {"geneve_ip", TunnelType::Geneve, false, kUdp, kUdp + 8, Anomaly::truncated_geneve},
    {"teredo", TunnelType::Teredo, true, kUdp, kUdp + 2, Anomaly::truncated_teredo},
    {"teredo_indicators", TunnelType::Teredo, true, kUdp, kUdp + 13 + 8, Anomaly::truncated_teredo},
    {"ayiya", TunnelType::Ayiya, true, kUdp, kUdp + 8 + 16 + 20, Anomaly::truncated_ayiya},
    {"capwap_8023", TunnelType::Capwap, false, kUdp, kUdp + 8, Anomaly::truncated_capwap},
    {"capwap_80211", TunnelType::Capwap, false, kUdp, kUdp + 16, Anomaly::truncated_capwap},
    {"l2tpv2", TunnelType::L2tp, false, kUdp, kUdp + 6, Anomaly::truncated_l2tp},
    {"l2tpv2_len_seq", TunnelType::L2tp, false, kUdp, kUdp + 12, Anomaly::truncated_l2tp},
    {"l2tpv3_udp", TunnelType::L2tp, false, kUdp, kUdp + 8, Anomaly::truncated_l2tp},
    {"l2tpv3_ip", TunnelType::L2tp, false, kIp, kIp + 8, Anomaly::truncated_l2tp},
    {"pbb", TunnelType::None, false, 14, 18, Anomaly::truncated_pbb},
    {"vntag", TunnelType::None, false, 14, 20, Anomaly::truncated_vntag},
    {"etag", TunnelType::None, false, 14, 22, Anomaly::truncated_etag},
    {"nsh_eth", TunnelType::None, false, 14, 22, Anomaly::truncated_nsh},
    {"nsh_gre", TunnelType::Gre, false, kGre, kGre + 8, Anomaly::truncated_nsh},
    {"vxlan_gpe_nsh", TunnelType::VxlanGpe, false, kUdp, kUdp + 8, Anomaly::truncated_vxlan_gpe},
    {"erspan3", TunnelType::Gre, false, kGre, kGre + 20, Anomaly::truncated_erspan},
    {"mpls_gre", TunnelType::Gre, false, kGre, kGre + 4, Anomaly::truncated_mpls},
    {"mpls_udp", TunnelType::MplsUdp, false, kUdp, kUdp + 4, Anomaly::truncated_mpls},
    {"fabricpath", TunnelType::None, false, 14, 16, Anomaly::truncated_fabricpath},
};

class Encapsulation : public ::testing::TestWithParam<Case> {};

TEST_P(Encapsulation, InnerPacketIsTheTraffic) {
  const Case& c = GetParam();
  Frame frame = first_frame(c.file);
  ASSERT_FALSE(frame.empty());
  Decoded d = decode(LinkType::Ethernet, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  if (c.tunnel == TunnelType::None) {
    EXPECT_EQ(d.pkt.outer_count, 0);
  } else {
    ASSERT_EQ(d.pkt.outer_count, 1);
    EXPECT_EQ(d.pkt.outer[0].tunnel, c.tunnel);
    EXPECT_EQ(d.pkt.outer[0].src, ip("203.0.113.1"));
    EXPECT_EQ(d.pkt.outer[0].dst, ip("203.0.113.2"));
  }
  ASSERT_TRUE(d.pkt.has_ip);
  EXPECT_EQ(d.pkt.src_ip, ip(c.inner_ipv6 ? "2001:db8::1" : "172.16.0.1"));
  EXPECT_EQ(d.pkt.dst_ip, ip(c.inner_ipv6 ? "2001:db8::2" : "172.16.0.2"));
  EXPECT_EQ(d.pkt.l4_proto, decode::ip_proto::kTcp);
  EXPECT_EQ(d.pkt.src_port, 999);
  EXPECT_EQ(d.pkt.dst_port, 80);
  EXPECT_EQ(d.pkt.tcp_flags, decode::tcp_flag::kSyn);
}

TEST_P(Encapsulation, CutInsideTheHeaderCountsItsAnomaly) {
  const Case& c = GetParam();
  Frame frame = first_frame(c.file);
  ASSERT_GT(frame.size(), c.header_end);
  for (size_t n = c.header_begin; n < c.header_end; ++n) {
    Decoded d = decode_captured(LinkType::Ethernet, frame, n);
    EXPECT_EQ(d.anomaly_names(), core::anomaly_name(c.truncated)) << c.file << " cut at " << n;
  }
}

TEST_P(Encapsulation, EveryPrefixDecodesWithoutReadingPastIt) {
  const Case& c = GetParam();
  Frame frame = first_frame(c.file);
  for (size_t n = 0; n <= frame.size(); ++n) {
    Decoded d = decode_captured(LinkType::Ethernet, frame, n);  // ASan catches a read past the cut
    EXPECT_LE(d.pkt.l3_offset, n);
  }
}

INSTANTIATE_TEST_SUITE_P(Issue12, Encapsulation, ::testing::ValuesIn(kCases),
                         [](const auto& p) { return std::string(p.param.file); });

struct LinkCase {
  const char* file;
  size_t header_end;  ///< where the IP packet (or LLC for FDDI) starts
  core::Anomaly truncated;
  size_t first_cut = 1;  ///< PPP: a lone 0xFF reads as a compressed protocol field (not IP, no anomaly)
};

const LinkCase kLinkCases[] = {
    {"link_fddi", 13, Anomaly::truncated_fddi},      {"link_nflog", 28, Anomaly::truncated_nflog},
    {"link_ipoib", 44, Anomaly::truncated_ipoib},    {"link_pflog", 100, Anomaly::truncated_pflog},
    {"link_enc", 12, Anomaly::truncated_enc},        {"link_ppp_serial", 4, Anomaly::truncated_ppp, 2},
    {"link_ppp_ether", 8, Anomaly::truncated_pppoe},
};

class LinkTypes : public ::testing::TestWithParam<LinkCase> {};

TEST_P(LinkTypes, IpPacketIsDecoded) {
  uint32_t dlt = 0;
  Frame frame = first_frame(GetParam().file, &dlt);
  auto link = core::link_type_from_dlt(static_cast<int>(dlt));
  ASSERT_TRUE(link.has_value()) << "DLT " << dlt;
  Decoded d = decode(*link, frame);
  EXPECT_EQ(d.anomaly_names(), "");
  ASSERT_TRUE(d.pkt.has_ip);
  EXPECT_EQ(d.pkt.src_ip, ip("172.16.0.1"));
  EXPECT_EQ(d.pkt.dst_ip, ip("172.16.0.2"));
  EXPECT_EQ(d.pkt.dst_port, 80);
  EXPECT_EQ(d.pkt.l3_offset, GetParam().header_end + (dlt == 10 ? 8 : 0));  // FDDI: + LLC/SNAP
}

TEST_P(LinkTypes, CutInsideTheHeaderCountsItsAnomaly) {
  uint32_t dlt = 0;
  Frame frame = first_frame(GetParam().file, &dlt);
  auto link = core::link_type_from_dlt(static_cast<int>(dlt));
  ASSERT_TRUE(link.has_value());
  for (size_t n = GetParam().first_cut; n < GetParam().header_end; ++n) {
    EXPECT_EQ(decode_captured(*link, frame, n).anomaly_names(), core::anomaly_name(GetParam().truncated))
        << GetParam().file << " cut at " << n;
  }
  for (size_t n = 0; n <= frame.size(); ++n)
    decode_captured(*link, frame, n);  // ASan catches a read past the cut
}

INSTANTIATE_TEST_SUITE_P(Issue12, LinkTypes, ::testing::ValuesIn(kLinkCases),
                         [](const auto& p) { return std::string(p.param.file); });

}  // namespace
}  // namespace netmeter::test
