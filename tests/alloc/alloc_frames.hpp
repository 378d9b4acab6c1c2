#pragma once

// Frames and queue records the allocation tests feed the worker.
#include <cstdint>
#include <utility>
#include <vector>

#include "core/anomaly.hpp"
#include "core/flow_key.hpp"
#include "decode/dissector.hpp"
#include "engine/packet_record.hpp"

namespace netmeter::test {

// Ethernet / IPv4 / UDP a.b.c.d:40000 -> 198.51.100.7:5555 with 16 bytes of payload.
inline std::vector<uint8_t> udp_frame(uint8_t client, bool reply) {
  std::vector<uint8_t> f = {0x02, 0, 0,   0,  0,   2, 0x02, 0,    0,    0,    0, 1,  0x08, 0x00,
                            0x45, 0, 0,   44, 0,   1, 0,    0,    64,   17,   0, 0,  192,  0,
                            2,    1, 198, 51, 100, 7, 0x9c, 0x40, 0x15, 0xb3, 0, 24, 0,    0};
  f[29] = client;
  for (int i = 0; i < 16; ++i)
    f.push_back(0xab);  // (resize() trips a GCC 12 -Warray-bounds false positive)
  if (reply) {
    for (int i = 0; i < 4; ++i)
      std::swap(f[26 + i], f[30 + i]);
    std::swap(f[34], f[36]);
    std::swap(f[35], f[37]);
    for (int i = 0; i < 6; ++i)
      std::swap(f[i], f[6 + i]);
  }
  return f;
}

inline engine::PacketRecord record_for(const decode::Dissector& dissector, const std::vector<uint8_t>& frame,
                                       int64_t t_us, core::AnomalyCounters& anomalies) {
  engine::PacketRecord rec;
  rec.pkt.ts = core::Timestamp::from_micros(t_us);
  rec.pkt.caplen = rec.pkt.wire_len = static_cast<uint32_t>(frame.size());
  dissector.decode({frame.data(), frame.size()}, rec.pkt, anomalies);
  bool swapped = false;
  rec.flow_hash = core::FlowKey::make({rec.pkt.src_ip, rec.pkt.src_port}, {rec.pkt.dst_ip, rec.pkt.dst_port},
                                      rec.pkt.vlan_inner, rec.pkt.l4_proto, swapped)
                      .hash();
  rec.l3_bytes = static_cast<uint32_t>(frame.size() - rec.pkt.l3_offset);
  return rec;
}

}  // namespace netmeter::test
