#include "decode/protocols/vntag.hpp"

#include "decode/dispatch.hpp"

namespace netmeter::decode {

// Cisco VN-Tag (EtherType 0x8926): 4 bytes of virtual interface ids, then the next EtherType.
Step VnTagDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 6) return Step::fail(ctx, core::Anomaly::truncated_vntag);
  uint16_t type = be16(d.data() + 4);
  if (type < 0x0600) return {Layer::LlcSnap, 6};
  ctx.pkt.ethertype = type;
  return {layer_for_ethertype(type), 6};
}

}  // namespace netmeter::decode
