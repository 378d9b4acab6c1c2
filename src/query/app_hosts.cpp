#include "query/app_hosts.hpp"

#include <algorithm>
#include <unordered_set>
#include <vector>

#include "query/connections.hpp"
#include "query/list_engine.hpp"

namespace netmeter::query {

namespace {

class AppHostSource : public detail::RowSource<AppHostItem, stats::HostKey> {
 public:
  using RowSource::RowSource;
  bool sorts_by(SortKey k) const {
    return k == SortKey::Key || k == SortKey::Name || detail::is_counter_key(k) || k == SortKey::Flows;
  }
  Key key(Ref i) const { return rows_[i].host; }
  std::string_view name(Ref i) const { return rows_[i].name; }
  uint64_t number(Ref i, SortKey k) const {
    return k == SortKey::Flows ? rows_[i].flows : detail::counter_of(rows_[i].traffic, k);
  }
};

/// Hosts whose `list` (apps or categories) has an entry `key` with traffic.
template <typename List>
Page<AppHostItem> hosts_with(const stats::StatsStore& store, uint32_t key, const ListRequest& request,
                             const AliasView& aliases, List list) {
  std::vector<AppHostItem> rows;
  store.hosts().for_each([&](const stats::HostEntry& h) {
    if (!may_see(request, h.key.ip)) return;
    for (const stats::HostAppTraffic& a : list(h)) {
      if (a.key != key || (a.traffic.empty() && a.flows == 0)) continue;
      rows.push_back({h.key, aliases.name(h), a.traffic, a.flows});
      break;
    }
  });
  return detail::run_list(AppHostSource(std::move(rows)), request);
}

/// The keys of `table` with traffic and those `key_of` gives the kept connections, named and sorted.
template <typename KeyOf, typename NameOf>
std::vector<NamedKey> known(const stats::StatsStore& store, const stats::StatsStore::TrafficTable& table,
                            KeyOf key_of, NameOf name_of) {
  std::unordered_set<uint32_t> keys;
  table.for_each_keyed([&](uint64_t key, const stats::TrafficStats& t) {
    if (!t.total.empty()) keys.insert(static_cast<uint32_t>(key));
  });
  for_each_connection(store, true, [&](const stats::ConnectionEntry& e, bool) { keys.insert(key_of(e)); });
  std::vector<NamedKey> out;
  out.reserve(keys.size());
  for (uint32_t key : keys)
    out.push_back({key, name_of(key)});
  std::sort(out.begin(), out.end(), [](const NamedKey& a, const NamedKey& b) {
    return a.name != b.name ? a.name < b.name : a.key < b.key;
  });
  return out;
}

}  // namespace

std::vector<NamedKey> known_applications(const stats::StatsStore& store, const NameResolver& names) {
  return known(
      store, store.apps(),
      [](const stats::ConnectionEntry& e) { return stats::app_key(e.state.master, e.state.app); },
      [&](uint32_t key) {
        return names.application(static_cast<uint16_t>(key >> 16), static_cast<uint16_t>(key));
      });
}

std::vector<NamedKey> known_categories(const stats::StatsStore& store, const NameResolver& names) {
  return known(
      store, store.categories(), [](const stats::ConnectionEntry& e) { return uint32_t{e.state.category}; },
      [&](uint32_t key) { return names.category(static_cast<uint16_t>(key)); });
}

std::optional<uint32_t> find_application(const stats::StatsStore& store, const NameResolver& names,
                                         std::string_view name) {
  const std::string wanted = detail::lower(name);
  for (const NamedKey& k : known_applications(store, names))
    if (k.name.size() == wanted.size() && detail::contains_icase(k.name, wanted)) return k.key;
  return std::nullopt;
}

Page<AppHostItem> application_hosts(const stats::StatsStore& store, uint32_t key, const ListRequest& request,
                                    const AliasView& aliases) {
  return hosts_with(
      store, key, request, aliases, [](const stats::HostEntry& h) -> const auto& { return h.apps; });
}

Page<AppHostItem> category_hosts(const stats::StatsStore& store, uint16_t category,
                                 const ListRequest& request, const AliasView& aliases) {
  return hosts_with(
      store, category, request, aliases,
      [](const stats::HostEntry& h) -> const auto& { return h.categories; });
}

}  // namespace netmeter::query
