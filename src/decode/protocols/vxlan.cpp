#include "decode/protocols/vxlan.hpp"

namespace netmeter::decode {

// VXLAN (RFC 7348): 8-byte header, then the inner Ethernet frame.
Step VxlanDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 8) return Step::fail(ctx, core::Anomaly::truncated_vxlan);
  if (!(d[0] & 0x08)) return Step::end();  // no valid VNI: not VXLAN after all
  ctx.tunnel_hint = TunnelType::Vxlan;
  return {Layer::Ethernet, 8};
}

}  // namespace netmeter::decode
