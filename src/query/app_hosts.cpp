#include "query/app_hosts.hpp"

#include <vector>

#include "query/list_engine.hpp"

namespace netmeter::query {

namespace {

class AppHostSource {
 public:
  using Ref = uint32_t;
  using Key = stats::HostKey;

  explicit AppHostSource(std::vector<AppHostItem> rows) : rows_(std::move(rows)) {}

  size_t size_hint() const { return rows_.size(); }
  bool sorts_by(SortKey k) const {
    return k == SortKey::Key || k == SortKey::Name || detail::is_counter_key(k) || k == SortKey::Flows;
  }
  template <typename F>
  void for_each(F&& f) const {
    for (size_t i = 0; i < rows_.size(); ++i)
      f(static_cast<Ref>(i));
  }
  Key key(Ref i) const { return rows_[i].host; }
  std::string_view name(Ref i) const { return rows_[i].name; }
  uint64_t number(Ref i, SortKey k) const {
    return k == SortKey::Flows ? rows_[i].flows : detail::counter_of(rows_[i].traffic, k);
  }
  AppHostItem item(Ref i) const { return rows_[i]; }

 private:
  std::vector<AppHostItem> rows_;
};

/// Hosts whose `list` (apps or categories) has an entry `key` with traffic.
template <typename List>
Page<AppHostItem> hosts_with(const stats::StatsStore& store, uint32_t key, const ListRequest& request,
                             List list) {
  std::vector<AppHostItem> rows;
  store.hosts().for_each([&](const stats::HostEntry& h) {
    if (!may_see(request, h.key.ip)) return;
    for (const stats::HostAppTraffic& a : list(h)) {
      if (a.key != key || (a.traffic.empty() && a.flows == 0)) continue;
      rows.push_back({h.key, h.name(), a.traffic, a.flows});
      break;
    }
  });
  return detail::run_list(AppHostSource(std::move(rows)), request);
}

}  // namespace

Page<AppHostItem> application_hosts(const stats::StatsStore& store, uint32_t key,
                                    const ListRequest& request) {
  return hosts_with(
      store, key, request, [](const stats::HostEntry& h) -> const auto& { return h.apps; });
}

Page<AppHostItem> category_hosts(const stats::StatsStore& store, uint16_t category,
                                 const ListRequest& request) {
  return hosts_with(
      store, category, request, [](const stats::HostEntry& h) -> const auto& { return h.categories; });
}

}  // namespace netmeter::query
