#include "query/connections.hpp"

#include <algorithm>
#include <cstdint>
#include <unordered_map>

#include "query/list_engine.hpp"

namespace netmeter::query {

namespace {

constexpr int64_t kNs = 1'000'000'000;

stats::Traffic per_second(const stats::Traffic& t, int64_t first_ns, int64_t last_ns) {
  int64_t duration = std::max(last_ns - first_ns, kNs);
  return t.scaled(static_cast<uint64_t>(kNs), static_cast<uint64_t>(duration));
}

struct ConnectionRef {
  const stats::ConnectionEntry* e;
  bool active;
};

class ConnectionSource {
 public:
  using Ref = ConnectionRef;
  using Key = uint64_t;

  ConnectionSource(const stats::StatsStore& store, const NameResolver& names, const ListRequest& request,
                   const ConnectionFilter& filter, const AliasView& aliases)
      : store_(store),
        names_(names),
        request_(request),
        filter_(filter),
        window_(resolve(request.interval, store)),
        aliases_(aliases) {}

  size_t size_hint() const {
    return store_.active_connections().size() +
           (filter_.include_finished ? store_.finished_connections().size() : 0);
  }
  bool sorts_by(SortKey k) const { return k != SortKey::Flows && !is_tcp_key(k); }

  template <typename F>
  void for_each(F&& f) const {
    for_each_connection(store_, filter_.include_finished, [&](const stats::ConnectionEntry& e, bool active) {
      if (pass(e)) f(Ref{&e, active});
    });
  }
  Key key(Ref r) const { return r.e->state.id; }
  std::string_view name(Ref r) const {
    const stats::ConnectionEntry* e = r.e;
    uint32_t k = stats::app_key(e->state.master, e->state.app);
    auto it = app_names_.find(k);
    if (it == app_names_.end())
      it = app_names_.emplace(k, names_.application(e->state.master, e->state.app)).first;
    return it->second;
  }
  core::IpAddress address(Ref r, SortKey k) const {
    const stats::ConnectionEntry* e = r.e;
    return k == SortKey::ClientIp ? e->client().ip : e->server().ip;
  }
  uint64_t number(Ref r, SortKey k) const {
    const stats::ConnectionEntry* e = r.e;
    if (auto v = connection_field_value(*e, k)) return *v;
    if (detail::is_rate_key(k))
      return detail::counter_of(per_second(e->traffic(), e->first_ns(), e->last_ns()), k);
    return detail::counter_of(e->traffic(), k);
  }
  ConnectionItem item(Ref r) const {
    ConnectionItem c = connection_item(*r.e, r.active, names_);
    name_ends(c, store_, aliases_);
    return c;
  }

 private:
  bool pass(const stats::ConnectionEntry& e) const {
    const auto& s = e.state;
    if (request_.visible && !request_.visible(s.key.lo.ip) && !request_.visible(s.key.hi.ip)) return false;
    if (filter_.l4 && s.key.l4 != *filter_.l4) return false;
    if (filter_.vlan && s.key.vlan != *filter_.vlan) return false;
    if (filter_.ip && s.key.lo.ip != *filter_.ip && s.key.hi.ip != *filter_.ip) return false;
    if (filter_.port && s.key.lo.port != *filter_.port && s.key.hi.port != *filter_.port) return false;
    if (filter_.client_ip && e.client().ip != *filter_.client_ip) return false;
    if (filter_.server_ip && e.server().ip != *filter_.server_ip) return false;
    if (filter_.client_port && e.client_port() != *filter_.client_port) return false;
    if (filter_.server_port && e.server_port() != *filter_.server_port) return false;
    if (filter_.application && s.master != *filter_.application && s.app != *filter_.application)
      return false;
    if (filter_.app_key && stats::app_key(s.master, s.app) != *filter_.app_key) return false;
    if (filter_.active_in_interval) {
      if (e.last_ns() < to_ns(window_.start) || e.first_ns() >= to_ns(window_.end)) return false;
    }
    if (filter_.expression && !filter_.expression->matches(subject(e))) return false;
    return true;
  }

  filter::Subject subject(const stats::ConnectionEntry& e) const {
    const auto& s = e.state;
    filter::Subject sub;
    sub.src.ip = e.client().ip;
    sub.src.port = e.client_port();
    sub.dst.ip = e.server().ip;
    sub.dst.port = e.server_port();
    sub.l4 = s.key.l4;
    sub.has_ports = s.key.l4 == 6 || s.key.l4 == 17 || s.key.l4 == 132;
    if (s.key.vlan) {
      sub.vlan_count = 1;
      sub.vlans[0] = s.key.vlan;
    }
    if (filter_.expression->needs_application()) {
      if (s.master && s.master != s.app) sub.app_master = single_name(s.master);
      if (s.app) sub.app = single_name(s.app);
    }
    return sub;
  }
  std::string_view single_name(uint16_t protocol) const {
    auto it = single_names_.find(protocol);
    if (it == single_names_.end())
      it = single_names_.emplace(protocol, names_.application(0, protocol)).first;
    return it->second;
  }

  const stats::StatsStore& store_;
  const NameResolver& names_;
  const ListRequest& request_;
  const ConnectionFilter& filter_;
  TimeWindow window_;
  const AliasView& aliases_;
  mutable std::unordered_map<uint32_t, std::string> app_names_;  ///< names resolved once per list
  mutable std::unordered_map<uint16_t, std::string> single_names_;
};

}  // namespace

void name_ends(ConnectionItem& c, const stats::StatsStore& store, const AliasView& aliases) {
  c.client_host_name = aliases.name(c.client.ip, store.hosts().find(c.client));
  c.server_host_name = aliases.name(c.server.ip, store.hosts().find(c.server));
}

ConnectionItem connection_item(const stats::ConnectionEntry& e, bool active, const NameResolver& names) {
  const auto& s = e.state;
  ConnectionItem c;
  c.id = s.id;
  c.client = e.client();
  c.server = e.server();
  c.client_port = e.client_port();
  c.server_port = e.server_port();
  c.l4 = s.key.l4;
  c.vlan = s.key.vlan;
  c.active = active;
  c.end = s.end;
  c.master = s.master;
  c.app = s.app;
  c.category = s.category;
  c.breed = s.breed;
  c.dpi_status = s.dpi_status;
  c.application = names.application(s.master, s.app);
  c.server_name = s.server_name;
  c.traffic = e.traffic();
  c.first_ns = e.first_ns();
  c.last_ns = e.last_ns();
  c.per_second = per_second(c.traffic, c.first_ns, c.last_ns);
  c.dir = s.dir;
  c.tcp = s.tcp_info();
  return c;
}

int64_t connections_complete_since(const stats::StatsStore& store) {
  if (store.newest_second() == stats::History::kNever) return INT64_MAX;
  int64_t since = store.oldest_second();
  if (store.iface().connections_dropped == 0) return since;
  const auto& kept = store.finished_connections();
  if (kept.empty()) return store.newest_second();
  const int64_t oldest_end = kept.front().last_ns();
  return std::max(since, oldest_end / kNs + (oldest_end % kNs != 0 ? 1 : 0));
}

std::optional<ConnectionItem> get_connection(const stats::StatsStore& store, const NameResolver& names,
                                             uint64_t id, const AliasView& aliases) {
  std::optional<ConnectionItem> c;
  if (const auto* active = store.active_connections().find(id)) {
    c = connection_item(*active, true, names);
  } else {
    for (const auto& e : store.finished_connections())
      if (e.state.id == id) {
        c = connection_item(e, false, names);
        break;
      }
  }
  if (c) name_ends(*c, store, aliases);
  return c;
}

Page<ConnectionItem> list_connections(const stats::StatsStore& store, const NameResolver& names,
                                      const ListRequest& request, const ConnectionFilter& filter,
                                      const AliasView& aliases) {
  return detail::run_list(ConnectionSource(store, names, request, filter, aliases), request);
}

std::optional<uint64_t> connection_field_value(const stats::ConnectionEntry& e, SortKey k) {
  switch (k) {
    case SortKey::FirstSeen:
      return detail::time_value(e.first_ns());
    case SortKey::LastSeen:
      return detail::time_value(e.last_ns());
    case SortKey::ClientPort:
      return e.client_port();
    case SortKey::ServerPort:
      return e.server_port();
    default:
      return std::nullopt;
  }
}

}  // namespace netmeter::query
