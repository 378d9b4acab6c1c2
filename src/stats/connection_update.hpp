#pragma once

#include <array>
#include <cstdint>

#include "flow/flow.hpp"
#include "stats/keys.hpp"

namespace netmeter::stats {

/// The state of one flow as a worker hands it over, once per second it was active and once when it ends.
/// A plain copy (no strings on the heap), so building it allocates nothing.
struct ConnectionUpdate {
  uint64_t id = 0;
  core::FlowKey key;
  bool client_is_lo = true;
  bool ended = false;
  flow::EndReason end = flow::EndReason::Active;
  std::array<flow::DirectionStats, 2> dir{};
  flow::TcpInfo tcp;
  uint16_t master = 0;
  uint16_t app = 0;
  uint16_t category = 0;
  uint8_t breed = 0;
  flow::DpiStatus dpi_status = flow::DpiStatus::Pending;
  uint64_t risk = 0;  ///< nDPI flow risk bitmap (bit n: risk n), read by the alert checks
  uint8_t server_name_len = 0;
  char server_name[96] = {};

  static ConnectionUpdate from(const flow::Flow& f);

  const core::Endpoint& client() const { return flow::client_end(key, client_is_lo); }
  const core::Endpoint& server() const { return flow::server_end(key, client_is_lo); }
  HostKey client_host() const { return {client().ip, key.vlan}; }
  HostKey server_host() const { return {server().ip, key.vlan}; }
  core::Timestamp first_seen() const { return flow::first_seen(dir); }
  core::Timestamp last_seen() const { return flow::last_seen(dir); }
  /// Whether its server name is the detector's final word (detection is over and found one).
  bool has_final_server_name() const { return server_name_len > 0 && dpi_status != flow::DpiStatus::Pending; }
};

}  // namespace netmeter::stats
