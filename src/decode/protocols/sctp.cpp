#include "decode/protocols/sctp.hpp"

namespace netmeter::decode {

Step SctpDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 12) return Step::fail(ctx, core::Anomaly::truncated_sctp);
  auto& p = ctx.pkt;
  p.has_l4 = true;
  p.src_port = be16(d.data());
  p.dst_port = be16(d.data() + 2);
  p.l4_offset = static_cast<uint32_t>(ctx.offset);
  p.payload_len = ctx.l4_len >= 12 ? ctx.l4_len - 12 : 0;
  return Step::end();
}

}  // namespace netmeter::decode
