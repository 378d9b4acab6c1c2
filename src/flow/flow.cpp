#include "flow/flow.hpp"

#include <algorithm>

namespace netmeter::flow {

std::string_view tcp_state_name(TcpState s) {
  switch (s) {
    case TcpState::None:
      return "none";
    case TcpState::SynSent:
      return "syn_sent";
    case TcpState::SynReceived:
      return "syn_received";
    case TcpState::Established:
      return "established";
    case TcpState::Closing:
      return "closing";
    case TcpState::Closed:
      return "closed";
    case TcpState::Reset:
      return "reset";
    case TcpState::Midstream:
      return "midstream";
  }
  return "none";
}

std::string_view end_reason_name(EndReason r) {
  switch (r) {
    case EndReason::Active:
      return "active";
    case EndReason::IdleTimeout:
      return "idle";
    case EndReason::Evicted:
      return "evicted";
    case EndReason::AnalysisEnd:
      return "analysis_end";
  }
  return "active";
}

core::Timestamp first_seen(const std::array<DirectionStats, 2>& dir) {
  if (dir[1].packets == 0) return dir[0].packets ? dir[0].first_seen : core::Timestamp{};
  if (dir[0].packets == 0) return dir[1].first_seen;
  return std::min(dir[0].first_seen, dir[1].first_seen);
}

core::Timestamp last_seen(const std::array<DirectionStats, 2>& dir) {
  if (dir[1].packets == 0) return dir[0].packets ? dir[0].last_seen : core::Timestamp{};
  if (dir[0].packets == 0) return dir[1].last_seen;
  return std::max(dir[0].last_seen, dir[1].last_seen);
}

}  // namespace netmeter::flow
