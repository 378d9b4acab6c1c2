#include "decode/protocols/etag.hpp"

#include "decode/dispatch.hpp"

namespace netmeter::decode {

// IEEE 802.1BR E-TAG (EtherType 0x893F): 6 bytes of E-CID and ingress E-CID, then the next EtherType.
Step ETagDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 8) return Step::fail(ctx, core::Anomaly::truncated_etag);
  uint16_t type = be16(d.data() + 6);
  if (type < 0x0600) return {Layer::LlcSnap, 8};
  ctx.pkt.ethertype = type;
  return {layer_for_ethertype(type), 8};
}

}  // namespace netmeter::decode
