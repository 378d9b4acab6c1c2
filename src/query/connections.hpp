#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "filter/filter.hpp"
#include "query/host_aliases.hpp"
#include "query/list_request.hpp"
#include "query/name_resolver.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

struct ConnectionFilter {
  std::optional<core::IpAddress> ip;  ///< either end
  std::optional<core::IpAddress> client_ip;
  std::optional<core::IpAddress> server_ip;
  std::optional<uint16_t> port;  ///< either end
  std::optional<uint16_t> client_port;
  std::optional<uint16_t> server_port;
  std::optional<uint8_t> l4;  ///< IP protocol number
  std::optional<uint16_t> vlan;
  std::optional<uint16_t> application;  ///< nDPI protocol number, matching the master or the app protocol
  bool include_finished = true;         ///< also the recently finished connections the store keeps
  bool active_in_interval = false;      ///< only connections that saw packets in the request's interval
  /// An Allegro filter expression (client = src, server = dst); null: none. Must outlive the call.
  const filter::Filter* expression = nullptr;
  /// Exactly this master and app protocol, stats::app_key(master, app) (`application` matches either).
  std::optional<uint32_t> app_key;
};

/// A connection (flow) as lists show it, copied out of the store.
struct ConnectionItem {
  uint64_t id = 0;  ///< unique within the analysis slot; the list key
  stats::HostKey client;
  stats::HostKey server;
  uint16_t client_port = 0;
  uint16_t server_port = 0;
  uint8_t l4 = 0;
  uint16_t vlan = 0;
  bool active = true;  ///< false: finished, kept for the lists
  flow::EndReason end = flow::EndReason::Active;
  uint16_t master = 0;
  uint16_t app = 0;
  uint16_t category = 0;
  uint8_t breed = 0;
  flow::DpiStatus dpi_status = flow::DpiStatus::Pending;
  std::string application;       ///< "Master.App" or a single name
  std::string server_name;       ///< TLS SNI, HTTP Host, DNS query ...
  std::string client_host_name;  ///< the client host's name (its alias first), as HostItem::name
  std::string server_host_name;  ///< the server host's name (its alias first), as HostItem::name
  stats::Traffic traffic;        ///< the client's view: rx = server→client, tx = client→server
  stats::Traffic per_second;     ///< traffic / duration, the duration counted as at least one second
  std::array<flow::DirectionStats, 2> dir{};  ///< [0] client→server, [1] server→client (payload bytes too)
  int64_t first_ns = 0;
  int64_t last_ns = 0;
  flow::TcpInfo tcp;
};

std::optional<ConnectionItem> get_connection(const stats::StatsStore& store, const NameResolver& names,
                                             uint64_t id, const AliasView& aliases = {});
/// Active connections, then (with `include_finished`) the finished ones the store keeps. Connections have
/// no history: traffic keys sort on all-time counters whatever the scope, rate keys on `per_second`.
/// Sort keys: Key (id), Name (application name), traffic and rate keys, FirstSeen, LastSeen, ClientIp,
/// ClientPort, ServerIp, ServerPort.
Page<ConnectionItem> list_connections(const stats::StatsStore& store, const NameResolver& names,
                                      const ListRequest& request, const ConnectionFilter& filter = {},
                                      const AliasView& aliases = {});

/// The first second (epoch s) from which `store` still holds every connection active in it: its oldest
/// second, or later once finished connections were pushed out of the kept list (the end of the oldest
/// one kept); INT64_MAX when it holds no statistics yet. Earlier connections are only in the history
/// store (docs/history.md).
int64_t connections_complete_since(const stats::StatsStore& store);

/// Calls f(const ConnectionEntry&, bool active) for every active connection, then every kept finished one.
template <typename F>
void for_each_connection(const stats::StatsStore& store, bool include_finished, F&& f) {
  store.active_connections().for_each([&](const stats::ConnectionEntry& e) { f(e, true); });
  if (!include_finished) return;
  for (const auto& e : store.finished_connections())
    f(e, false);
}

/// The item without the ends' host names (name_ends adds them).
ConnectionItem connection_item(const stats::ConnectionEntry& e, bool active, const NameResolver& names);

/// The sort value of a connection's own fields: FirstSeen, LastSeen, ClientPort, ServerPort; nullopt for
/// every other key (each list adds its own).
std::optional<uint64_t> connection_field_value(const stats::ConnectionEntry& e, SortKey k);
/// Sets client_host_name and server_host_name: the alias, else the name the store knows, else empty.
void name_ends(ConnectionItem& c, const stats::StatsStore& store, const AliasView& aliases);

}  // namespace netmeter::query
