#pragma once

#include <array>
#include <cstdint>
#include <limits>

#include "stats/keys.hpp"
#include "stats/packet_view.hpp"
#include "stats/traffic.hpp"

namespace netmeter::stats {

/// TCP flags counted per host (segments it sent).
enum class TcpFlagCount : uint8_t { Syn, SynAck, Fin, Rst, Psh, Urg, Count };

/// What one worker saw of a host during one second.
struct HostDelta {
  Traffic traffic;
  int64_t first_ns = std::numeric_limits<int64_t>::max();
  int64_t last_ns = 0;
  uint64_t ttl_sum = 0;  ///< TTL / hop limit of packets it sent
  uint32_t ttl_count = 0;
  uint8_t ttl_min = 255;
  uint8_t ttl_max = 0;
  bool broadcast = false;  ///< received frames sent to the Ethernet broadcast address
  std::array<uint32_t, static_cast<size_t>(TcpFlagCount::Count)> tcp_flags{};
  std::array<uint32_t, kSizeBins> sizes{};  ///< packets it sent, by size class
  std::array<MacKey, 2> macs{};  ///< source MACs of its packets (0: none); more: ShardDelta::host_macs
  uint32_t syn_rcvd = 0;     ///< TCP SYNs (without ACK) sent to it: the alert checks' SYN flood/scan victim
  uint32_t synack_rcvd = 0;  ///< SYN-ACKs sent to it: answers to its SYNs
  uint32_t icmp_sent = 0;    ///< ICMP / ICMPv6 packets it sent: the ICMP flood check's attacker count
  uint32_t icmp_rcvd = 0;    ///< and received (victim)

  void seen(int64_t ns) {
    if (ns < first_ns) first_ns = ns;
    if (ns > last_ns) last_ns = ns;
  }
};

/// Traffic of one host in one DSCP class other than 0 (class 0 is the rest of its traffic).
struct HostDscpKey {
  HostKey host;
  uint8_t dscp = 0;
  friend bool operator==(const HostDscpKey&, const HostDscpKey&) = default;
};
struct HostDscpKeyHash {
  size_t operator()(const HostDscpKey& k) const { return HostKeyHash{}(k.host) ^ core::mix64(k.dscp + 1); }
};

/// A host and one of its source MACs, beyond the two its HostDelta holds (several routers, VRRP, a
/// spoofer): kept apart so that which MACs a host shows never depends on where deltas are cut.
struct HostMacKey {
  HostKey host;
  MacKey mac = 0;
  friend bool operator==(const HostMacKey&, const HostMacKey&) = default;
};
struct HostMacKeyHash {
  size_t operator()(const HostMacKey& k) const { return HostKeyHash{}(k.host) ^ core::mix64(k.mac + 1); }
};

}  // namespace netmeter::stats
