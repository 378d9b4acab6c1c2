#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "query/host_aliases.hpp"
#include "query/host_lists.hpp"
#include "query/list_request.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

/// A host using one server port: serving it or contacting it, with what those connections carried.
struct PortHostItem {
  stats::HostKey host;
  PortRole role = PortRole::Client;  ///< Server: the host served the port; Client: it contacted the port
  std::string name;                  ///< the host's alias, else its best name if the store knows it
  stats::Traffic traffic;            ///< the host's view (rx: what it received on those connections)
  uint32_t connections = 0;
  uint32_t active_connections = 0;
  int64_t first_ns = 0;
  int64_t last_ns = 0;
};

/// The hosts that served or contacted server port `port` of L4 protocol `l4` (6 TCP, 17 UDP, 132 SCTP),
/// derived from the connections the store keeps (active and recently finished ones), so they cover what
/// those cover. `role` keeps one side only; without it a host that did both is listed twice. Only hosts
/// `request.visible` allows. Sort keys: Key (address, VLAN, role), Name, traffic and rate keys (rates:
/// traffic / the time between first and last activity, at least a second), FirstSeen, LastSeen, Flows
/// (connections).
Page<PortHostItem> port_hosts(const stats::StatsStore& store, uint8_t l4, uint16_t port,
                              const ListRequest& request, std::optional<PortRole> role = {},
                              const AliasView& aliases = {});

}  // namespace netmeter::query
