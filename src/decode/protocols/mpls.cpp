#include "decode/protocols/mpls.hpp"

#include "decode/dispatch.hpp"

namespace netmeter::decode {

// A label stack ends at the bottom-of-stack bit; the payload is IP (version nibble) or, after a zero
// control word, an Ethernet pseudowire.
Step MplsDecoder::decode(Bytes d, DecodeContext& ctx) const {
  auto& p = ctx.pkt;
  size_t off = 0;
  for (;;) {
    if (d.size() < off + 4) return Step::fail(ctx, core::Anomaly::truncated_mpls);
    uint32_t entry = be32(d.data() + off);
    if (p.mpls_count == 0) p.mpls_top_label = entry >> 12;
    if (p.mpls_count < 255) ++p.mpls_count;
    off += 4;
    if (entry & 0x100) break;
  }
  if (d.size() <= off) return Step::end();
  if ((d[off] >> 4) == 0) return {Layer::Ethernet, off + 4};
  return {layer_for_ip_version(d[off]), off};
}

}  // namespace netmeter::decode
