#pragma once

#include <cstddef>
#include <cstdint>

#include "decode/decoded_packet.hpp"

namespace netmeter::engine {

/// What the reader hands a worker through its queue: the decoded packet, routing facts, and after it
/// the frame bytes from the IP header on (`l3_bytes` of them), which application detection reads.
///
/// In the queue a record is stored as its first `header_bytes` bytes followed by the frame bytes: when
/// a packet has no ARP or tunnel fields, the rarely used tail of DecodedPacket is not copied, which saves
/// two of the cache lines that cross from the reader's core to the worker's for every packet.
struct PacketRecord {
  enum Kind : uint8_t {
    kPacket = 0,    ///< decoded packet, followed by the bytes from its IP header on
    kRawFrame = 1,  ///< only timestamp and lengths are set, followed by the whole captured frame
    kEnd = 2,
    kTimeMark = 3,  ///< only the timestamp is set: the source's packet time reached this second
  };
  Kind kind = kPacket;
  /// kRawFrame only: the frame's link type (core::LinkType) when it differs per packet (pcapng with
  /// interfaces of several link types), else kSourceLink. Fits in the padding after `kind`.
  uint8_t link = kSourceLink;
  static constexpr uint8_t kSourceLink = 0xFF;
  uint16_t header_bytes = 0;  ///< how much of this struct the queue holds; the frame bytes follow
  uint32_t l3_bytes = 0;
  uint64_t flow_hash = 0;
  decode::DecodedPacket pkt;

  /// Queue bytes for the struct part of this record, rounded so the frame bytes stay aligned.
  size_t stored_header_bytes() const {
    size_t n = kind == kRawFrame || kind == kTimeMark
                   ? offsetof(PacketRecord, pkt) + offsetof(decode::DecodedPacket, src_mac)
               : pkt.has_rare_fields() ? sizeof(PacketRecord)
                                       : offsetof(PacketRecord, pkt) + decode::kDecodedPacketCommonBytes;
    return (n + 7) & ~size_t{7};
  }
};

}  // namespace netmeter::engine
