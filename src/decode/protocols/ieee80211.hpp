#pragma once

#include "decode/decoder.hpp"

namespace netmeter::decode {

/// 802.11 data frames. `swapped_frame_control`: the two frame control bytes come in the other order, as
/// Cisco wireless controllers send them in CAPWAP.
class Ieee80211Decoder final : public Decoder {
 public:
  explicit Ieee80211Decoder(bool swapped_frame_control = false) : swapped_(swapped_frame_control) {}
  Step decode(Bytes data, DecodeContext& ctx) const override;

 private:
  bool swapped_;
};

}  // namespace netmeter::decode
