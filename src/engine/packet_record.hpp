#pragma once

#include <cstdint>

#include "decode/decoded_packet.hpp"

namespace netmeter::engine {

/// What the reader hands a worker through its queue: the decoded packet, routing facts, and after it
/// the frame bytes from the IP header on (`l3_bytes` of them), which application detection reads.
struct PacketRecord {
  enum Kind : uint8_t { kPacket = 0, kEnd = 1, kFlush = 2 };
  Kind kind = kPacket;
  bool key_swapped = false;  ///< the sender is the key's `hi` endpoint
  uint32_t l3_bytes = 0;
  uint64_t flow_hash = 0;
  decode::DecodedPacket pkt;
};

}  // namespace netmeter::engine
