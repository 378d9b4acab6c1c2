#pragma once

// Decoding helpers for the decoder tests: decode a whole frame, a snap-length-cut frame, and check that
// every prefix of a frame reports exactly the anomaly of the header it cuts.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "core/anomaly.hpp"
#include "core/link_type.hpp"
#include "decode/dissector.hpp"
#include "packet_builder.hpp"

namespace netmeter::test {

using core::Anomaly;
using core::LinkType;

/// Every anomaly counted, by name, in enum order ("" when none): "truncated_ipv4,truncated_tcp".
inline std::string anomaly_names(const core::AnomalyCounters& counters) {
  std::string out;
  for (size_t i = 0; i < core::kAnomalyCount; ++i) {
    for (uint64_t n = 0; n < counters.counts[i]; ++n) {
      if (!out.empty()) out += ',';
      out += core::anomaly_name(static_cast<Anomaly>(i));
    }
  }
  return out;
}

struct Decoded {
  decode::DecodedPacket pkt;
  core::AnomalyCounters anomalies;
  std::string anomaly_names() const { return test::anomaly_names(anomalies); }
};

/// The whole frame was captured and is all the wire carried.
inline Decoded decode(LinkType link, const Frame& frame) {
  Decoded d;
  d.pkt = decode::decode_frame(link, frame, d.anomalies);
  return d;
}

/// Only the first `caplen` bytes were captured (snap length); the wire carried all of `frame`.
inline Decoded decode_captured(LinkType link, const Frame& frame, size_t caplen) {
  // A copy of exactly `caplen` bytes, so that a read past the end is a heap overflow ASan reports.
  Frame captured(frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(caplen));
  Decoded d;
  d.pkt.caplen = static_cast<uint32_t>(caplen);
  d.pkt.wire_len = static_cast<uint32_t>(frame.size());
  decode::Dissector(link).decode(captured, d.pkt, d.anomalies);
  return d;
}

/// Prefixes shorter than `end` (and at least as long as the previous cut's end) report `anomaly`, or
/// nothing when it is nullopt.
struct Cut {
  size_t end;
  std::optional<Anomaly> anomaly;
};

/// Decodes every prefix of `frame` (snap-length cuts: the wire length stays the full frame) and expects
/// exactly one anomaly, the one of the header the cut falls in; the empty prefix is `empty_packet` and
/// prefixes past the last cut report nothing.
inline void expect_prefixes(LinkType link, const Frame& frame, const std::vector<Cut>& cuts) {
  ASSERT_FALSE(cuts.empty());
  ASSERT_LE(cuts.back().end, frame.size()) << "cuts describe more bytes than the frame has";
  for (size_t i = 1; i < cuts.size(); ++i)
    ASSERT_LT(cuts[i - 1].end, cuts[i].end) << "cuts must ascend";
  for (size_t n = 0; n <= frame.size(); ++n) {
    std::string expected;
    if (n == 0) {
      expected = "empty_packet";
    } else {
      for (const Cut& c : cuts) {
        if (n < c.end) {
          if (c.anomaly) expected = core::anomaly_name(*c.anomaly);
          break;
        }
      }
    }
    EXPECT_EQ(decode_captured(link, frame, n).anomaly_names(), expected)
        << "prefix of " << n << " of " << frame.size() << " bytes";
  }
}

}  // namespace netmeter::test
