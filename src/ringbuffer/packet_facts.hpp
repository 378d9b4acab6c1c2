#pragma once

#include <cstdint>
#include <span>

#include "core/anomaly.hpp"
#include "core/flow_key.hpp"
#include "core/link_type.hpp"
#include "decode/dissector.hpp"
#include "filter/subject.hpp"

namespace netmeter::ringbuffer {

/// What the ring buffer's index and filters look at in one stored frame.
struct PacketFacts {
  filter::Subject subject;  ///< app fields left empty: the extractor fills them from the segment's flows
  core::FlowKey flow;       ///< meaningful when has_flow
  bool has_flow = false;    ///< the frame has an IP layer
};

/// Decodes frames of one link type into PacketFacts, off the packet path (writer and extraction threads).
/// Later IP fragments carry no ports, as on the packet path before reassembly.
class PacketInspector {
 public:
  explicit PacketInspector(core::LinkType link) : dissector_(link) {}
  void inspect(std::span<const std::byte> frame, uint32_t wire_len, PacketFacts& out);

 private:
  decode::Dissector dissector_;
  core::AnomalyCounters anomalies_;  ///< the engine counts anomalies; here they are ignored
};

}  // namespace netmeter::ringbuffer
