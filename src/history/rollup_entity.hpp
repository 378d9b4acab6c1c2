#pragma once

#include "core/ip_address.hpp"
#include "history/rollup_row.hpp"
#include "stats/keys.hpp"

namespace netmeter::history {

/// A host's stored key: its address in 16 bytes (IPv4 as ::ffff:a.b.c.d) and its VLAN.
RollupEntity host_entity(uint16_t interface_id, const stats::HostKey& host);
/// The host a stored address and VLAN name (an IPv4-mapped address is the IPv4 host).
stats::HostKey host_key(const std::array<uint8_t, 16>& address, uint16_t vlan);
/// Any other kind's stored key.
inline RollupEntity module_entity(uint16_t interface_id, RollupKind kind, uint64_t id) {
  return {interface_id, kind, {}, 0, id};
}

}  // namespace netmeter::history
