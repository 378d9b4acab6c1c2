#include "decode/protocols/erspan3.hpp"

namespace netmeter::decode {

namespace {
constexpr size_t kHeader = 12;
constexpr size_t kPlatformSubheader = 8;
constexpr uint8_t kFrameTypeEthernet = 0;
}  // namespace

// ERSPAN type III (GRE protocol 0x22EB): a 12-byte header, an 8-byte platform subheader when the O flag is
// set, then the mirrored Ethernet frame. Other frame types (FT) end the chain.
Step Erspan3Decoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < kHeader) return Step::fail(ctx, core::Anomaly::truncated_erspan);
  if ((d[0] >> 4) != 2) return Step::end();  // version 2 is type III
  size_t header = kHeader + ((d[11] & 0x01) ? kPlatformSubheader : 0);
  if (d.size() < header) return Step::fail(ctx, core::Anomaly::truncated_erspan);
  uint8_t frame_type = (d[10] >> 2) & 0x1F;
  if (frame_type != kFrameTypeEthernet) return Step::end();
  return {Layer::Ethernet, header};
}

}  // namespace netmeter::decode
