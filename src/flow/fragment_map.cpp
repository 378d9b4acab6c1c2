#include "flow/fragment_map.hpp"

#include "core/hash.hpp"

namespace netmeter::flow {

FragmentMap::FragmentMap(size_t slots) {
  size_t n = 1;
  while (n < slots)
    n <<= 1;
  mask_ = n - 1;
}

FragmentMap::Entry& FragmentMap::slot_for(const decode::DecodedPacket& pkt) {
  const auto& s = pkt.src_ip.bytes();
  const auto& d = pkt.dst_ip.bytes();
  uint64_t h = core::mix64(core::load_u64(s.data()) ^ core::load_u64(s.data() + 8) * 31);
  h = core::mix64(h ^ core::load_u64(d.data()) ^ (core::load_u64(d.data() + 8) << 1));
  h = core::mix64(h ^ (uint64_t{pkt.frag_id} << 24) ^ (uint64_t{pkt.l4_proto} << 8) ^ pkt.vlan_inner);
  return entries_[h & mask_];
}

bool FragmentMap::resolve(decode::DecodedPacket& pkt) {
  // Allocated at the first fragment: most captures have none, and each decoder has a map.
  if (entries_.empty()) entries_.resize(mask_ + 1);
  Entry& e = slot_for(pkt);
  if (pkt.first_fragment) {
    e = Entry{pkt.src_ip, pkt.dst_ip,   pkt.frag_id,  pkt.vlan_inner, pkt.l4_proto,
              true,       pkt.src_port, pkt.dst_port, pkt.ts};
    return true;
  }
  bool match = e.used && e.id == pkt.frag_id && e.proto == pkt.l4_proto && e.vlan == pkt.vlan_inner &&
               e.src == pkt.src_ip && e.dst == pkt.dst_ip && (pkt.ts - e.seen) < kMaxAgeNs;
  if (!match) return false;
  pkt.src_port = e.src_port;
  pkt.dst_port = e.dst_port;
  return true;
}

}  // namespace netmeter::flow
