#include "decode/protocols/nsh.hpp"

#include "decode/dispatch.hpp"

namespace netmeter::decode {

// Network Service Header (RFC 8300; EtherType 0x894F, VXLAN-GPE, GRE): base and service path headers,
// metadata, all counted by the length field in 4-byte words; then the packet the next protocol names.
Step NshDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 8) return Step::fail(ctx, core::Anomaly::truncated_nsh);
  if ((d[0] >> 6) != 0) return Step::end();  // unknown version
  size_t header = size_t{d[1] & 0x3Fu} * 4;  // after version, O, U and the 6-bit TTL
  if (header < 8) return Step::fail(ctx, core::Anomaly::bad_nsh_length);
  if (d.size() < header) return Step::fail(ctx, core::Anomaly::truncated_nsh);
  return {layer_for_nsh_next_protocol(d[3]), header};
}

}  // namespace netmeter::decode
