#include "decode/protocols/ieee80211.hpp"

#include <algorithm>

namespace netmeter::decode {

namespace {
constexpr uint16_t kToDs = 0x0100, kFromDs = 0x0200, kProtected = 0x4000, kOrder = 0x8000;
constexpr int kTypeData = 2;
}  // namespace

// 802.11 data frames: the MAC header (3 or 4 addresses, QoS and HT control when present), then LLC/SNAP.
// Management, control, null-data and encrypted frames end the chain.
Step Ieee80211Decoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 2) return Step::fail(ctx, core::Anomaly::truncated_80211);
  uint16_t fc = swapped_ ? be16(d.data()) : le16(d.data());
  int type = (fc >> 2) & 0x3;
  int subtype = (fc >> 4) & 0xF;
  // Control frames (ACK, CTS: 10 bytes) are shorter than a data header; only data frames go on.
  if (type != kTypeData || (subtype & 0x4) || (fc & kProtected)) return Step::end();
  if (d.size() < 24) return Step::fail(ctx, core::Anomaly::truncated_80211);
  bool to_ds = fc & kToDs, from_ds = fc & kFromDs, qos = subtype & 0x8;
  size_t header = 24 + (to_ds && from_ds ? 6 : 0) + (qos ? 2 : 0) + (qos && (fc & kOrder) ? 4 : 0);
  if (d.size() < header) return Step::fail(ctx, core::Anomaly::truncated_80211);
  const uint8_t* a1 = d.data() + 4;
  const uint8_t* a2 = d.data() + 10;
  const uint8_t* a3 = d.data() + 16;
  const uint8_t* dst = to_ds ? a3 : a1;
  const uint8_t* src = from_ds ? (to_ds ? d.data() + 24 : a3) : a2;
  auto& p = ctx.pkt;
  std::copy_n(dst, 6, p.dst_mac.begin());
  std::copy_n(src, 6, p.src_mac.begin());
  p.has_mac = true;
  return {Layer::LlcSnap, header};
}

}  // namespace netmeter::decode
