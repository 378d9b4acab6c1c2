#include "decode/protocols/l2tp.hpp"

#include "decode/protocols/l2tpv3_ip.hpp"

namespace netmeter::decode {

namespace {
constexpr uint16_t kControl = 0x8000, kLength = 0x4000, kSequence = 0x0800, kOffset = 0x0200;

// L2TPv2 data message (RFC 2661): optional length, tunnel and session ids, optional Ns/Nr, optional offset
// padding, then a PPP frame.
Step v2(Bytes d, DecodeContext& ctx, uint16_t flags) {
  size_t header = 2 + (flags & kLength ? 2 : 0) + 4 + (flags & kSequence ? 4 : 0);
  if (flags & kOffset) {
    if (d.size() < header + 2) return Step::fail(ctx, core::Anomaly::truncated_l2tp);
    header += 2 + be16(d.data() + header);
  }
  if (d.size() < header) return Step::fail(ctx, core::Anomaly::truncated_l2tp);
  if (d.size() == header) return Step::end();
  ctx.tunnel_hint = TunnelType::L2tp;
  return {Layer::Ppp, header};
}

// L2TPv3 over UDP (RFC 3931 section 4.1.2.1): flags and version, 2 reserved bytes, the session id.
Step v3(Bytes d, DecodeContext& ctx) {
  if (d.size() < 8 + kMinEthernet) return Step::fail(ctx, core::Anomaly::truncated_l2tp);
  size_t at = l2tpv3_ethernet_offset(d.subspan(8));
  if (at == 0) return Step::end();
  ctx.tunnel_hint = TunnelType::L2tp;
  return {Layer::Ethernet, 4 + at};
}
}  // namespace

// L2TP over UDP 1701: control messages (T bit) end the chain; data messages carry PPP (v2) or an
// Ethernet pseudowire (v3).
Step L2tpDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 2) return Step::fail(ctx, core::Anomaly::truncated_l2tp);
  uint16_t flags = be16(d.data());
  if (flags & kControl) return Step::end();
  switch (flags & 0x000F) {
    case 2:
      return v2(d, ctx, flags);
    case 3:
      return v3(d, ctx);
    default:
      return Step::end();
  }
}

}  // namespace netmeter::decode
