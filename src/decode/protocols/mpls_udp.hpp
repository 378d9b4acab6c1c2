#pragma once

#include "decode/decoder.hpp"

namespace netmeter::decode {

class MplsUdpDecoder final : public Decoder {
 public:
  Step decode(Bytes data, DecodeContext& ctx) const override;
};

}  // namespace netmeter::decode
