#include "decode/protocols/radiotap.hpp"

namespace netmeter::decode {

namespace {
constexpr uint32_t kPresentTsft = 1u << 0;
constexpr uint32_t kPresentFlags = 1u << 1;
constexpr uint32_t kPresentExtended = 1u << 31;
constexpr uint8_t kFlagFcsAtEnd = 0x10;

// Reads the radiotap "flags" field, which says whether the frame ends with a 4-byte FCS.
bool has_trailing_fcs(Bytes d, size_t header_len) {
  uint32_t present = le32(d.data() + 4);
  size_t off = 8;
  for (uint32_t word = present; word & kPresentExtended; off += 4) {
    if (off + 4 > header_len) return false;
    word = le32(d.data() + off);
  }
  if (present & kPresentTsft) off = ((off + 7) & ~size_t{7}) + 8;
  if (!(present & kPresentFlags) || off >= header_len) return false;
  return d[off] & kFlagFcsAtEnd;
}
}  // namespace

Step RadiotapDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 8) return Step::fail(ctx, core::Anomaly::truncated_radiotap);
  size_t length = le16(d.data() + 2);
  if (d[0] != 0 || length < 8 || length > d.size()) return Step::fail(ctx, core::Anomaly::truncated_radiotap);
  size_t frame = d.size() - length;
  if (has_trailing_fcs(d, length)) frame = frame >= 4 ? frame - 4 : 0;
  return {Layer::Ieee80211, length, frame};
}

}  // namespace netmeter::decode
