#include "query/modules.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "query/list_engine.hpp"
#include "stats/dscp.hpp"

namespace netmeter::query {

namespace {

struct ModuleEntry {
  EntityRef ref;
  const stats::TrafficStats* traffic;
  std::string name;  ///< filled only when the filter or the sort needs it
};

/// The module's entities with traffic, in no particular order.
std::vector<ModuleEntry> entries_of(const stats::StatsStore& store, Module module) {
  std::vector<ModuleEntry> out;
  auto add = [&](const EntityRef& ref, const stats::TrafficStats& t) {
    if (!t.total.empty()) out.push_back({ref, &t, {}});
  };
  auto table = [&](const stats::StatsStore::TrafficTable& t) {
    out.reserve(t.size());
    t.for_each_keyed([&](uint64_t id, const stats::TrafficStats& s) { add(module_ref(module, id), s); });
  };
  switch (module) {
    case Module::Port:
      table(store.ports());
      break;
    case Module::Application:
      table(store.apps());
      break;
    case Module::Category:
      table(store.categories());
      break;
    case Module::Breed:
      table(store.breeds());
      break;
    case Module::Vlan:
      table(store.vlans());
      break;
    case Module::Mpls:
      table(store.mpls());
      break;
    case Module::Icmp:
      table(store.icmp());
      break;
    case Module::Dscp:
      for (size_t i = 0; i < store.dscp().size(); ++i)
        add(module_ref(module, i), store.dscp()[i]);
      break;
    case Module::PacketSize:
      for (size_t i = 0; i < store.sizes().size(); ++i)
        add(module_ref(module, i), store.sizes()[i]);
      break;
    case Module::Multicast:
      out.reserve(store.multicast().size());
      store.multicast().for_each_keyed(
          [&](const stats::HostKey& k, const stats::TrafficStats& s) { add(multicast_ref(k), s); });
      break;
    case Module::Interface:
    case Module::Host:
    case Module::Mac:
      break;
  }
  return out;
}

/// Whether `e` passes `filter` but for active_in_interval (`text`: the filter's text in lower case);
/// names it when `need_name`.
bool passes(ModuleEntry& e, const NameResolver& names, const ListRequest& request, const ModuleFilter& filter,
            std::string_view text, bool need_name) {
  if (!passes_module_keys(e.ref, filter)) return false;
  if (e.ref.module == Module::Multicast && !may_see(request, e.ref.host.ip)) return false;  // an address
  if (need_name) e.name = entity_name(e.ref, names);
  return detail::contains_icase(e.name, text);
}

class ModuleSource {
 public:
  using Ref = uint32_t;
  using Key = EntityRef;

  ModuleSource(const stats::StatsStore& store, const NameResolver& names, Module module,
               const ListRequest& request, const ModuleFilter& filter)
      : names_(names),
        config_(store.config().entity_history),
        request_(request),
        window_(resolve(request.interval, store)),
        entries_(entries_of(store, module)) {
    const std::string text = detail::lower(filter.text);
    const bool need_names = !text.empty() || request.sort == SortKey::Name;
    std::erase_if(entries_, [&](ModuleEntry& e) {
      if (filter.active_in_interval && window_sum(*e.traffic, window_.start, window_.end, config_).empty())
        return true;
      return !passes(e, names, request, filter, text, need_names);
    });
  }

  size_t size_hint() const { return entries_.size(); }
  bool sorts_by(SortKey k) const { return k != SortKey::Flows && k < SortKey::ClientIp; }

  template <typename F>
  void for_each(F&& f) const {
    for (size_t i = 0; i < entries_.size(); ++i)
      f(static_cast<Ref>(i));
  }
  Key key(Ref i) const { return entries_[i].ref; }
  std::string_view name(Ref i) const { return entries_[i].name; }
  uint64_t number(Ref i, SortKey k) const {
    return detail::stats_sort_value(*entries_[i].traffic, k, request_.scope, window_, config_);
  }
  ModuleItem item(Ref i) const {
    const ModuleEntry& e = entries_[i];
    ModuleItem m;
    m.ref = e.ref;
    m.name = e.name.empty() ? entity_name(e.ref, names_) : e.name;
    m.traffic = traffic_values(*e.traffic, window_, config_, request_.with_interval);
    m.first_ns = e.traffic->first_ns;
    m.last_ns = e.traffic->last_ns;
    return m;
  }

 private:
  const NameResolver& names_;
  const stats::HistoryConfig& config_;
  const ListRequest& request_;
  TimeWindow window_;
  std::vector<ModuleEntry> entries_;
};

}  // namespace

bool passes_module_keys(const EntityRef& ref, const ModuleFilter& filter) {
  if (filter.l4 && (ref.module != Module::Port || port_l4(ref.id) != *filter.l4)) return false;
  return !filter.vlan_level || (ref.module == Module::Vlan && vlan_level(ref.id) == *filter.vlan_level);
}

std::vector<ModuleItem> recent_module_items(const stats::StatsStore& store, const NameResolver& names,
                                            Module module, const ListRequest& request,
                                            const ModuleFilter& filter, int64_t horizon,
                                            std::vector<EntityRef>& filtered_out) {
  std::vector<ModuleItem> items;
  if (!is_small_module(module)) return items;
  const std::string text = detail::lower(filter.text);
  TimeWindow recent = resolve(request.interval, store);
  recent.start = std::max(recent.start, horizon);
  const stats::HistoryConfig& config = store.config().entity_history;
  for (ModuleEntry& e : entries_of(store, module)) {
    if (!passes(e, names, request, filter, text, true)) {
      filtered_out.push_back(e.ref);
      continue;
    }
    ModuleItem m;
    m.ref = e.ref;
    m.name = std::move(e.name);
    m.traffic = traffic_values(*e.traffic, recent, config, true);
    m.first_ns = e.traffic->first_ns;
    m.last_ns = e.traffic->last_ns;
    items.push_back(std::move(m));
  }
  return items;
}

bool is_small_module(Module m) {
  return m != Module::Interface && m != Module::Host && m != Module::Mac;
}

std::string dscp_name(uint8_t dscp) {
  return stats::dscp_name(dscp);
}

std::string entity_name(const EntityRef& ref, const NameResolver& names) {
  switch (ref.module) {
    case Module::Application:
      return names.application(app_master(ref.id), app_protocol(ref.id));
    case Module::Category:
      return names.category(static_cast<uint16_t>(ref.id));
    case Module::Breed:
      return names.breed(static_cast<uint8_t>(ref.id));
    case Module::Dscp:
      return dscp_name(static_cast<uint8_t>(ref.id));
    case Module::PacketSize:
      return stats::size_bin_name(static_cast<int>(ref.id));
    case Module::Icmp: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%s %u/%u", icmp_v6(ref.id) ? "ICMPv6" : "ICMP", icmp_type(ref.id),
                    icmp_code(ref.id));
      return buf;
    }
    case Module::Port:
      return std::to_string(port_number(ref.id));
    case Module::Vlan:
      return std::to_string(vlan_id(ref.id));
    case Module::Host:
    case Module::Multicast:
      return ref.host.to_string();
    case Module::Mac:
      return stats::mac_to_string(ref.id);
    case Module::Mpls:
      return std::to_string(ref.id);
    case Module::Interface:
      return {};
  }
  return {};
}

std::optional<ModuleItem> get_module_item(const stats::StatsStore& store, const NameResolver& names,
                                          const EntityRef& ref, const Interval& interval) {
  if (!is_small_module(ref.module)) return std::nullopt;
  const stats::TrafficStats* t = find_traffic(store, ref);
  if (!t) return std::nullopt;
  ModuleItem m;
  m.ref = ref;
  m.name = entity_name(ref, names);
  m.traffic = traffic_values(*t, resolve(interval, store), store.config().entity_history, true);
  m.first_ns = t->first_ns;
  m.last_ns = t->last_ns;
  return m;
}

Page<ModuleItem> list_module(const stats::StatsStore& store, const NameResolver& names, Module module,
                             const ListRequest& request, const ModuleFilter& filter) {
  if (!is_small_module(module)) return detail::empty_page<ModuleItem>(request);
  return detail::run_list(ModuleSource(store, names, module, request, filter), request);
}

}  // namespace netmeter::query
