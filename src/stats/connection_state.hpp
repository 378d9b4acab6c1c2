#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "flow/flow.hpp"
#include "stats/connection_update.hpp"

namespace netmeter::stats {

/// A TCP connection's quality as the statistics keep it: what the lists and items show of it, without the
/// tracker's sequence numbers and timers (ConnectionUpdate carries those in full).
struct TcpSummary {
  struct Direction {
    uint32_t retransmissions = 0;
    uint32_t out_of_order = 0;
    uint32_t lost = 0;
    uint32_t zero_windows = 0;
  };
  int64_t server_rtt_ns = -1;
  int64_t client_rtt_ns = -1;
  std::array<Direction, 2> dir{};

  static TcpSummary from(const flow::TcpInfo& t);
};

/// The latest state of a connection kept by the statistics (one per active or kept connection, so it is
/// compact: a ConnectionUpdate without the TCP tracker's working state, the server name on the heap only
/// when there is one).
struct ConnectionState {
  uint64_t id = 0;
  core::FlowKey key;
  bool client_is_lo = true;
  bool ended = false;
  flow::EndReason end = flow::EndReason::Active;
  flow::DpiStatus dpi_status = flow::DpiStatus::Pending;
  uint8_t breed = 0;
  flow::TcpState tcp_state = flow::TcpState::None;  ///< beside the other bytes: no padding
  uint16_t master = 0;
  uint16_t app = 0;
  uint16_t category = 0;
  std::array<flow::DirectionStats, 2> dir{};
  TcpSummary tcp;
  uint64_t risk = 0;  ///< nDPI flow risk bitmap (bit n: risk n)
  std::string server_name;

  /// Takes the update's values (the server name's storage is reused when it did not change).
  void assign(const ConnectionUpdate& u);
  /// The TCP state and quality in the tracker's form (the fields not kept are left at their defaults).
  flow::TcpInfo tcp_info() const;
};

}  // namespace netmeter::stats
