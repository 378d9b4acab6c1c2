#pragma once

#include "capture/packet_source.hpp"

namespace netmeter::capture {

/// Receives every packet a slot's reader reads, on the reader thread, before it is dispatched (the
/// packet ring buffer's recorder). offer() must neither block nor allocate: a sink that cannot keep up
/// drops and counts.
class PacketSink {
 public:
  virtual ~PacketSink() = default;
  virtual void offer(const RawPacket& packet) = 0;
  /// Reader thread: the source is idle or ended; make what was offered visible to the sink's consumer.
  virtual void flush() = 0;
};

}  // namespace netmeter::capture
