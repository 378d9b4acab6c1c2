#include "query/port_hosts.hpp"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "query/connections.hpp"
#include "query/list_engine.hpp"

namespace netmeter::query {

namespace {

constexpr int64_t kNs = 1'000'000'000;

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

void add(PortHostItem& row, const stats::Traffic& t, bool active, int64_t first_ns, int64_t last_ns) {
  row.traffic += t;
  ++row.connections;
  if (active) ++row.active_connections;
  if (row.first_ns == 0 || (first_ns != 0 && first_ns < row.first_ns)) row.first_ns = first_ns;
  row.last_ns = std::max(row.last_ns, last_ns);
}

class PortHostSource {
 public:
  using Ref = uint32_t;
  using Key = RowKey;

  explicit PortHostSource(std::vector<PortHostItem> rows) : rows_(std::move(rows)) {}

  size_t size_hint() const { return rows_.size(); }
  bool sorts_by(SortKey k) const { return k <= SortKey::Flows; }
  template <typename F>
  void for_each(F&& f) const {
    for (size_t i = 0; i < rows_.size(); ++i)
      f(static_cast<Ref>(i));
  }
  Key key(Ref i) const { return {rows_[i].host, rows_[i].role}; }
  std::string_view name(Ref i) const { return rows_[i].name; }
  uint64_t number(Ref i, SortKey k) const {
    const PortHostItem& row = rows_[i];
    switch (k) {
      case SortKey::FirstSeen:
        return detail::time_value(row.first_ns);
      case SortKey::LastSeen:
        return detail::time_value(row.last_ns);
      case SortKey::Flows:
        return row.connections;
      default:
        break;
    }
    if (detail::is_rate_key(k)) {
      const int64_t duration = std::max(row.last_ns - row.first_ns, kNs);
      return detail::counter_of(row.traffic.scaled(kNs, static_cast<uint64_t>(duration)), k);
    }
    return detail::counter_of(row.traffic, k);
  }
  PortHostItem item(Ref i) const { return rows_[i]; }

 private:
  std::vector<PortHostItem> rows_;
};

}  // namespace

Page<PortHostItem> port_hosts(const stats::StatsStore& store, uint8_t l4, uint16_t port,
                              const ListRequest& request, std::optional<PortRole> role) {
  std::unordered_map<RowKey, PortHostItem, RowKeyHash> rows_by_key;
  auto add_side = [&](const stats::HostKey& host, PortRole side, const stats::Traffic& t, bool active,
                      const stats::ConnectionEntry& e) {
    if ((role && *role != side) || !may_see(request, host.ip)) return;
    PortHostItem& row = rows_by_key[{host, side}];
    row.host = host;
    row.role = side;
    add(row, t, active, e.first_ns(), e.last_ns());
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
    if (const stats::HostEntry* h = store.hosts().find(key.host)) row.name = h->name();
    rows.push_back(std::move(row));
  }
  return detail::run_list(PortHostSource(std::move(rows)), request);
}

}  // namespace netmeter::query
