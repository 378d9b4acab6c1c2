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

/// Countries or autonomous systems: the key is the row's own `country` or `asn`.
template <typename KeyType, KeyType LocationItem::*KeyField>
class LocationSource : public detail::RowSource<LocationItem, KeyType> {
  using Base = detail::RowSource<LocationItem, KeyType>;

 public:
  using typename Base::Key;
  using typename Base::Ref;

  LocationSource(std::vector<LocationItem> rows, Scope scope) : Base(std::move(rows)), scope_(scope) {}
  bool sorts_by(SortKey k) const { return k != SortKey::Name && k < SortKey::ClientIp; }
  Key key(Ref i) const { return this->rows_[i].*KeyField; }
  std::string_view name(Ref) const { return {}; }
  uint64_t number(Ref i, SortKey k) const {
    const LocationItem& row = this->rows_[i];
    if (k == SortKey::Flows) return row.hosts;
    return detail::values_sort_value(row.traffic, row.first_ns, row.last_ns, k, scope_);
  }

 private:
  Scope scope_;
};

template <typename Key, Key LocationItem::*KeyField>
Page<LocationItem> list_of(std::map<Key, LocationItem> rows, const ListRequest& r) {
  std::vector<LocationItem> v;
  v.reserve(rows.size());
  for (auto& [key, row] : rows)
    v.push_back(std::move(row));
  return detail::run_list(LocationSource<Key, KeyField>(std::move(v), r.scope), r);
}

}  // namespace

Page<LocationItem> list_countries(const stats::StatsStore& store, const ListRequest& request) {
  return list_of<std::string, &LocationItem::country>(aggregate<std::string>(store, request, country_of),
                                                      request);
}

Page<LocationItem> list_asns(const stats::StatsStore& store, const ListRequest& request) {
  return list_of<uint32_t, &LocationItem::asn>(
      aggregate<uint32_t>(store, request, [](const stats::HostEntry& h) { return h.asn; }), request);
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
