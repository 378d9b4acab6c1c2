#include "engine/packet_decoder.hpp"

#include <cstring>

#include "core/flow_key.hpp"
#include "core/hash.hpp"

namespace netmeter::engine {

namespace {

// What a reused packet's common part is reset to (a namespace constant: no initialisation guard to test
// for every packet, as a function's static would have).
const decode::DecodedPacket kEmptyPacket{};

uint64_t mac_hash(const decode::DecodedPacket& pkt) {
  uint64_t a = 0, b = 0;
  std::memcpy(&a, pkt.src_mac.data(), 6);
  std::memcpy(&b, pkt.dst_mac.data(), 6);
  return core::mix64(a ^ b);  // symmetric: both directions reach the same worker
}

}  // namespace

uint32_t PacketDecoder::decode(const capture::RawPacket& raw, PacketRecord& rec) {
  rec.kind = PacketRecord::kPacket;
  decode::DecodedPacket& pkt = rec.pkt;
  // Only the common part is reset: the decoders write the ARP and tunnel fields whole whenever they set
  // the flags that make them count (is_arp, outer_count), and readers ignore them otherwise.
  std::memcpy(static_cast<void*>(&pkt), &kEmptyPacket, decode::kDecodedPacketCommonBytes);
  pkt.ts = raw.ts;
  pkt.caplen = raw.caplen;
  pkt.wire_len = raw.wire_len;
  if (raw.caplen > raw.wire_len) {
    anomalies_.add(core::Anomaly::caplen_exceeds_len);
    pkt.wire_len = raw.caplen;
  }
  if (raw.link) {
    dissector_.decode({raw.data, raw.caplen}, pkt, anomalies_, *raw.link);
  } else {
    dissector_.decode({raw.data, raw.caplen}, pkt, anomalies_);
  }
  if (!pkt.has_ip) {
    rec.flow_hash = mac_hash(pkt);
    return 0;
  }
  if (pkt.is_fragment && !fragments_.resolve(pkt)) anomalies_.add(core::Anomaly::fragment_without_first);
  bool swapped = false;
  core::FlowKey key = core::FlowKey::make({pkt.src_ip, pkt.src_port}, {pkt.dst_ip, pkt.dst_port},
                                          pkt.vlan_inner, pkt.l4_proto, swapped);
  rec.flow_hash = key.hash();
  return raw.caplen > pkt.l3_offset ? raw.caplen - pkt.l3_offset : 0;
}

}  // namespace netmeter::engine
