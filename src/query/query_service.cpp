#include "query/query_service.hpp"

#include <algorithm>
#include <utility>

#include "query/past_lists.hpp"
#include "query/past_reads.hpp"

namespace netmeter::query {

using stats::StatsStore;

InterfaceSummary QueryService::interface(const Interval& interval) const {
  auto [summary, split] = read([&](const StatsStore& s, const NameResolver&) {
    return std::pair(interface_summary(s, interval),
                     split_interval(s, &s.iface().traffic, s.config().global_history, interval));
  });
  add_past_interval(summary.traffic, EntityRef{}, split);
  return summary;
}

void QueryService::add_past_interval(TrafficValues& v, const EntityRef& ref,
                                     const IntervalSplit& split) const {
  if (!past_ || !past_->keeps(ref.module) || !split.window.requested) return;
  auto range = past_range(split.window.start, split.window.end, split.horizon);
  if (!range) return;
  // The stored minutes are read outside the statistics lock.
  complete_interval(v, split, past_->minutes(ref, range->start, range->end));
}

std::optional<HostDetail> QueryService::host(const stats::HostKey& key, const Interval& interval) const {
  const AliasView alias_view = aliases();
  const EntityRef ref = host_ref(key);
  auto [detail, split] = read([&](const StatsStore& s, const NameResolver&) {
    return std::pair(get_host(s, key, interval, alias_view),
                     split_interval(s, find_traffic(s, ref), s.config().entity_history, interval));
  });
  if (detail) add_past_interval(detail->summary.traffic, ref, split);
  return detail;
}

Page<HostItem> QueryService::hosts(const ListRequest& request, const HostFilter& filter) const {
  const AliasView alias_view = aliases();
  if (!reads_past_lists(Module::Host, request))
    return read(
        [&](const StatsStore& s, const NameResolver&) { return list_hosts(s, request, filter, alias_view); });
  return *merged_hosts(request, filter, alias_view, true);
}

std::optional<Page<HostItem>> QueryService::past_hosts(const ListRequest& request, const HostFilter& filter,
                                                       const AliasView& aliases) const {
  if (!reads_past_lists(Module::Host, request)) return std::nullopt;
  return merged_hosts(request, filter, aliases, false);
}

std::optional<Page<HostItem>> QueryService::merged_hosts(const ListRequest& request, const HostFilter& filter,
                                                         const AliasView& alias_view,
                                                         bool memory_list) const {
  struct Read {
    std::optional<Page<HostItem>> page;  ///< memory holds the whole interval
    std::vector<HostItem> recent;
    std::vector<stats::HostKey> filtered_out;
    PastListWindow past;
    std::vector<core::Cidr> local_networks;
  };
  Read r = read([&](const StatsStore& s, const NameResolver&) {
    Read out;
    out.past = past_list_window(s, Module::Host, request);
    if (!out.past.before_horizon) {
      if (memory_list) out.page = list_hosts(s, request, filter, alias_view);
      return out;
    }
    out.recent = recent_host_items(s, request, filter, alias_view, out.past.horizon, out.filtered_out);
    out.local_networks = s.config().local_networks;
    return out;
  });
  if (!r.past.before_horizon) return std::move(r.page);
  // The stored part, read outside the statistics lock.
  auto past = past_totals(*past_, Module::Host, r.past.window.start, r.past.window.end, r.past.horizon);
  StoredHostContext context{&r.local_networks, stats_.config().geo.get(), alias_view};
  return merge_host_list(std::move(r.recent), r.filtered_out, past, request, filter, r.past.window, context);
}

bool QueryService::reads_past_lists(Module module, const ListRequest& request) const {
  return past_ && past_->keeps(module) && request.with_interval &&
         (request.interval.start || request.interval.end);
}

QueryService::PastListWindow QueryService::past_list_window(const StatsStore& s, Module module,
                                                            const ListRequest& request) {
  PastListWindow w;
  w.window = resolve(request.interval, s);
  w.horizon = memory_horizon(s, history_config(s, module));
  w.before_horizon = w.window.requested && past_range(w.window.start, w.window.end, w.horizon).has_value();
  return w;
}

std::optional<Page<PeerItem>> QueryService::host_peers(const stats::HostKey& key,
                                                       const ListRequest& request) const {
  const AliasView alias_view = aliases();
  return read([&](const StatsStore& s, const NameResolver&) {
    return query::host_peers(s, key, request, alias_view);
  });
}

std::optional<geo::GeoInfo> QueryService::locate(const core::IpAddress& address) const {
  const auto& geo = stats_.config().geo;
  return geo ? geo->lookup(address) : std::nullopt;
}

std::optional<Page<PeerPortItem>> QueryService::host_peer_ports(const stats::HostKey& key,
                                                                const ListRequest& request) const {
  return read(
      [&](const StatsStore& s, const NameResolver&) { return query::host_peer_ports(s, key, request); });
}

std::optional<Page<HostPortItem>> QueryService::host_ports(const stats::HostKey& key,
                                                           const ListRequest& request) const {
  return read([&](const StatsStore& s, const NameResolver&) { return query::host_ports(s, key, request); });
}

std::optional<Page<HostProtocolItem>> QueryService::host_protocols(const stats::HostKey& key,
                                                                   const ListRequest& request) const {
  return read(
      [&](const StatsStore& s, const NameResolver& n) { return query::host_protocols(s, n, key, request); });
}

std::optional<Page<HostProtocolItem>> QueryService::host_categories(const stats::HostKey& key,
                                                                    const ListRequest& request) const {
  return read(
      [&](const StatsStore& s, const NameResolver& n) { return query::host_categories(s, n, key, request); });
}

std::optional<Page<ConnectionItem>> QueryService::host_connections(const stats::HostKey& key,
                                                                   const ListRequest& request,
                                                                   const ConnectionFilter& filter) const {
  const AliasView alias_view = aliases();
  return read([&](const StatsStore& s, const NameResolver& n) {
    return query::host_connections(s, n, key, request, filter, alias_view);
  });
}

std::optional<Page<MacItem>> QueryService::host_macs(const stats::HostKey& key,
                                                     const ListRequest& request) const {
  return read([&](const StatsStore& s, const NameResolver&) { return query::host_macs(s, key, request); });
}

std::optional<MacItem> QueryService::mac(stats::MacKey mac, const Interval& interval) const {
  return read([&](const StatsStore& s, const NameResolver&) { return get_mac(s, mac, interval); });
}

Page<MacItem> QueryService::macs(const ListRequest& request, const MacFilter& filter) const {
  return read([&](const StatsStore& s, const NameResolver&) { return list_macs(s, request, filter); });
}

std::optional<ModuleItem> QueryService::entity(const EntityRef& ref, const Interval& interval) const {
  auto [item, split] = read([&](const StatsStore& s, const NameResolver& n) {
    return std::pair(get_module_item(s, n, ref, interval),
                     split_interval(s, find_traffic(s, ref), history_config(s, ref.module), interval));
  });
  if (item) add_past_interval(item->traffic, ref, split);
  return item;
}

Page<ModuleItem> QueryService::entities(Module module, const ListRequest& request,
                                        const ModuleFilter& filter) const {
  if (!is_small_module(module) || !reads_past_lists(module, request))
    return read([&](const StatsStore& s, const NameResolver& n) {
      return list_module(s, n, module, request, filter);
    });
  struct Read {
    std::optional<Page<ModuleItem>> page;  ///< memory holds the whole interval
    std::vector<ModuleItem> recent;
    std::vector<EntityRef> filtered_out;
    PastListWindow past;
  };
  Read r = read([&](const StatsStore& s, const NameResolver& n) {
    Read out;
    out.past = past_list_window(s, module, request);
    if (!out.past.before_horizon)
      out.page = list_module(s, n, module, request, filter);
    else
      out.recent = recent_module_items(s, n, module, request, filter, out.past.horizon, out.filtered_out);
    return out;
  });
  if (r.page) return std::move(*r.page);
  // The stored part, read outside the statistics lock.
  auto past = past_totals(*past_, module, r.past.window.start, r.past.window.end, r.past.horizon);
  return merge_module_list(std::move(r.recent), r.filtered_out, past, names_, request, filter, r.past.window);
}

std::optional<ConnectionItem> QueryService::connection(uint64_t id) const {
  const AliasView alias_view = aliases();
  return read(
      [&](const StatsStore& s, const NameResolver& n) { return get_connection(s, n, id, alias_view); });
}

Page<ConnectionItem> QueryService::connections(const ListRequest& request,
                                               const ConnectionFilter& filter) const {
  const AliasView alias_view = aliases();
  return read([&](const StatsStore& s, const NameResolver& n) {
    return list_connections(s, n, request, filter, alias_view);
  });
}

std::optional<Graph> QueryService::graph(const EntityRef& ref, const GraphRequest& request) const {
  if (!past_ || !past_->keeps(ref.module))
    return read([&](const StatsStore& s, const NameResolver&) { return query::graph(s, ref, request); });
  struct Read {
    Graph graph;
    bool known = false;
    int64_t horizon = 0;
  };
  Read r = read([&](const StatsStore& s, const NameResolver&) {
    const stats::HistoryConfig& config = history_config(s, ref.module);
    const stats::TrafficStats* t = find_traffic(s, ref);
    int64_t horizon = memory_horizon(s, config);
    return Read{recent_graph(t, plan_graph(request, s, config), config, horizon), t != nullptr, horizon};
  });
  auto range = past_range(r.graph.start, r.graph.end, r.horizon);
  if (!range) return r.known ? std::optional<Graph>(std::move(r.graph)) : std::nullopt;
  // The stored minutes are read outside the statistics lock.
  auto minutes = past_->minutes(ref, range->start, range->end);
  if (!r.known && minutes.empty()) return std::nullopt;
  add_past(r.graph, minutes, r.horizon);
  return r.graph;
}

// ---- Application-layer modules (the Allegro l7 family: dns, dhcp, http, ssl) ----

DnsSummary QueryService::dns_summary() const {
  return read([](const StatsStore& s, const NameResolver&) { return query::dns_summary(s); });
}

HttpSummary QueryService::http_summary() const {
  return read([](const StatsStore& s, const NameResolver&) { return query::http_summary(s); });
}

TlsSummary QueryService::tls_summary() const {
  return read([](const StatsStore& s, const NameResolver&) { return query::tls_summary(s); });
}

DhcpSummary QueryService::dhcp_summary() const {
  return read([](const StatsStore& s, const NameResolver&) { return query::dhcp_summary(s); });
}

Page<DnsClientItem> QueryService::dns_clients(const ListRequest& request, L7Sort sort,
                                              const L7Filter& filter) const {
  const AliasView alias_view = aliases();
  return read([&](const StatsStore& s, const NameResolver&) {
    return query::dns_clients(s, request, sort, filter, alias_view);
  });
}

Page<DnsServerItem> QueryService::dns_servers(const ListRequest& request, L7Sort sort,
                                              const L7Filter& filter) const {
  const AliasView alias_view = aliases();
  return read([&](const StatsStore& s, const NameResolver&) {
    return query::dns_servers(s, request, sort, filter, alias_view);
  });
}

Page<NameCountItem> QueryService::l7_names(NameTable table, const ListRequest& request, L7Sort sort,
                                           const L7Filter& filter) const {
  return read([&](const StatsStore& s, const NameResolver&) {
    return query::l7_names(s, table, request, sort, filter);
  });
}

Page<HttpHostItem> QueryService::http_hosts(const ListRequest& request, L7Sort sort,
                                            const L7Filter& filter) const {
  const AliasView alias_view = aliases();
  return read([&](const StatsStore& s, const NameResolver&) {
    return query::http_hosts(s, request, sort, filter, alias_view);
  });
}

Page<HttpServerItem> QueryService::http_servers(const ListRequest& request, L7Sort sort,
                                                const L7Filter& filter) const {
  const AliasView alias_view = aliases();
  return read([&](const StatsStore& s, const NameResolver&) {
    return query::http_servers(s, request, sort, filter, alias_view);
  });
}

Page<DhcpClientItem> QueryService::dhcp_clients(const ListRequest& request, L7Sort sort,
                                                const L7Filter& filter) const {
  return read([&](const StatsStore& s, const NameResolver&) {
    return query::dhcp_clients(s, request, sort, filter);
  });
}

Page<DhcpServerItem> QueryService::dhcp_servers(const ListRequest& request, L7Sort sort,
                                                const L7Filter& filter) const {
  const AliasView alias_view = aliases();
  return read([&](const StatsStore& s, const NameResolver&) {
    return query::dhcp_servers(s, request, sort, filter, alias_view);
  });
}

// ---- MAC family ----

MacTotals QueryService::mac_totals(const Interval& interval, const AddressVisibility& visible) const {
  return read(
      [&](const StatsStore& s, const NameResolver&) { return query::mac_totals(s, interval, visible); });
}

Graph QueryService::mac_totals_graph(const GraphRequest& request, const AddressVisibility& visible) const {
  return read(
      [&](const StatsStore& s, const NameResolver&) { return query::mac_totals_graph(s, request, visible); });
}

Page<EtherTypeItem> QueryService::ethertypes(const ListRequest& request,
                                             const EtherTypeFilter& filter) const {
  return read([&](const StatsStore& s, const NameResolver&) { return list_ethertypes(s, request, filter); });
}

std::optional<Page<EtherTypeItem>> QueryService::mac_ethertypes(stats::MacKey mac,
                                                                const ListRequest& request) const {
  return read(
      [&](const StatsStore& s, const NameResolver&) { return query::mac_ethertypes(s, mac, request); });
}

std::optional<Page<MacVlanItem>> QueryService::mac_vlans(stats::MacKey mac,
                                                         const ListRequest& request) const {
  return read([&](const StatsStore& s, const NameResolver&) { return query::mac_vlans(s, mac, request); });
}

std::optional<Page<MacPeerItem>> QueryService::mac_peers(stats::MacKey mac,
                                                         const ListRequest& request) const {
  return read([&](const StatsStore& s, const NameResolver&) { return query::mac_peers(s, mac, request); });
}

ArpTotals QueryService::arp_totals(const AddressVisibility& visible) const {
  return read([&](const StatsStore& s, const NameResolver&) { return query::arp_totals(s, visible); });
}

Page<ArpHostItem> QueryService::arp_hosts(const ListRequest& request, const ArpFilter& filter) const {
  const AliasView alias_view = aliases();
  return read([&](const StatsStore& s, const NameResolver&) {
    return list_arp_hosts(s, request, filter, alias_view);
  });
}

Page<ArpMacItem> QueryService::arp_macs(const ListRequest& request, const ArpFilter& filter) const {
  return read([&](const StatsStore& s, const NameResolver&) { return list_arp_macs(s, request, filter); });
}

// Allegro small modules (l4_ports, dpi, vlan, mpls, qos, packet_size, icmp, multicast).

Page<PortHostItem> QueryService::port_hosts(uint8_t l4, uint16_t port, const ListRequest& request,
                                            std::optional<PortRole> role) const {
  const AliasView alias_view = aliases();
  return read([&](const StatsStore& s, const NameResolver&) {
    return query::port_hosts(s, l4, port, request, role, alias_view);
  });
}

Page<AppHostItem> QueryService::application_hosts(uint32_t app_key, const ListRequest& request) const {
  const AliasView alias_view = aliases();
  return read([&](const StatsStore& s, const NameResolver&) {
    return query::application_hosts(s, app_key, request, alias_view);
  });
}

Page<AppHostItem> QueryService::category_hosts(uint16_t category, const ListRequest& request) const {
  const AliasView alias_view = aliases();
  return read([&](const StatsStore& s, const NameResolver&) {
    return query::category_hosts(s, category, request, alias_view);
  });
}

std::vector<NamedKey> QueryService::known_applications() const {
  return read([&](const StatsStore& s, const NameResolver& n) { return query::known_applications(s, n); });
}

std::vector<NamedKey> QueryService::known_categories() const {
  return read([&](const StatsStore& s, const NameResolver& n) { return query::known_categories(s, n); });
}

std::optional<uint32_t> QueryService::find_application(std::string_view name) const {
  return read(
      [&](const StatsStore& s, const NameResolver& n) { return query::find_application(s, n, name); });
}

ModuleTotals QueryService::module_totals(Module module, const ListRequest& request,
                                         const ModuleFilter& filter) const {
  const ListRequest every = every_item(request, true);
  if (!is_small_module(module) || !reads_past_lists(module, every))
    return read([&](const StatsStore& s, const NameResolver& n) {
      return query::module_totals(s, n, module, request, filter);
    });
  // The module's list over the interval, memory and store merged (entities()), summed.
  const Page<ModuleItem> page = entities(module, every, filter);
  const int64_t seconds =
      read([&](const StatsStore& s, const NameResolver&) { return resolve(request.interval, s).seconds(); });
  return sum_module_items(page, seconds);
}

Graph QueryService::module_graph(Module module, const GraphRequest& graph, const ListRequest& request,
                                 const ModuleFilter& filter) const {
  auto memory_only = [&] {
    return read([&](const StatsStore& s, const NameResolver& n) {
      return query::module_graph(s, n, module, graph, request, filter);
    });
  };
  if (!past_ || !is_small_module(module) || !past_->keeps(module)) return memory_only();
  struct Plan {
    GraphPlan plan;
    int64_t horizon = 0;
  };
  const Plan p = read([&](const StatsStore& s, const NameResolver&) {
    const stats::HistoryConfig& config = history_config(s, module);
    return Plan{plan_graph(graph, s, config), memory_horizon(s, config)};
  });
  const auto range = past_range(p.plan.start, p.plan.end, p.horizon);
  if (!range) return memory_only();
  // The entities summed are those of module_totals over the request's interval (the graph's range when
  // it has none), stored ones included; memory gives each one's part from the horizon on, the store the
  // minutes before it (read outside the statistics lock).
  ListRequest every = every_item(request, true);
  if (!every.interval.start && !every.interval.end) every.interval = Interval{p.plan.start, p.plan.end};
  const Page<ModuleItem> items = entities(module, every, filter);
  Graph g = read([&](const StatsStore& s, const NameResolver&) {
    return recent_module_graph(s, items.items, module, p.plan, p.horizon);
  });
  std::vector<uint64_t> ids;
  ids.reserve(items.items.size());
  for (const ModuleItem& m : items.items)
    ids.push_back(m.ref.id);
  std::sort(ids.begin(), ids.end());
  add_module_past(g, past_->module_minutes(module, range->start, range->end), ids, p.horizon);
  return g;
}

Graph QueryService::counted_protocol_graph(uint16_t protocol, const GraphRequest& request) const {
  if (!past_ || !past_->keeps(Module::Application))
    return stats_.read(
        [&](const stats::StatsStore& s) { return query::counted_protocol_graph(s, protocol, request); });
  struct Read {
    Graph graph;
    int64_t horizon = 0;
  };
  Read r = stats_.read([&](const stats::StatsStore& s) {
    const stats::HistoryConfig& config = history_config(s, Module::Application);
    const int64_t horizon = memory_horizon(s, config);
    return Read{recent_counted_protocol_graph(s, protocol, plan_graph(request, s, config), horizon), horizon};
  });
  auto range = past_range(r.graph.start, r.graph.end, r.horizon);
  if (!range) return std::move(r.graph);
  // Every stored application's minutes, read outside the statistics lock, those counted under it summed.
  auto applications = past_->module_minutes(Module::Application, range->start, range->end);
  add_past(r.graph, counted_protocol_minutes(applications, protocol), r.horizon);
  return std::move(r.graph);
}

Graph QueryService::category_graph(uint16_t category, const GraphRequest& request) const {
  // Read through the store like any entity; a category neither knows is all zeros.
  if (auto g = graph(module_ref(Module::Category, category), request)) return std::move(*g);
  return stats_.read([&](const stats::StatsStore& s) { return query::category_graph(s, category, request); });
}

// ---- ntopng interface family ----

FlowCounts QueryService::flow_counts(bool include_finished, const AddressVisibility& visible) const {
  return read(
      [&](const StatsStore& s, const NameResolver&) { return count_flows(s, include_finished, visible); });
}

size_t QueryService::flow_total(bool include_finished, const AddressVisibility& visible) const {
  return read([&](const StatsStore& s, const NameResolver&) {
    return count_flow_total(s, include_finished, visible);
  });
}

HostCounts QueryService::host_counts(const AddressVisibility& visible) const {
  return read([&](const StatsStore& s, const NameResolver&) { return count_hosts(s, visible); });
}

Page<FlowItem> QueryService::active_flows(const ListRequest& request, const FlowFilter& filter) const {
  const AliasView alias_view = aliases();
  Page<FlowItem> page = read([&](const StatsStore& s, const NameResolver& n) {
    return list_active_flows(s, n, request, filter, &flow_index_, generation());
  });
  // An alias names the ends of the page's flows (flows sort by no host name, so the page is the same).
  for (FlowItem& f : page.items) {
    if (const std::string* a = alias_view.find(f.connection.client.ip)) f.client.label = *a;
    if (const std::string* a = alias_view.find(f.connection.server.ip)) f.server.label = *a;
  }
  return page;
}

std::vector<BroadcastDomainItem> QueryService::broadcast_domains(const AddressVisibility& visible) const {
  return read([&](const StatsStore& s, const NameResolver&) { return list_broadcast_domains(s, visible); });
}

std::vector<FlowApplication> QueryService::flow_applications(std::span<const core::FlowKey> keys) const {
  return read(
      [&](const StatsStore& s, const NameResolver& n) { return query::flow_applications(s, n, keys); });
}

}  // namespace netmeter::query
