#include "query/macs.hpp"

#include <algorithm>

#include "query/list_engine.hpp"

namespace netmeter::query {

namespace {

class MacSource {
 public:
  using Ref = uint32_t;
  using Key = stats::MacKey;

  MacSource(const stats::StatsStore& store, const ListRequest& request, const MacFilter& filter)
      : table_(store.macs()),
        config_(store.config().entity_history),
        request_(request),
        filter_(filter),
        window_(resolve(request.interval, store)),
        text_(detail::lower(filter.text)) {}

  size_t size_hint() const { return table_.size(); }
  // Name sorts on the vendor (the owner of the address block), then the address.
  bool sorts_by(SortKey k) const { return k != SortKey::Flows && k < SortKey::ClientIp; }

  template <typename F>
  void for_each(F&& f) const {
    const size_t n = table_.slots();
    for (size_t i = 0; i < n; ++i)
      if (table_.live(i) && pass(table_.at(i))) f(static_cast<Ref>(i));
  }
  Key key(Ref i) const { return table_.at(i).mac; }
  std::string_view name(Ref i) const { return table_.at(i).vendor; }
  uint64_t number(Ref i, SortKey k) const {
    return detail::stats_sort_value(table_.at(i).traffic, k, request_.scope, window_, config_);
  }
  MacItem item(Ref i) const { return mac_item(table_.at(i), window_, config_, request_.with_interval); }

 private:
  bool pass(const stats::MacEntry& m) const {
    if (request_.visible && std::none_of(m.ips.begin(), m.ips.end(),
                                         [&](const core::IpAddress& ip) { return request_.visible(ip); }))
      return false;
    if (filter_.vlan && std::find(m.vlans.begin(), m.vlans.end(), *filter_.vlan) == m.vlans.end())
      return false;
    if (filter_.active_in_interval && window_sum(m.traffic, window_.start, window_.end, config_).empty())
      return false;
    if (!text_.empty() && !detail::contains_icase(stats::mac_to_string(m.mac), text_) &&
        !detail::contains_icase(m.vendor, text_))
      return false;
    return true;
  }

  const stats::EntityTable<stats::MacKey, stats::MacEntry, stats::IntHash>& table_;
  const stats::HistoryConfig& config_;
  const ListRequest& request_;
  const MacFilter& filter_;
  TimeWindow window_;
  std::string text_;
};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<stats::MacKey> parse_mac(std::string_view text) {
  if (text.size() != 17) return std::nullopt;
  stats::MacKey k = 0;
  for (size_t i = 0; i < 6; ++i) {
    int hi = hex_digit(text[i * 3]);
    int lo = hex_digit(text[i * 3 + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    if (i < 5 && text[i * 3 + 2] != ':' && text[i * 3 + 2] != '-') return std::nullopt;
    k = (k << 8) | static_cast<stats::MacKey>(hi << 4 | lo);
  }
  return k;
}

MacItem mac_item(const stats::MacEntry& m, const TimeWindow& w, const stats::HistoryConfig& config,
                 bool with_interval) {
  MacItem item;
  item.mac = m.mac;
  item.vendor = m.vendor;
  item.traffic = traffic_values(m.traffic, w, config, with_interval);
  item.first_ns = m.traffic.first_ns;
  item.last_ns = m.traffic.last_ns;
  // A router's MAC carries every remote address: an item lists the first ones only.
  const size_t n = std::min(m.ips.size(), kMacItemIps);
  item.ips.assign(m.ips.begin(), m.ips.begin() + static_cast<ptrdiff_t>(n));
  item.ips_truncated = n < m.ips.size();
  item.vlans = m.vlans;
  item.ethertypes = m.ethertypes;
  item.arp = m.arp;
  return item;
}

std::optional<MacItem> get_mac(const stats::StatsStore& store, stats::MacKey mac, const Interval& interval) {
  const stats::MacEntry* m = store.macs().find(mac);
  if (!m) return std::nullopt;
  return mac_item(*m, resolve(interval, store), store.config().entity_history, true);
}

Page<MacItem> list_macs(const stats::StatsStore& store, const ListRequest& request, const MacFilter& filter) {
  return detail::run_list(MacSource(store, request, filter), request);
}

}  // namespace netmeter::query
