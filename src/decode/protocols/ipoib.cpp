#include "decode/protocols/ipoib.hpp"

#include "decode/dispatch.hpp"

namespace netmeter::decode {

namespace {
constexpr size_t kPseudoGrh = 40;  // the capture's pseudo global route header (addresses, not decoded)
constexpr size_t kHeader = kPseudoGrh + 4;
}  // namespace

// IP over InfiniBand (LINKTYPE_IPOIB 242, RFC 4391): a 40-byte pseudo header, then the 4-byte IPoIB
// header: EtherType and 2 reserved bytes.
Step IpoibDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < kHeader) return Step::fail(ctx, core::Anomaly::truncated_ipoib);
  uint16_t type = be16(d.data() + kPseudoGrh);
  ctx.pkt.ethertype = type;
  return {layer_for_ethertype(type), kHeader};
}

}  // namespace netmeter::decode
