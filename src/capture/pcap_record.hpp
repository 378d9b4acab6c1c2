#pragma once

#include <pcap/pcap.h>

#include <algorithm>
#include <cstdint>

#include "capture/packet_source.hpp"

namespace netmeter::capture {

/// Nanoseconds since 1970 fit in 64 bits until 2262; pcapng can store later (or garbage) times. Clamping
/// the seconds keeps every later subtraction of packet times free of overflow.
inline constexpr int64_t kMaxPacketSeconds = int64_t{1} << 33;  // year 2242

/// A libpcap record (opened with nanosecond precision: `tv_usec` holds nanoseconds) as a RawPacket.
inline void to_raw_packet(const pcap_pkthdr& header, const u_char* data, RawPacket& out) {
  int64_t seconds = std::clamp<int64_t>(header.ts.tv_sec, 0, kMaxPacketSeconds);
  out.ts = core::Timestamp{seconds * core::kNanosPerSecond + header.ts.tv_usec};
  out.caplen = header.caplen;
  out.wire_len = header.len;
  out.data = data;
}

}  // namespace netmeter::capture
