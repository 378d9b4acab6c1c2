#include "decode/protocols/geneve.hpp"

#include "decode/dispatch.hpp"

namespace netmeter::decode {

// Geneve (RFC 8926): 8-byte header plus options, then the frame its protocol type names (Ethernet via
// 0x6558, or IP). Version 1+ and control (OAM) packets end the chain.
Step GeneveDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 8) return Step::fail(ctx, core::Anomaly::truncated_geneve);
  if ((d[0] >> 6) != 0 || (d[1] & 0x80)) return Step::end();
  size_t header = 8 + size_t{d[0] & 0x3Fu} * 4;
  if (d.size() < header) return Step::fail(ctx, core::Anomaly::truncated_geneve);
  Layer next = layer_for_ethertype(be16(d.data() + 2));
  if (next != Layer::End) ctx.tunnel_hint = TunnelType::Geneve;
  return {next, header};
}

}  // namespace netmeter::decode
