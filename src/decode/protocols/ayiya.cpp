#include "decode/protocols/ayiya.hpp"

#include "decode/dispatch.hpp"

namespace netmeter::decode {

namespace {
constexpr uint8_t kOpForward = 1;
}  // namespace

// AYIYA (Anything In Anything, UDP 5072): an 8-byte header, the identity (2^idlen bytes) and the
// signature (siglen 4-byte words); forward messages then carry the packet the next-header field names.
Step AyiyaDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 8) return Step::fail(ctx, core::Anomaly::truncated_ayiya);
  size_t identity = size_t{1} << (d[0] >> 4);
  size_t signature = (size_t{d[1]} >> 4) * 4;
  size_t header = 8 + identity + signature;
  if (d.size() < header) return Step::fail(ctx, core::Anomaly::truncated_ayiya);
  if ((d[2] & 0x0F) != kOpForward) return Step::end();
  Layer next = layer_for_ip_proto(d[3]);
  if (next != Layer::Ipv4 && next != Layer::Ipv6) return Step::end();
  ctx.tunnel_hint = TunnelType::Ayiya;
  return {next, header};
}

}  // namespace netmeter::decode
