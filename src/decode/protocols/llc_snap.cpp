#include "decode/protocols/llc_snap.hpp"

#include "decode/dispatch.hpp"

namespace netmeter::decode {

// 802.2 LLC; only SNAP-encapsulated payloads (DSAP/SSAP 0xAA, UI frame) carry an ethertype we follow.
Step LlcSnapDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 3) return Step::fail(ctx, core::Anomaly::truncated_llc);
  if (d[0] != 0xAA || d[1] != 0xAA || d[2] != 0x03) return Step::end();
  if (d.size() < 8) return Step::fail(ctx, core::Anomaly::truncated_llc);
  uint16_t type = be16(d.data() + 6);
  ctx.pkt.ethertype = type;
  return {layer_for_ethertype(type), 8};
}

}  // namespace netmeter::decode
