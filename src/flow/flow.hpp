#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/flow_key.hpp"
#include "core/timestamp.hpp"

namespace netmeter::flow {

/// Traffic of one direction of a flow.
struct DirectionStats {
  uint64_t packets = 0;
  uint64_t bytes = 0;          ///< frame bytes on the wire
  uint64_t payload_bytes = 0;  ///< L4 payload bytes
  core::Timestamp first_seen;
  core::Timestamp last_seen;
};

/// Over the directions that carried a packet: the first packet's time and the last one's (zero when none
/// did).
core::Timestamp first_seen(const std::array<DirectionStats, 2>& dir);
core::Timestamp last_seen(const std::array<DirectionStats, 2>& dir);

/// The client's and the server's end of a flow's key, given whether its lower end is the client.
inline const core::Endpoint& client_end(const core::FlowKey& key, bool client_is_lo) {
  return client_is_lo ? key.lo : key.hi;
}
inline const core::Endpoint& server_end(const core::FlowKey& key, bool client_is_lo) {
  return client_is_lo ? key.hi : key.lo;
}

enum class TcpState : uint8_t { None, SynSent, SynReceived, Established, Closing, Closed, Reset, Midstream };
std::string_view tcp_state_name(TcpState s);

/// Sequence tracking for one direction of a TCP connection.
// Members ordered by size, so that a flow (one per connection, held by every table) has no padding.
struct TcpDirection {
  uint32_t next_seq = 0;  ///< the sequence number expected next
  uint32_t retransmissions = 0;
  uint32_t out_of_order = 0;
  uint32_t lost = 0;  ///< gaps: a segment arrived beyond the expected sequence number
  uint32_t zero_windows = 0;
  bool seq_known = false;
  bool fin_seen = false;
  bool last_was_retransmission = false;  ///< the latest segment repeated data already seen
  core::Timestamp last_gap;
};

struct TcpInfo {
  std::array<TcpDirection, 2> dir{};
  core::Timestamp syn_time;
  core::Timestamp synack_time;
  int64_t server_rtt_ns = -1;  ///< SYN → SYN-ACK, the probe-to-server leg
  int64_t client_rtt_ns = -1;  ///< SYN-ACK → ACK, the probe-to-client leg
  TcpState state = TcpState::None;
  uint8_t flags_seen[2] = {0, 0};
};

enum class DpiStatus : uint8_t { Pending, Detected, GaveUp, NotInspected };

/// Application detection results. The numbers are nDPI's; the dpi module turns them into names.
struct AppInfo {
  uint16_t master = 0;
  uint16_t app = 0;
  uint16_t category = 0;
  uint8_t breed = 0;
  uint8_t confidence = 0;
  DpiStatus status = DpiStatus::Pending;
  bool guessed = false;
  uint16_t dpi_packets = 0;  ///< packets handed to the detector
  uint64_t risk = 0;         ///< bitmap of nDPI flow risks
  std::string server_name;   ///< TLS SNI, HTTP Host, DNS query ... as the detector found it
};

enum class EndReason : uint8_t { Active, IdleTimeout, Evicted, AnalysisEnd };
std::string_view end_reason_name(EndReason r);

/// A bidirectional flow. Index 0 of the per-direction arrays is client→server, 1 is server→client.
struct Flow {
  static constexpr int kClientToServer = 0;
  static constexpr int kServerToClient = 1;

  core::FlowKey key;
  bool client_is_lo = true;  ///< whether key.lo is the client
  EndReason end = EndReason::Active;
  /// The statistics recorder's lookup hint: where the server's host entry was last found (this fills
  /// what would be padding; a flow stays 312 bytes).
  uint16_t stats_hint = 0;
  std::array<DirectionStats, 2> dir{};
  TcpInfo tcp;
  AppInfo app;
  void* dpi_state = nullptr;  ///< owned by the dpi module while detection runs
  uint64_t id = 0;            ///< unique within an engine run (the worker's number in the top bits)
  uint32_t stats_epoch = 0;   ///< the statistics recorder's bookkeeping: second it was last touched in
  uint32_t stats_index = 0;   ///< and its place in that second's list

  const core::Endpoint& client() const { return client_end(key, client_is_lo); }
  const core::Endpoint& server() const { return server_end(key, client_is_lo); }
  uint64_t packets() const { return dir[0].packets + dir[1].packets; }
  uint64_t bytes() const { return dir[0].bytes + dir[1].bytes; }
  core::Timestamp first_seen() const { return flow::first_seen(dir); }
  core::Timestamp last_seen() const { return flow::last_seen(dir); }
};

}  // namespace netmeter::flow
