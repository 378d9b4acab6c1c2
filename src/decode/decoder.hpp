#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/anomaly.hpp"
#include "decode/decoded_packet.hpp"
#include "decode/layer.hpp"

namespace netmeter::decode {

using Bytes = std::span<const uint8_t>;

/// What a decoder writes to: the packet description and the anomaly counters.
struct DecodeContext {
  DecodedPacket& pkt;
  core::AnomalyCounters& anomalies;
  size_t offset = 0;                          ///< where the current layer starts in the frame
  uint32_t l4_len = 0;                        ///< bytes after the IP header(s), from the IP length fields
  TunnelType tunnel_hint = TunnelType::None;  ///< set by a tunnel decoder for the IP layer that follows
};

/// Result of one decoder: the next layer, and how many bytes this one consumed.
struct Step {
  static constexpr size_t kNoLimit = static_cast<size_t>(-1);
  Layer next = Layer::End;
  size_t consumed = 0;
  size_t limit = kNoLimit;  ///< when set, the next layer sees at most this many bytes (drops padding, FCS)

  static Step end() { return {}; }
  static Step fail(DecodeContext& ctx, core::Anomaly a) {
    ctx.anomalies.add(a);
    return {};
  }
};

/// One protocol. A decoder checks its bounds, records what it found and names the next layer; it never
/// reads outside `data` and never throws.
class Decoder {
 public:
  virtual ~Decoder() = default;
  virtual Step decode(Bytes data, DecodeContext& ctx) const = 0;
};

// Big-endian readers; callers check bounds first.
inline uint16_t be16(const uint8_t* p) {
  return static_cast<uint16_t>((p[0] << 8) | p[1]);
}
inline uint32_t be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}
inline uint16_t le16(const uint8_t* p) {
  return static_cast<uint16_t>(p[0] | (p[1] << 8));
}
inline uint32_t le32(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

}  // namespace netmeter::decode
