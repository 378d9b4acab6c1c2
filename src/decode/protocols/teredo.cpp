#include "decode/protocols/teredo.hpp"

namespace netmeter::decode {

namespace {
constexpr size_t kOriginIndicator = 8;
constexpr size_t kAuthFixed = 4 + 8 + 1;  // type, lengths; nonce; confirmation byte
}  // namespace

// Teredo (RFC 4380): IPv6 in UDP port 3544, optionally after an authentication indicator (0x0001) and an
// origin indicator (0x0000), in that order. A payload that is not IPv6 ends the chain.
Step TeredoDecoder::decode(Bytes d, DecodeContext& ctx) const {
  using core::Anomaly;
  if (d.size() < 2) return Step::fail(ctx, Anomaly::truncated_teredo);
  size_t at = 0;
  if (d[0] == 0x00 && d[1] == 0x01) {
    if (d.size() < 4) return Step::fail(ctx, Anomaly::truncated_teredo);
    at = kAuthFixed + d[2] + d[3];
    if (d.size() <= at) return Step::fail(ctx, Anomaly::truncated_teredo);
  }
  if (d[at] == 0x00) {  // an IPv6 header never starts with 0: the origin indicator
    at += kOriginIndicator;
    if (d.size() <= at) return Step::fail(ctx, Anomaly::truncated_teredo);
  }
  if ((d[at] >> 4) != 6) return Step::end();
  ctx.tunnel_hint = TunnelType::Teredo;
  return {Layer::Ipv6, at};
}

}  // namespace netmeter::decode
