#include "decode/protocols/pppoe.hpp"

#include <algorithm>

#include "decode/dispatch.hpp"

namespace netmeter::decode {

// PPPoE session stage: 6-byte header, then the PPP protocol field.
Step PppoeDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 8) return Step::fail(ctx, core::Anomaly::truncated_pppoe);
  ctx.pkt.pppoe = true;
  size_t length = be16(d.data() + 4);  // covers the PPP protocol field and its payload
  uint16_t protocol = be16(d.data() + 6);
  size_t limit = length >= 2 ? std::min(length - 2, d.size() - 8) : 0;
  return {layer_for_ppp_protocol(protocol), 8, limit};
}

}  // namespace netmeter::decode
