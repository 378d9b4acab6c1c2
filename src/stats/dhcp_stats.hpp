#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "core/ip_address.hpp"
#include "stats/entities.hpp"
#include "stats/l7_events.hpp"
#include "stats/stats_config.hpp"

namespace netmeter::stats {

struct DhcpServerStats {
  uint64_t offers = 0;
  uint64_t acks = 0;
  uint64_t naks = 0;
  uint64_t requests = 0;  ///< REQUESTs that named it (server identifier option)
};

/// What is known of one DHCP client, by its hardware address.
struct DhcpLease {
  core::IpAddress address;  ///< the address last acknowledged (or the one it uses, from ciaddr)
  core::IpAddress server;   ///< the server that acknowledged it
  std::string host_name;    ///< option 12, as the client last sent it
  uint32_t lease_seconds = 0;
  int64_t acked_ns = 0;  ///< time of the last ACK (0: none seen)
  int64_t first_seen_ns = 0;
  int64_t last_seen_ns = 0;
  uint8_t last_type = 0;  ///< l7::DhcpMessageType of its last message (or one about it)
};

/// The DHCP module: servers, leases, message types.
struct DhcpStats {
  std::unordered_map<HostKey, DhcpServerStats, HostKeyHash> servers;
  std::unordered_map<MacKey, DhcpLease, IntHash> leases;
  std::array<uint64_t, 10> message_types{};  ///< per l7::DhcpMessageType; 9 counts the larger values
  uint64_t messages = 0;
  uint64_t servers_refused = 0;
  uint64_t leases_refused = 0;
};

/// Applies a Dhcp event. Returns the lease it touched (null without a MAC or when refused), so the caller
/// can name the client's address.
const DhcpLease* apply_dhcp(const L7Event& e, DhcpStats& dhcp, const StatsConfig& config);

}  // namespace netmeter::stats
