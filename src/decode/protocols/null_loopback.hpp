#pragma once

#include "decode/decoder.hpp"

namespace netmeter::decode {

/// BSD loopback (DLT_NULL, family in the writer's byte order) and OpenBSD loopback (DLT_LOOP, network order).
class NullDecoder final : public Decoder {
 public:
  explicit NullDecoder(bool network_order) : network_order_(network_order) {}
  Step decode(Bytes data, DecodeContext& ctx) const override;

 private:
  bool network_order_;
};

}  // namespace netmeter::decode
