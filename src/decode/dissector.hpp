#pragma once

#include <array>
#include <memory>

#include "core/anomaly.hpp"
#include "core/link_type.hpp"
#include "decode/decoded_packet.hpp"
#include "decode/decoder.hpp"

namespace netmeter::decode {

/// Runs the decoder chain over one frame: starts at the link type's decoder and follows the layer each
/// decoder names, through the table of registered decoders. Stateless after construction, so one
/// instance per thread costs nothing to share.
class Dissector {
 public:
  explicit Dissector(core::LinkType link);

  /// Fills `pkt` (whose timestamp and lengths the caller has set) from the frame bytes.
  void decode(Bytes frame, DecodedPacket& pkt, core::AnomalyCounters& anomalies) const {
    run(first_, frame, pkt, anomalies);
  }
  /// The same for a frame of another link type (pcapng files whose interfaces differ).
  void decode(Bytes frame, DecodedPacket& pkt, core::AnomalyCounters& anomalies, core::LinkType link) const;

  static constexpr int kMaxLayers = 24;

 private:
  void run(Layer first, Bytes frame, DecodedPacket& pkt, core::AnomalyCounters& anomalies) const;

  std::array<std::unique_ptr<Decoder>, kLayerCount> table_;
  Layer first_;
};

/// Convenience for tests and tools: decode one frame into a fresh DecodedPacket.
DecodedPacket decode_frame(core::LinkType link, Bytes frame, core::AnomalyCounters& anomalies);

}  // namespace netmeter::decode
