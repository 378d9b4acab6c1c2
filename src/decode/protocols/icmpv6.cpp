#include "decode/protocols/icmpv6.hpp"

namespace netmeter::decode {

Step Icmpv6Decoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 4) return Step::fail(ctx, core::Anomaly::truncated_icmpv6);
  auto& p = ctx.pkt;
  p.has_l4 = true;
  p.icmp_type = d[0];
  p.icmp_code = d[1];
  p.l4_offset = static_cast<uint32_t>(ctx.offset);
  p.payload_len = ctx.l4_len >= 8 ? ctx.l4_len - 8 : 0;  // as ICMP: type, code, checksum, 4-byte field
  return Step::end();
}

}  // namespace netmeter::decode
