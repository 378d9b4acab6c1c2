#include "query/port_hosts.hpp"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "query/connections.hpp"
#include "query/list_engine.hpp"

namespace netmeter::query {

namespace {

struct RowKey {
  stats::HostKey host;
  PortRole role;
  friend bool operator==(const RowKey&, const RowKey&) = default;
  friend auto operator<=>(const RowKey&, const RowKey&) = default;
};

struct RowKeyHash {
  size_t operator()(const RowKey& k) const {
    return stats::HostKeyHash{}(k.host) ^ static_cast<size_t>(k.role);
  }
};

class PortHostSource : public detail::RowSource<PortHostItem, RowKey> {
 public:
  using RowSource::RowSource;
  bool sorts_by(SortKey k) const { return k <= SortKey::Flows; }
  Key key(Ref i) const { return {rows_[i].host, rows_[i].role}; }
  std::string_view name(Ref i) const { return rows_[i].name; }
  uint64_t number(Ref i, SortKey k) const { return detail::connection_row_number(rows_[i], k); }
};

}  // namespace

Page<PortHostItem> port_hosts(const stats::StatsStore& store, uint8_t l4, uint16_t port,
                              const ListRequest& request, std::optional<PortRole> role,
                              const AliasView& aliases) {
  std::unordered_map<RowKey, PortHostItem, RowKeyHash> rows_by_key;
  auto add_side = [&](const stats::HostKey& host, PortRole side, const stats::Traffic& t, bool active,
                      const stats::ConnectionEntry& e) {
    if ((role && *role != side) || !may_see(request, host.ip)) return;
    PortHostItem& row = rows_by_key[{host, side}];
    row.host = host;
    row.role = side;
    detail::add_connection(row, t, active, e.first_ns(), e.last_ns());
  };
  for_each_connection(store, true, [&](const stats::ConnectionEntry& e, bool active) {
    if (e.state.key.l4 != l4 || e.server_port() != port) return;
    const stats::Traffic t = e.traffic();  // the client's view
    add_side(e.client(), PortRole::Client, t, active, e);
    add_side(e.server(), PortRole::Server, t.swapped(), active, e);
  });
  std::vector<PortHostItem> rows;
  rows.reserve(rows_by_key.size());
  for (auto& [key, row] : rows_by_key) {
    row.name = aliases.name(key.host.ip, store.hosts().find(key.host));
    rows.push_back(std::move(row));
  }
  return detail::run_list(PortHostSource(std::move(rows)), request);
}

}  // namespace netmeter::query
