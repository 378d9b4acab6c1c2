#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/flow_key.hpp"

namespace netmeter::ringbuffer {
class RingRecorder;
}

namespace netmeter::api {

/// The two ends of a flow as the ring buffer's filters select its packets.
struct FlowEnds {
  core::Endpoint client;
  core::Endpoint server;
  uint8_t l4 = 0;
  uint16_t vlan = 0;
};

/// ntopng's BPF of a flow: "host A and host B and port P and port Q" ("vlan V and ..." when tagged, which
/// libpcap needs to look past the tag).
std::string flow_bpf(const FlowEnds& f);
/// The Allegro capture expression of a flow: each end with its port ("ip==A:P and ip==B:Q and
/// l4Protocol==TCP", IPv6 as "[A]:P"), the VLAN when tagged; filter::parse reads it and the ring buffer's
/// extraction takes it.
std::string flow_capture_expression(const FlowEnds& f);

/// `text` percent-encoded for a query string (unreserved characters kept).
std::string url_encoded(std::string_view text);

/// Epoch microseconds, inclusive both ends, of an Allegro capture extraction.
struct CaptureRange {
  int64_t start_us = 0;
  int64_t end_us = 0;
};
/// The Allegro capture URL of slot `slot`'s ring buffer for `expression`, over `range` when given.
std::string capture_url(uint32_t slot, std::string_view expression, std::optional<CaptureRange> range);

/// Whether a ring buffer may still hold packets of [begin_ns, end_ns]: read once per answer (the
/// recorder's time range), then asked per row. Never holds anything without a recorder.
class RingCoverage {
 public:
  RingCoverage() = default;
  explicit RingCoverage(const ringbuffer::RingRecorder* recorder);
  bool covers(int64_t begin_ns, int64_t end_ns) const {
    return oldest_ns_ != 0 && begin_ns <= newest_ns_ && end_ns >= oldest_ns_;
  }

 private:
  int64_t oldest_ns_ = 0;  ///< 0: nothing recorded
  int64_t newest_ns_ = 0;
};

}  // namespace netmeter::api
