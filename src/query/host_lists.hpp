#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "query/connections.hpp"
#include "query/list_request.hpp"
#include "query/macs.hpp"
#include "query/name_resolver.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

// Per-host sub-lists (Allegro /ip/ips/<ip>/peers|ports|protocols|connections|macs, ntopng host data).
// Each answers nullopt for an unknown host. Peers and ports are derived from the connections the store
// holds (active and kept finished ones), so they cover what those cover; traffic is from the host's view.
// Connections have no history: traffic keys sort on all-time counters, rate keys on traffic / duration.

struct PeerItem {
  stats::HostKey peer;
  std::string name;        ///< the peer's alias, else its best name if the store knows it
  stats::Traffic traffic;  ///< rx: from the peer to the host, tx: from the host to the peer
  uint32_t connections = 0;
  uint32_t active_connections = 0;
  int64_t first_ns = 0;
  int64_t last_ns = 0;
};

/// The host's role on a port: it contacted the port (Client) or served it (Server).
enum class PortRole : uint8_t { Client, Server };

struct HostPortItem {
  uint8_t l4 = 0;
  uint16_t port = 0;  ///< always the server's port
  PortRole role = PortRole::Client;
  stats::Traffic traffic;  ///< the host's view
  uint32_t connections = 0;
  uint32_t active_connections = 0;
  int64_t first_ns = 0;
  int64_t last_ns = 0;
};

/// The host's traffic with one peer on one server port.
struct PeerPortItem {
  stats::HostKey peer;
  uint8_t l4 = 0;
  uint16_t port = 0;                 ///< the server's port
  PortRole role = PortRole::Client;  ///< the host's role: Client when the peer served the port
  stats::Traffic traffic;            ///< the host's view
  uint32_t connections = 0;
  uint32_t active_connections = 0;
  int64_t first_ns = 0;
  int64_t last_ns = 0;
};

/// Traffic of one application (or category) at the host.
struct HostProtocolItem {
  uint32_t key = 0;  ///< app_key(master, app), or the category number
  std::string name;
  stats::Traffic traffic;  ///< the host's view
  uint32_t flows = 0;
  int64_t duration_ns = 0;
};

/// Sort keys: Key (peer address), Name, traffic and rate keys, FirstSeen, LastSeen, Flows (connections).
std::optional<Page<PeerItem>> host_peers(const stats::StatsStore& store, const stats::HostKey& host,
                                         const ListRequest& request, const AliasView& aliases = {});
/// Sort keys: Key (l4, port, role), traffic and rate keys, FirstSeen, LastSeen, Flows (connections).
std::optional<Page<HostPortItem>> host_ports(const stats::StatsStore& store, const stats::HostKey& host,
                                             const ListRequest& request);
/// Per (peer, L4 protocol, server port, role) over TCP, UDP and SCTP connections. Sort keys: Key (peer,
/// l4, port, role), traffic and rate keys, FirstSeen, LastSeen, Flows (connections).
std::optional<Page<PeerPortItem>> host_peer_ports(const stats::StatsStore& store, const stats::HostKey& host,
                                                  const ListRequest& request);
/// Per application (HostEntry::apps). Sort keys: Key, Name, traffic keys (all-time), Flows.
std::optional<Page<HostProtocolItem>> host_protocols(const stats::StatsStore& store,
                                                     const NameResolver& names, const stats::HostKey& host,
                                                     const ListRequest& request);
/// Per nDPI category (HostEntry::categories), like host_protocols.
std::optional<Page<HostProtocolItem>> host_categories(const stats::StatsStore& store,
                                                      const NameResolver& names, const stats::HostKey& host,
                                                      const ListRequest& request);
/// The host's connections; `filter` narrows further (its ip and vlan are set to the host's).
std::optional<Page<ConnectionItem>> host_connections(const stats::StatsStore& store,
                                                     const NameResolver& names, const stats::HostKey& host,
                                                     const ListRequest& request, ConnectionFilter filter = {},
                                                     const AliasView& aliases = {});
/// The MACs the host sent from. Sort keys as list_macs.
std::optional<Page<MacItem>> host_macs(const stats::StatsStore& store, const stats::HostKey& host,
                                       const ListRequest& request);

}  // namespace netmeter::query
