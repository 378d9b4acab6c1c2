#include "decode/protocols/l2tpv3_ip.hpp"

namespace netmeter::decode {

size_t l2tpv3_ethernet_offset(Bytes d) {
  for (size_t at : {0, 4, 8, 12}) {
    if (d.size() < at + 14) return 0;
    switch (be16(d.data() + at + 12)) {
      case 0x0800:
      case 0x86DD:
      case 0x0806:
      case 0x8100:
        return at + 4;  // + 4: the caller's session id
      default:
        break;
    }
  }
  return 0;
}

// RFC 3931 section 4.1.1.
Step L2tpv3IpDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 4) return Step::fail(ctx, core::Anomaly::truncated_l2tp);
  if (be32(d.data()) == 0) return Step::end();  // control message
  if (d.size() < 4 + kMinEthernet) return Step::fail(ctx, core::Anomaly::truncated_l2tp);
  size_t at = l2tpv3_ethernet_offset(d.subspan(4));
  if (at == 0) return Step::end();
  ctx.tunnel_hint = TunnelType::L2tp;
  return {Layer::Ethernet, at};
}

}  // namespace netmeter::decode
