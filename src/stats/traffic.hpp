#pragma once

#include <cstdint>

namespace netmeter::stats {

/// The four values of every traffic counter, from the entity's point of view: received (rx) and
/// transmitted (tx) packets and bytes. Modules without a direction (a VLAN, a DSCP class) count into rx.
struct Traffic {
  uint64_t rx_packets = 0;
  uint64_t rx_bytes = 0;
  uint64_t tx_packets = 0;
  uint64_t tx_bytes = 0;

  void add_rx(uint64_t bytes) {
    ++rx_packets;
    rx_bytes += bytes;
  }
  void add_tx(uint64_t bytes) {
    ++tx_packets;
    tx_bytes += bytes;
  }
  Traffic& operator+=(const Traffic& o) {
    rx_packets += o.rx_packets;
    rx_bytes += o.rx_bytes;
    tx_packets += o.tx_packets;
    tx_bytes += o.tx_bytes;
    return *this;
  }
  friend Traffic operator+(Traffic a, const Traffic& b) { return a += b; }
  friend Traffic operator-(const Traffic& a, const Traffic& b) {
    return {a.rx_packets - b.rx_packets, a.rx_bytes - b.rx_bytes, a.tx_packets - b.tx_packets,
            a.tx_bytes - b.tx_bytes};
  }
  friend bool operator==(const Traffic&, const Traffic&) = default;

  uint64_t packets() const { return rx_packets + tx_packets; }
  uint64_t bytes() const { return rx_bytes + tx_bytes; }
  bool empty() const { return packets() == 0; }
  /// Each value scaled by num/den (integer, rounded down): a part of a bucket, or a per-second average.
  Traffic scaled(uint64_t num, uint64_t den) const;
  /// The same traffic seen from the other end.
  Traffic swapped() const { return {tx_packets, tx_bytes, rx_packets, rx_bytes}; }
};

inline Traffic Traffic::scaled(uint64_t num, uint64_t den) const {
  if (den == 0) return {};
  // 128-bit intermediate: bytes times seconds may exceed 64 bits. (__extension__: GCC's 128-bit type is
  // not ISO C++, and -Wpedantic would say so in every file that includes this.)
  __extension__ using Wide = unsigned __int128;
  auto s = [&](uint64_t v) { return static_cast<uint64_t>(static_cast<Wide>(v) * num / den); };
  return {s(rx_packets), s(rx_bytes), s(tx_packets), s(tx_bytes)};
}

}  // namespace netmeter::stats
