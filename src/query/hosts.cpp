#include "query/hosts.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <string>

#include "query/host_export.hpp"
#include "query/list_engine.hpp"

namespace netmeter::query {

namespace {

/// The key as HostKey::to_string() spells it ("ip" or "ip@vlan"), into `buf` without allocating: text
/// filters format every host of the table.
std::string_view format_key(const stats::HostKey& k, char (&buf)[64]) {
  size_t n = 0;
  auto put = [&](char separator, unsigned v) {  // v < 65536: at most 6 characters
    if (separator != 0) buf[n++] = separator;
    char digits[5];
    size_t d = 0;
    do {
      digits[d++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0 && d < sizeof digits);
    while (d > 0)
      buf[n++] = digits[--d];
  };
  const auto& b = k.ip.bytes();
  if (k.ip.is_v4()) {
    put(0, b[0]);
    put('.', b[1]);
    put('.', b[2]);
    put('.', b[3]);
  } else if (k.ip.is_v6()) {
    if (inet_ntop(AF_INET6, b.data(), buf, INET6_ADDRSTRLEN) == nullptr) return {};
    n = std::char_traits<char>::length(buf);
  }
  if (k.vlan) put('@', k.vlan);
  return {buf, n};
}

uint64_t tcp_value(const stats::TcpQuality& t, SortKey k) {
  switch (k) {
    case SortKey::TcpHandshakes:
      return t.rtt.count;
    case SortKey::TcpRttAvg:
      return static_cast<uint64_t>(t.rtt.avg());
    case SortKey::TcpRttMin:
      return static_cast<uint64_t>(t.rtt.min);
    case SortKey::TcpRttMax:
      return static_cast<uint64_t>(t.rtt.max);
    case SortKey::TcpRetransmissions:
      return t.retransmissions;
    default:
      return 0;
  }
}

class HostSource {
 public:
  using Ref = uint32_t;
  using Key = stats::HostKey;

  HostSource(const stats::StatsStore& store, const ListRequest& request, const HostFilter& filter,
             AliasView aliases)
      : table_(store.hosts()),
        config_(store.config().entity_history),
        request_(request),
        filter_(filter),
        window_(resolve(request.interval, store)),
        text_(detail::lower(filter.text)),
        country_(country_filter_code(filter.country)),
        aliases_(std::move(aliases)) {}

  size_t size_hint() const { return table_.size(); }
  bool sorts_by(SortKey k) const { return k <= SortKey::Flows || is_tcp_key(k); }

  template <typename F>
  void for_each(F&& f) const {
    // Host entries are large and far apart: fetch a few ahead, or every one costs a memory round trip.
    constexpr size_t kAhead = 16;
    const size_t n = table_.slots();
    for (size_t i = 0; i < n; ++i) {
      if (i + kAhead < n && table_.live(i + kAhead)) {  // a dead slot's block may hold no memory
        const stats::HostEntry& next = table_.at(i + kAhead);
        __builtin_prefetch(&next.key);  // the key and the totals: one cache line (HostEntry is aligned)
      }
      if (table_.live(i) && pass(table_.at(i))) f(static_cast<Ref>(i));
    }
  }
  Key key(Ref i) const { return table_.at(i).key; }
  std::string_view name(Ref i) const { return aliases_.name(table_.at(i)); }
  uint64_t number(Ref i, SortKey k) const {
    const stats::HostEntry& h = table_.at(i);
    if (k == SortKey::Flows) return h.active_flows();
    if (is_tcp_key(k)) return tcp_value(h.tcp, k);
    return detail::stats_sort_value(h.traffic, k, request_.scope, window_, config_);
  }
  HostItem item(Ref i) const {
    return host_item(table_.at(i), window_, config_, request_.with_interval, aliases_);
  }
  const TimeWindow& window() const { return window_; }

  bool pass(const stats::HostEntry& h) const {
    if (!may_see(request_, h.key.ip)) return false;
    switch (filter_.mode) {
      case HostMode::All:
        break;
      case HostMode::Local:  // ntopng's local hosts are unicast ones
        if (!h.local || h.multicast || h.broadcast) return false;
        break;
      case HostMode::Remote:
        if (h.local) return false;
        break;
      case HostMode::Multicast:
        if (!h.multicast) return false;
        break;
      case HostMode::Broadcast:
        if (!h.broadcast) return false;
        break;
    }
    if (filter_.vlan && h.key.vlan != *filter_.vlan) return false;
    if (!country_.empty() && (h.country[0] != country_[0] || h.country[1] != country_[1])) return false;
    if (filter_.ip_version && h.key.ip.version() != *filter_.ip_version) return false;
    if (filter_.active_in_interval && window_sum(h.traffic, window_.start, window_.end, config_).empty())
      return false;
    if (!text_.empty() && !detail::contains_icase(aliases_.name(h), text_)) {
      char buf[64];
      if (!detail::contains_icase(format_key(h.key, buf), text_)) return false;
    }
    return true;
  }

 private:
  const stats::EntityTable<stats::HostKey, stats::HostEntry, stats::HostKeyHash>& table_;
  const stats::HistoryConfig& config_;
  const ListRequest& request_;
  const HostFilter& filter_;
  TimeWindow window_;
  std::string text_;
  std::string country_;  ///< two upper-case letters, or empty
  AliasView aliases_;
};

}  // namespace

std::vector<HostExport::Entry> export_order(const stats::StatsStore& store, const ListRequest& request,
                                            const HostFilter& filter, const AliasView& aliases) {
  HostSource src(store, request, filter, aliases);
  const bool by_value =
      src.sorts_by(request.sort) && request.sort != SortKey::Key && request.sort != SortKey::Name;
  std::vector<HostExport::Entry> order;
  order.reserve(src.size_hint());
  src.for_each([&](uint32_t i) {
    order.push_back({by_value ? src.number(i, request.sort) : 0, src.key(i), i});
  });
  const bool desc = request.order == Order::Descending;
  // Without values the key is the order, in the requested direction as list_hosts has it (a Name sort
  // exports in ascending address order); with values, ties go by the key ascending.
  const bool key_desc = desc && !by_value && request.sort != SortKey::Name;
  std::sort(order.begin(), order.end(),
            [desc, key_desc](const HostExport::Entry& a, const HostExport::Entry& b) {
              if (a.value != b.value) return desc ? a.value > b.value : a.value < b.value;
              return key_desc ? b.key < a.key : a.key < b.key;
            });
  return order;
}

void export_items(const stats::StatsStore& store, const ListRequest& request,
                  const std::vector<HostExport::Entry>& order, size_t begin, size_t end,
                  std::vector<HostItem>& out, const AliasView& aliases) {
  const auto& table = store.hosts();
  const auto& config = store.config().entity_history;
  const TimeWindow w = resolve(request.interval, store);
  for (size_t i = begin; i < end; ++i) {
    const HostExport::Entry& e = order[i];
    const stats::HostEntry* h = nullptr;
    if (e.slot < table.slots() && table.live(e.slot) && table.at(e.slot).key == e.key)
      h = &table.at(e.slot);
    else
      h = table.find(e.key);
    if (h) out.push_back(host_item(*h, w, config, request.with_interval, aliases));
  }
}

std::vector<HostItem> recent_host_items(const stats::StatsStore& store, const ListRequest& request,
                                        const HostFilter& filter, const AliasView& aliases, int64_t horizon,
                                        std::vector<stats::HostKey>& filtered_out) {
  HostFilter recent_filter = filter;
  recent_filter.active_in_interval = false;
  HostSource src(store, request, recent_filter, aliases);
  TimeWindow recent = src.window();
  recent.start = std::max(recent.start, horizon);
  const auto& table = store.hosts();
  const auto& config = store.config().entity_history;
  std::vector<HostItem> items;
  items.reserve(table.size());
  for (size_t i = 0; i < table.slots(); ++i) {
    if (!table.live(i)) continue;
    const stats::HostEntry& h = table.at(i);
    if (src.pass(h))
      items.push_back(host_item(h, recent, config, true, aliases));
    else
      filtered_out.push_back(h.key);
  }
  return items;
}

uint64_t host_item_number(const HostItem& h, SortKey k, Scope scope) {
  if (k == SortKey::Flows) return uint64_t{h.active_as_client} + h.active_as_server;
  if (is_tcp_key(k)) return tcp_value(h.tcp, k);
  return detail::values_sort_value(h.traffic, h.first_ns, h.last_ns, k, scope);
}

bool host_text_matches(const stats::HostKey& key, std::string_view name, std::string_view text_lower) {
  if (text_lower.empty() || detail::contains_icase(name, text_lower)) return true;
  char buf[64];
  return detail::contains_icase(format_key(key, buf), text_lower);
}

std::optional<stats::HostKey> parse_host_key(std::string_view text) {
  stats::HostKey key;
  auto at = text.find('@');
  if (at != std::string_view::npos) {
    std::string_view vlan = text.substr(at + 1);
    unsigned v = 0;
    auto [end, ec] = std::from_chars(vlan.data(), vlan.data() + vlan.size(), v);
    if (ec != std::errc{} || end != vlan.data() + vlan.size() || vlan.empty() || v > 4095)
      return std::nullopt;
    key.vlan = static_cast<uint16_t>(v);
    text = text.substr(0, at);
  }
  auto ip = core::IpAddress::parse(text);
  if (!ip) return std::nullopt;
  key.ip = *ip;
  return key;
}

HostItem host_item(const stats::HostEntry& h, const TimeWindow& w, const stats::HistoryConfig& config,
                   bool with_interval, const AliasView& aliases) {
  HostItem item;
  item.key = h.key;
  item.name = aliases.name(h);
  item.local = h.local;
  item.multicast = h.multicast;
  item.broadcast = h.broadcast;
  item.mac = h.macs.empty() ? 0 : h.macs.front();
  if (h.country[0]) item.country.assign(h.country.data(), 2);
  item.asn = h.asn;
  item.traffic = traffic_values(h.traffic, w, config, with_interval);
  item.first_ns = h.traffic.first_ns;
  item.last_ns = h.traffic.last_ns;
  item.active_as_client = h.active_as_client;
  item.active_as_server = h.active_as_server;
  item.flows_as_client = h.flows_as_client;
  item.flows_as_server = h.flows_as_server;
  item.tcp = h.tcp;
  return item;
}

std::optional<HostDetail> get_host(const stats::StatsStore& store, const stats::HostKey& key,
                                   const Interval& interval, const AliasView& aliases) {
  const stats::HostEntry* h = store.hosts().find(key);
  if (!h) return std::nullopt;
  return HostDetail{host_item(*h, resolve(interval, store), store.config().entity_history, true, aliases),
                    *h};
}

Page<HostItem> list_hosts(const stats::StatsStore& store, const ListRequest& request,
                          const HostFilter& filter, const AliasView& aliases) {
  return detail::run_list(HostSource(store, request, filter, aliases), request);
}

std::string country_filter_code(const std::string& code) {
  if (code.empty()) return code;
  if (code.size() != 2 || !std::isalpha(static_cast<unsigned char>(code[0])) ||
      !std::isalpha(static_cast<unsigned char>(code[1])))
    return "!!";
  return {static_cast<char>(std::toupper(static_cast<unsigned char>(code[0]))),
          static_cast<char>(std::toupper(static_cast<unsigned char>(code[1])))};
}

}  // namespace netmeter::query
