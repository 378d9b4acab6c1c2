#include "query/host_lists.hpp"

#include <unordered_map>
#include <vector>

#include "core/hash.hpp"
#include "query/list_engine.hpp"

namespace netmeter::query {

namespace {

/// What one connection adds to a peer or port row.
struct Contribution {
  stats::Traffic traffic;  ///< the host's view
  bool active;
  int64_t first_ns;
  int64_t last_ns;
};

template <typename Row>
void add(Row& row, const Contribution& c) {
  detail::add_connection(row, c.traffic, c.active, c.first_ns, c.last_ns);
}

/// Calls f(entry, contribution, host_is_client) for each connection of `host`.
template <typename F>
void for_each_host_connection(const stats::StatsStore& store, const stats::HostKey& host, F&& f) {
  for_each_connection(store, true, [&](const stats::ConnectionEntry& e, bool active) {
    const core::FlowKey& k = e.state.key;
    if (k.vlan != host.vlan) return;
    const bool lo = k.lo.ip == host.ip, hi = k.hi.ip == host.ip;
    if (!lo && !hi) return;
    const bool as_client = e.state.client_is_lo ? lo : hi;
    stats::Traffic t = e.traffic();
    f(e, Contribution{as_client ? t : t.swapped(), active, e.first_ns(), e.last_ns()}, as_client);
  });
}

using detail::RowSource;

class PeerSource : public RowSource<PeerItem, stats::HostKey> {
 public:
  using RowSource::RowSource;
  bool sorts_by(SortKey k) const { return k <= SortKey::Flows; }
  Key key(Ref i) const { return rows_[i].peer; }
  std::string_view name(Ref i) const { return rows_[i].name; }
  uint64_t number(Ref i, SortKey k) const { return detail::connection_row_number(rows_[i], k); }
};

uint64_t port_row_key(uint8_t l4, uint16_t port, PortRole role) {
  return uint64_t{l4} << 24 | uint64_t{port} << 8 | static_cast<uint64_t>(role);
}

class PortSource : public RowSource<HostPortItem, uint64_t> {
 public:
  using RowSource::RowSource;
  bool sorts_by(SortKey k) const { return k != SortKey::Name && k <= SortKey::Flows; }
  Key key(Ref i) const { return port_row_key(rows_[i].l4, rows_[i].port, rows_[i].role); }
  std::string_view name(Ref) const { return {}; }
  uint64_t number(Ref i, SortKey k) const { return detail::connection_row_number(rows_[i], k); }
};

struct PeerPortKey {
  stats::HostKey peer;
  uint64_t port;  ///< port_row_key(l4, port, role)
  friend bool operator==(const PeerPortKey&, const PeerPortKey&) = default;
  friend auto operator<=>(const PeerPortKey&, const PeerPortKey&) = default;
};

struct PeerPortKeyHash {
  size_t operator()(const PeerPortKey& k) const { return stats::HostKeyHash{}(k.peer) ^ core::mix64(k.port); }
};

class PeerPortSource : public RowSource<PeerPortItem, PeerPortKey> {
 public:
  using RowSource::RowSource;
  bool sorts_by(SortKey k) const { return k != SortKey::Name && k <= SortKey::Flows; }
  Key key(Ref i) const { return {rows_[i].peer, port_row_key(rows_[i].l4, rows_[i].port, rows_[i].role)}; }
  std::string_view name(Ref) const { return {}; }
  uint64_t number(Ref i, SortKey k) const { return detail::connection_row_number(rows_[i], k); }
};

class ProtocolSource : public RowSource<HostProtocolItem, uint32_t> {
 public:
  using RowSource::RowSource;
  bool sorts_by(SortKey k) const {
    return k == SortKey::Key || k == SortKey::Name || detail::is_counter_key(k) || k == SortKey::Flows;
  }
  Key key(Ref i) const { return rows_[i].key; }
  std::string_view name(Ref i) const { return rows_[i].name; }
  uint64_t number(Ref i, SortKey k) const {
    return k == SortKey::Flows ? rows_[i].flows : detail::counter_of(rows_[i].traffic, k);
  }
};

class MacRowSource : public RowSource<MacItem, stats::MacKey> {
 public:
  MacRowSource(std::vector<MacItem> rows, Scope scope) : RowSource(std::move(rows)), scope_(scope) {}
  bool sorts_by(SortKey k) const {
    return k != SortKey::Name && k != SortKey::Flows && k < SortKey::ClientIp;
  }
  Key key(Ref i) const { return rows_[i].mac; }
  std::string_view name(Ref) const { return {}; }
  uint64_t number(Ref i, SortKey k) const {
    const MacItem& m = rows_[i];
    return detail::values_sort_value(m.traffic, m.first_ns, m.last_ns, k, scope_);
  }

 private:
  Scope scope_;
};

std::vector<HostProtocolItem> protocol_rows(const std::vector<stats::HostAppTraffic>& apps,
                                            const NameResolver& names, bool categories) {
  std::vector<HostProtocolItem> rows;
  rows.reserve(apps.size());
  for (const auto& a : apps) {
    HostProtocolItem p;
    p.key = a.key;
    p.name = categories ? names.category(static_cast<uint16_t>(a.key))
                        : names.application(static_cast<uint16_t>(a.key >> 16), static_cast<uint16_t>(a.key));
    p.traffic = a.traffic;
    p.flows = a.flows;
    p.duration_ns = a.duration_ns;
    rows.push_back(std::move(p));
  }
  return rows;
}

}  // namespace

std::optional<Page<PeerItem>> host_peers(const stats::StatsStore& store, const stats::HostKey& host,
                                         const ListRequest& request, const AliasView& aliases) {
  if (!store.hosts().find(host)) return std::nullopt;
  std::unordered_map<stats::HostKey, PeerItem, stats::HostKeyHash> peers;
  for_each_host_connection(store, host,
                           [&](const stats::ConnectionEntry& e, const Contribution& c, bool client) {
                             stats::HostKey other = client ? e.server() : e.client();
                             PeerItem& row = peers[other];
                             row.peer = other;
                             add(row, c);
                           });
  std::vector<PeerItem> rows;
  rows.reserve(peers.size());
  for (auto& [key, row] : peers) {
    if (!may_see(request, key.ip)) continue;
    row.name = aliases.name(key.ip, store.hosts().find(key));
    rows.push_back(std::move(row));
  }
  return detail::run_list(PeerSource(std::move(rows)), request);
}

std::optional<Page<PeerPortItem>> host_peer_ports(const stats::StatsStore& store, const stats::HostKey& host,
                                                  const ListRequest& request) {
  if (!store.hosts().find(host)) return std::nullopt;
  std::unordered_map<PeerPortKey, PeerPortItem, PeerPortKeyHash> rows_by_key;
  for_each_host_connection(store, host,
                           [&](const stats::ConnectionEntry& e, const Contribution& c, bool client) {
                             const uint8_t l4 = e.state.key.l4;
                             if (l4 != 6 && l4 != 17 && l4 != 132) return;
                             const stats::HostKey peer = client ? e.server() : e.client();
                             if (!may_see(request, peer.ip)) return;
                             const PortRole role = client ? PortRole::Client : PortRole::Server;
                             PeerPortItem& row = rows_by_key[{peer, port_row_key(l4, e.server_port(), role)}];
                             row.peer = peer;
                             row.l4 = l4;
                             row.port = e.server_port();
                             row.role = role;
                             add(row, c);
                           });
  std::vector<PeerPortItem> rows;
  rows.reserve(rows_by_key.size());
  for (auto& [key, row] : rows_by_key)
    rows.push_back(std::move(row));
  return detail::run_list(PeerPortSource(std::move(rows)), request);
}

std::optional<Page<HostPortItem>> host_ports(const stats::StatsStore& store, const stats::HostKey& host,
                                             const ListRequest& request) {
  if (!store.hosts().find(host)) return std::nullopt;
  std::unordered_map<uint64_t, HostPortItem> ports;
  for_each_host_connection(store, host,
                           [&](const stats::ConnectionEntry& e, const Contribution& c, bool client) {
                             const uint8_t l4 = e.state.key.l4;
                             if (l4 != 6 && l4 != 17 && l4 != 132)
                               return;  // port numbers only mean something there
                             const PortRole role = client ? PortRole::Client : PortRole::Server;
                             HostPortItem& row = ports[port_row_key(l4, e.server_port(), role)];
                             row.l4 = l4;
                             row.port = e.server_port();
                             row.role = role;
                             add(row, c);
                           });
  std::vector<HostPortItem> rows;
  rows.reserve(ports.size());
  for (auto& [key, row] : ports)
    rows.push_back(row);
  return detail::run_list(PortSource(std::move(rows)), request);
}

std::optional<Page<HostProtocolItem>> host_protocols(const stats::StatsStore& store,
                                                     const NameResolver& names, const stats::HostKey& host,
                                                     const ListRequest& request) {
  const stats::HostEntry* h = store.hosts().find(host);
  if (!h) return std::nullopt;
  return detail::run_list(ProtocolSource(protocol_rows(h->apps, names, false)), request);
}

std::optional<Page<HostProtocolItem>> host_categories(const stats::StatsStore& store,
                                                      const NameResolver& names, const stats::HostKey& host,
                                                      const ListRequest& request) {
  const stats::HostEntry* h = store.hosts().find(host);
  if (!h) return std::nullopt;
  return detail::run_list(ProtocolSource(protocol_rows(h->categories, names, true)), request);
}

std::optional<Page<ConnectionItem>> host_connections(const stats::StatsStore& store,
                                                     const NameResolver& names, const stats::HostKey& host,
                                                     const ListRequest& request, ConnectionFilter filter,
                                                     const AliasView& aliases) {
  if (!store.hosts().find(host)) return std::nullopt;
  filter.ip = host.ip;
  filter.vlan = host.vlan;
  return list_connections(store, names, request, filter, aliases);
}

std::optional<Page<MacItem>> host_macs(const stats::StatsStore& store, const stats::HostKey& host,
                                       const ListRequest& request) {
  const stats::HostEntry* h = store.hosts().find(host);
  if (!h) return std::nullopt;
  const TimeWindow w = resolve(request.interval, store);
  std::vector<MacItem> rows;
  rows.reserve(h->macs.size());
  for (stats::MacKey mac : h->macs)
    if (const stats::MacEntry* m = store.macs().find(mac))
      rows.push_back(mac_item(*m, w, store.config().entity_history, true));
  return detail::run_list(MacRowSource(std::move(rows), request.scope), request);
}

}  // namespace netmeter::query
