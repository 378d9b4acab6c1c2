#include "decode/protocols/ppp.hpp"

#include "decode/dispatch.hpp"

namespace netmeter::decode {

// PPP in HDLC-like framing (address 0xFF, control 0x03 are optional) with a 1- or 2-byte protocol field.
Step PppDecoder::decode(Bytes d, DecodeContext& ctx) const {
  // Links captured as PPP sometimes carry Cisco HDLC frames (address 0x0F unicast, 0x8F broadcast).
  if (!d.empty() && (d[0] == 0x0F || d[0] == 0x8F)) return {Layer::CiscoHdlc, 0};
  size_t off = 0;
  if (d.size() >= 2 && d[0] == 0xFF && d[1] == 0x03) off = 2;
  if (d.size() < off + 1) return Step::fail(ctx, core::Anomaly::truncated_ppp);
  uint16_t protocol;
  if (d[off] & 0x01) {  // protocol field compression
    protocol = d[off];
    off += 1;
  } else {
    if (d.size() < off + 2) return Step::fail(ctx, core::Anomaly::truncated_ppp);
    protocol = be16(d.data() + off);
    off += 2;
  }
  return {layer_for_ppp_protocol(protocol), off};
}

}  // namespace netmeter::decode
