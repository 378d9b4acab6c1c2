#include "decode/protocols/cisco_hdlc.hpp"

#include "decode/dispatch.hpp"

namespace netmeter::decode {

// Cisco HDLC: address, control, then an ethertype.
Step CiscoHdlcDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 4) return Step::fail(ctx, core::Anomaly::truncated_ppp);
  uint16_t type = be16(d.data() + 2);
  ctx.pkt.ethertype = type;
  return {layer_for_ethertype(type), 4};
}

}  // namespace netmeter::decode
