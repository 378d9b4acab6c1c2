#include "query/locations.hpp"

#include <map>
#include <vector>

#include "query/list_engine.hpp"

namespace netmeter::query {

namespace {

void add_traffic(TrafficValues& sum, const TrafficValues& v) {
  sum.all_time += v.all_time;
  sum.interval += v.interval;
  sum.last_second += v.last_second;
  sum.interval_per_second += v.interval_per_second;
}

/// Sums the visible hosts by `key_of(host)` (a country code or an ASN).
template <typename Key, typename KeyOf>
std::map<Key, LocationItem> aggregate(const stats::StatsStore& store, const ListRequest& r, KeyOf key_of) {
  const TimeWindow w = resolve(r.interval, store);
  const auto& config = store.config().entity_history;
  std::map<Key, LocationItem> rows;
  store.hosts().for_each([&](const stats::HostEntry& h) {
    if (!may_see(r, h.key.ip)) return;
    LocationItem& row = rows[key_of(h)];
    if (row.hosts == 0) {
      row.sample = h.key.ip;
      if (h.country[0]) row.country.assign(h.country.data(), 2);
    }
    ++row.hosts;
    row.asn = h.asn;
    add_traffic(row.traffic, traffic_values(h.traffic, w, config, r.with_interval));
    if (row.first_ns == 0 || (h.traffic.first_ns && h.traffic.first_ns < row.first_ns))
      row.first_ns = h.traffic.first_ns;
    row.last_ns = std::max(row.last_ns, h.traffic.last_ns);
  });
  return rows;
}

std::string country_of(const stats::HostEntry& h) {
  return h.country[0] ? std::string(h.country.data(), 2) : std::string();
}

template <typename KeyType>
class LocationSource {
 public:
  using Ref = uint32_t;
  using Key = KeyType;

  LocationSource(std::vector<std::pair<Key, LocationItem>> rows, Scope scope)
      : rows_(std::move(rows)), scope_(scope) {}
  size_t size_hint() const { return rows_.size(); }
  bool sorts_by(SortKey k) const { return k != SortKey::Name && k < SortKey::ClientIp; }
  template <typename F>
  void for_each(F&& f) const {
    for (size_t i = 0; i < rows_.size(); ++i)
      f(static_cast<Ref>(i));
  }
  Key key(Ref i) const { return rows_[i].first; }
  std::string_view name(Ref) const { return {}; }
  uint64_t number(Ref i, SortKey k) const {
    const LocationItem& row = rows_[i].second;
    if (k == SortKey::Flows) return row.hosts;
    if (k == SortKey::FirstSeen) return detail::time_value(row.first_ns);
    if (k == SortKey::LastSeen) return detail::time_value(row.last_ns);
    if (detail::is_rate_key(k)) return detail::counter_of(row.traffic.interval_per_second, k);
    switch (scope_) {
      case Scope::AllTime:
        return detail::counter_of(row.traffic.all_time, k);
      case Scope::Interval:
        return detail::counter_of(row.traffic.interval, k);
      case Scope::LastSecond:
        return detail::counter_of(row.traffic.last_second, k);
    }
    return 0;
  }
  LocationItem item(Ref i) const { return rows_[i].second; }

 private:
  std::vector<std::pair<Key, LocationItem>> rows_;
  Scope scope_;
};

template <typename Key>
Page<LocationItem> list_of(std::map<Key, LocationItem> rows, const ListRequest& r) {
  std::vector<std::pair<Key, LocationItem>> v(std::make_move_iterator(rows.begin()),
                                              std::make_move_iterator(rows.end()));
  return detail::run_list(LocationSource<Key>(std::move(v), r.scope), r);
}

}  // namespace

Page<LocationItem> list_countries(const stats::StatsStore& store, const ListRequest& request) {
  return list_of(aggregate<std::string>(store, request, country_of), request);
}

Page<LocationItem> list_asns(const stats::StatsStore& store, const ListRequest& request) {
  return list_of(aggregate<uint32_t>(store, request, [](const stats::HostEntry& h) { return h.asn; }),
                 request);
}

std::optional<LocationItem> get_country(const stats::StatsStore& store, const std::string& code,
                                        const ListRequest& request) {
  ListRequest r = request;
  auto rows = aggregate<std::string>(store, r, country_of);
  auto it = rows.find(code);
  if (it == rows.end()) return std::nullopt;
  return it->second;
}

std::optional<LocationItem> get_asn(const stats::StatsStore& store, uint32_t asn,
                                    const ListRequest& request) {
  auto rows = aggregate<uint32_t>(store, request, [](const stats::HostEntry& h) { return h.asn; });
  auto it = rows.find(asn);
  if (it == rows.end()) return std::nullopt;
  return it->second;
}

}  // namespace netmeter::query
