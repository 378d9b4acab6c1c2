#include "decode/protocols/fddi.hpp"

#include <algorithm>

namespace netmeter::decode {

namespace {
constexpr size_t kHeader = 13;  // frame control, destination, source
constexpr uint8_t kLlcFrameMask = 0xF8, kLlcFrame = 0x50;
}  // namespace

// FDDI (DLT_FDDI 10): frame control, two addresses (as captured; no bit reversal, as tshark by default),
// then 802.2 LLC. Only asynchronous LLC frames carry data we follow.
Step FddiDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < kHeader) return Step::fail(ctx, core::Anomaly::truncated_fddi);
  auto& p = ctx.pkt;
  std::copy_n(d.data() + 1, 6, p.dst_mac.begin());
  std::copy_n(d.data() + 7, 6, p.src_mac.begin());
  p.has_mac = true;
  if ((d[0] & kLlcFrameMask) != kLlcFrame) return Step::end();
  return {Layer::LlcSnap, kHeader};
}

}  // namespace netmeter::decode
