// fuzz_dissector: one frame through decode::Dissector, then the fragment map and the flow key, as
// engine::Reader uses them, checking the invariants the reader and the workers rely on.
//
// Input: byte 0 selects the link type (low nibble, modulo the number of link types) and how much the
// capture cut off (high nibble h: the frame was h * 97 bytes longer on the wire, 0 for a whole frame);
// the remaining bytes are the captured frame.

#include <array>
#include <memory>

#include "core/flow_key.hpp"
#include "decode/dissector.hpp"
#include "flow/fragment_map.hpp"
#include "fuzz_support.hpp"

using namespace netmeter;

namespace {

const decode::Dissector& dissector_for(core::LinkType link) {
  static const auto all = [] {
    std::array<std::unique_ptr<decode::Dissector>, fuzz::kLinkTypeCount> d;
    for (int i = 0; i < fuzz::kLinkTypeCount; ++i)
      d[i] = std::make_unique<decode::Dissector>(static_cast<core::LinkType>(i));
    return d;
  }();
  return *all[static_cast<size_t>(link)];
}

void check_packet(const decode::DecodedPacket& pkt, decode::Bytes frame) {
  NETMETER_FUZZ_CHECK(!pkt.has_l4 || pkt.has_ip);
  NETMETER_FUZZ_CHECK(pkt.outer_count <= decode::DecodedPacket::kMaxOuter);
  if (!pkt.has_ip) return;
  NETMETER_FUZZ_CHECK(pkt.ip_version == 4 || pkt.ip_version == 6);
  NETMETER_FUZZ_CHECK(pkt.src_ip.version() == pkt.ip_version && pkt.dst_ip.version() == pkt.ip_version);
  // The reader hands the bytes from l3_offset on to nDPI as the innermost IP header.
  NETMETER_FUZZ_CHECK(pkt.l3_offset < frame.size());
  NETMETER_FUZZ_CHECK((frame[pkt.l3_offset] >> 4) == pkt.ip_version);
  NETMETER_FUZZ_CHECK(pkt.l3_len >= (pkt.ip_version == 4 ? 20u : 40u));
  NETMETER_FUZZ_CHECK(pkt.payload_len <= pkt.l3_len);
  if (pkt.is_fragment && !pkt.first_fragment) NETMETER_FUZZ_CHECK(!pkt.has_l4);
  if (pkt.has_l4) NETMETER_FUZZ_CHECK(pkt.l4_offset >= pkt.l3_offset && pkt.l4_offset < frame.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  // Low nibble 15: the next byte picks one of the link types past the 15th, and the frame starts after it.
  size_t header = (data[0] & 0x0F) == 15 && size >= 2 ? 2 : 1;
  core::LinkType link = fuzz::link_type_from_byte(data[0], header == 2 ? data[1] : 0);
  decode::Bytes frame{data + header, size - header};

  decode::DecodedPacket pkt;
  pkt.caplen = static_cast<uint32_t>(frame.size());
  pkt.wire_len = pkt.caplen + (data[0] >> 4) * 97u;
  core::AnomalyCounters anomalies;
  dissector_for(link).decode(frame, pkt, anomalies);
  if (frame.empty()) NETMETER_FUZZ_CHECK(anomalies.total() == 1);
  check_packet(pkt, frame);
  if (!pkt.has_ip) return 0;

  if (pkt.is_fragment) {
    flow::FragmentMap fragments(16);
    bool resolved = fragments.resolve(pkt);
    if (pkt.first_fragment) {
      // The first fragment is remembered; a later fragment of the same datagram finds its ports.
      NETMETER_FUZZ_CHECK(resolved);
      decode::DecodedPacket later = pkt;
      later.first_fragment = false;
      later.has_l4 = false;
      later.src_port = later.dst_port = 0;
      NETMETER_FUZZ_CHECK(fragments.resolve(later));
      NETMETER_FUZZ_CHECK(later.src_port == pkt.src_port && later.dst_port == pkt.dst_port);
    } else {
      NETMETER_FUZZ_CHECK(!resolved);  // nothing was remembered yet
    }
  }

  // Both directions of a conversation make the same key and hash.
  core::Endpoint src{pkt.src_ip, pkt.src_port}, dst{pkt.dst_ip, pkt.dst_port};
  bool swapped = false, swapped_back = false;
  core::FlowKey key = core::FlowKey::make(src, dst, pkt.vlan_inner, pkt.l4_proto, swapped);
  core::FlowKey back = core::FlowKey::make(dst, src, pkt.vlan_inner, pkt.l4_proto, swapped_back);
  NETMETER_FUZZ_CHECK(key == back && key.hash() == back.hash());
  NETMETER_FUZZ_CHECK(src == dst || swapped != swapped_back);
  NETMETER_FUZZ_CHECK(!(key.hi < key.lo));
  return 0;
}
