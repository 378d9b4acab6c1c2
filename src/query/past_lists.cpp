#include "query/past_lists.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/hash.hpp"
#include "query/list_engine.hpp"
#include "query/past_reads.hpp"

namespace netmeter::query {
namespace {

constexpr int64_t kMinute = 60;

struct EntityRefHash {
  size_t operator()(const EntityRef& r) const {
    return stats::HostKeyHash{}(r.host) ^ core::mix64(r.id << 8 | static_cast<uint64_t>(r.module));
  }
};

/// Adds the stored parts to `items` (found by `ref_of`), appends a row made by `make_stored` (nullopt:
/// the filter refuses it) for each entity neither the rows nor `filtered_out` know, completes the rates
/// and applies active_in_interval.
template <typename Item, typename RefOf, typename MakeStored>
void merge_rows(std::vector<Item>& items, const std::vector<EntityRef>& filtered_out,
                std::span<const EntityTraffic> past, RefOf ref_of, MakeStored make_stored,
                const TimeWindow& w, bool active_only) {
  std::unordered_map<EntityRef, size_t, EntityRefHash> index;
  index.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i)
    index.emplace(ref_of(items[i]), i);
  const std::unordered_set<EntityRef, EntityRefHash> refused(filtered_out.begin(), filtered_out.end());
  for (const EntityTraffic& p : past) {
    if (auto it = index.find(p.ref); it != index.end()) {
      items[it->second].traffic.interval += p.traffic;
    } else if (!refused.contains(p.ref)) {
      if (auto item = make_stored(p.ref)) {
        item->traffic.interval = p.traffic;
        items.push_back(std::move(*item));
      }
    }
  }
  for (Item& item : items)
    item.traffic.interval_per_second = item.traffic.interval.scaled(1, static_cast<uint64_t>(w.seconds()));
  if (active_only) std::erase_if(items, [](const Item& item) { return item.traffic.interval.empty(); });
}

class ModuleRowSource : public detail::RowSource<ModuleItem, EntityRef> {
 public:
  ModuleRowSource(std::vector<ModuleItem> rows, Scope scope) : RowSource(std::move(rows)), scope_(scope) {}
  // As list_module's.
  bool sorts_by(SortKey k) const { return k != SortKey::Flows && k < SortKey::ClientIp; }
  Key key(Ref i) const { return rows_[i].ref; }
  std::string_view name(Ref i) const { return rows_[i].name; }
  uint64_t number(Ref i, SortKey k) const {
    const ModuleItem& m = rows_[i];
    return detail::values_sort_value(m.traffic, m.first_ns, m.last_ns, k, scope_);
  }

 private:
  Scope scope_;
};

class HostRowSource : public detail::RowSource<HostItem, stats::HostKey> {
 public:
  HostRowSource(std::vector<HostItem> rows, Scope scope) : RowSource(std::move(rows)), scope_(scope) {}
  // As list_hosts'.
  bool sorts_by(SortKey k) const { return k <= SortKey::Flows || is_tcp_key(k); }
  Key key(Ref i) const { return rows_[i].key; }
  std::string_view name(Ref i) const { return rows_[i].name; }
  uint64_t number(Ref i, SortKey k) const { return host_item_number(rows_[i], k, scope_); }

 private:
  Scope scope_;
};

bool mode_passes(const HostItem& h, HostMode mode) {
  switch (mode) {
    case HostMode::All:
      return true;
    case HostMode::Local:
      return h.local && !h.multicast && !h.broadcast;
    case HostMode::Remote:
      return !h.local;
    case HostMode::Multicast:
      return h.multicast;
    case HostMode::Broadcast:
      return h.broadcast;
  }
  return true;
}

/// The item of a host only the store knows, if `filter` lets it (all but active_in_interval).
std::optional<HostItem> stored_host(const stats::HostKey& key, const ListRequest& request,
                                    const HostFilter& filter, std::string_view text, std::string_view country,
                                    const StoredHostContext& context) {
  if (!may_see(request, key.ip)) return std::nullopt;
  if (filter.vlan && key.vlan != *filter.vlan) return std::nullopt;
  if (filter.ip_version && key.ip.version() != *filter.ip_version) return std::nullopt;
  HostItem h;
  h.key = key;
  h.local = context.local_networks && core::in_any(*context.local_networks, key.ip);
  h.multicast = key.ip.is_multicast();
  h.broadcast = key.ip.is_limited_broadcast();
  if (!mode_passes(h, filter.mode)) return std::nullopt;
  // As the statistics locate a new host: not multicast or broadcast ones.
  if (context.geo && !h.multicast && !h.broadcast) {
    if (auto info = context.geo->lookup(key.ip)) {
      if (info->country_code.size() == 2) h.country = info->country_code;
      h.asn = info->asn;
    }
  }
  if (!country.empty() && h.country != country) return std::nullopt;
  h.name = context.aliases.name(key.ip, nullptr);
  if (!host_text_matches(key, h.name, text)) return std::nullopt;
  return h;
}

}  // namespace

std::vector<EntityTraffic> past_totals(const PastTraffic& past, Module module, int64_t start, int64_t end,
                                       int64_t horizon) {
  end = std::min(end, horizon);
  if (start >= end) return {};
  const int64_t first_whole = stats::align_up(start, kMinute), last_whole = stats::align_down(end, kMinute);
  // The reads: [from, to) of minutes, each counted for `seconds` of its 60.
  struct Part {
    int64_t from, to, seconds;
  };
  std::vector<Part> parts;
  if (first_whole >= end) {
    parts.push_back({first_whole - kMinute, first_whole, end - start});  // inside one minute
  } else {
    if (start < first_whole) parts.push_back({first_whole - kMinute, first_whole, first_whole - start});
    if (first_whole < last_whole) parts.push_back({first_whole, last_whole, kMinute});
    if (last_whole < end) parts.push_back({last_whole, last_whole + kMinute, end - last_whole});
  }
  if (parts.size() == 1 && parts[0].seconds == kMinute)
    return past.totals(module, parts[0].from, parts[0].to);
  std::unordered_map<EntityRef, stats::Traffic, EntityRefHash> sums;
  for (const Part& part : parts)
    for (const EntityTraffic& t : past.totals(module, part.from, part.to))
      sums[t.ref] += part.seconds == kMinute ? t.traffic
                                             : t.traffic.scaled(static_cast<uint64_t>(part.seconds), kMinute);
  std::vector<EntityTraffic> out;
  out.reserve(sums.size());
  for (const auto& [ref, traffic] : sums)
    out.push_back({ref, traffic});
  return out;
}

void add_module_past(Graph& g, std::span<const KeyedMinuteTraffic> minutes, std::span<const uint64_t> ids,
                     int64_t horizon) {
  std::vector<MinuteTraffic> one;  // one entity's minutes
  for (size_t i = 0, j = 0; i < minutes.size(); i = j) {
    for (j = i; j < minutes.size() && minutes[j].id == minutes[i].id; ++j) {
    }
    if (!std::binary_search(ids.begin(), ids.end(), minutes[i].id)) continue;
    one.clear();
    for (size_t k = i; k < j; ++k)
      one.push_back({minutes[k].minute, minutes[k].traffic});
    add_past(g, one, horizon);
  }
}

Page<ModuleItem> merge_module_list(std::vector<ModuleItem> recent, const std::vector<EntityRef>& filtered_out,
                                   std::span<const EntityTraffic> past, const NameResolver& names,
                                   const ListRequest& request, const ModuleFilter& filter,
                                   const TimeWindow& window) {
  const std::string text = detail::lower(filter.text);
  auto make_stored = [&](const EntityRef& ref) -> std::optional<ModuleItem> {
    if (!passes_module_keys(ref, filter)) return std::nullopt;
    ModuleItem m;
    m.ref = ref;
    m.name = entity_name(ref, names);
    if (!detail::contains_icase(m.name, text)) return std::nullopt;
    return m;
  };
  merge_rows(
      recent, filtered_out, past, [](const ModuleItem& m) { return m.ref; }, make_stored, window,
      filter.active_in_interval);
  return detail::run_list(ModuleRowSource(std::move(recent), request.scope), request);
}

Page<HostItem> merge_host_list(std::vector<HostItem> recent, const std::vector<stats::HostKey>& filtered_out,
                               std::span<const EntityTraffic> past, const ListRequest& request,
                               const HostFilter& filter, const TimeWindow& window,
                               const StoredHostContext& context) {
  const std::string text = detail::lower(filter.text);
  const std::string country = country_filter_code(filter.country);
  std::vector<EntityRef> refused;
  refused.reserve(filtered_out.size());
  for (const stats::HostKey& k : filtered_out)
    refused.push_back(host_ref(k));
  auto make_stored = [&](const EntityRef& ref) {
    return stored_host(ref.host, request, filter, text, country, context);
  };
  merge_rows(
      recent, refused, past, [](const HostItem& h) { return host_ref(h.key); }, make_stored, window,
      filter.active_in_interval);
  return detail::run_list(HostRowSource(std::move(recent), request.scope), request);
}

}  // namespace netmeter::query
