#pragma once

#include "capture/packet_source.hpp"
#include "core/anomaly.hpp"
#include "decode/dissector.hpp"
#include "engine/packet_record.hpp"
#include "flow/fragment_map.hpp"

namespace netmeter::engine {

/// Turns a captured frame into a PacketRecord: runs the decoder chain, gives later IP fragments the
/// ports of their first fragment, and computes the flow hash that routes the packet to its worker.
/// The reader uses it when it routes packets among several workers; a lone worker uses it itself.
class PacketDecoder {
 public:
  explicit PacketDecoder(core::LinkType link) : dissector_(link) {}

  /// Fills `rec` (kind, packet, hash, direction) from `raw`; returns how many bytes from the IP header
  /// on were captured (0 for non-IP packets).
  uint32_t decode(const capture::RawPacket& raw, PacketRecord& rec);

  const core::AnomalyCounters& anomalies() const { return anomalies_; }

 private:
  decode::Dissector dissector_;
  flow::FragmentMap fragments_;
  core::AnomalyCounters anomalies_;
};

}  // namespace netmeter::engine
