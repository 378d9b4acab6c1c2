#include "decode/protocols/ethernet.hpp"

#include <algorithm>

#include "decode/dispatch.hpp"

namespace netmeter::decode {

Step EthernetDecoder::decode(Bytes d, DecodeContext& ctx) const {
  constexpr size_t kHeader = 14;
  if (d.size() < kHeader) return Step::fail(ctx, core::Anomaly::truncated_ethernet);
  auto& p = ctx.pkt;
  std::copy_n(d.data(), 6, p.dst_mac.begin());
  std::copy_n(d.data() + 6, 6, p.src_mac.begin());
  p.has_mac = true;
  uint16_t type = be16(d.data() + 12);
  if (type < 0x0600) return {Layer::LlcSnap, kHeader, std::min<size_t>(type, d.size() - kHeader)};
  p.ethertype = type;
  return {layer_for_ethertype(type), kHeader};
}

}  // namespace netmeter::decode
