#pragma once

#include <cstdint>
#include <optional>

#include "query/app_hosts.hpp"
#include "query/arp_lists.hpp"
#include "query/broadcast_domain_list.hpp"
#include "query/connections.hpp"
#include "query/entity.hpp"
#include "query/flow_applications.hpp"
#include "query/flow_counts.hpp"
#include "query/flow_lists.hpp"
#include "query/graph.hpp"
#include "query/host_aliases.hpp"
#include "query/host_lists.hpp"
#include "query/hosts.hpp"
#include "query/interface_summary.hpp"
#include "query/l7_lists.hpp"
#include "query/l7_summary.hpp"
#include "query/list_request.hpp"
#include "query/mac_lists.hpp"
#include "query/macs.hpp"
#include "query/module_totals.hpp"
#include "query/modules.hpp"
#include "query/name_resolver.hpp"
#include "query/past_reads.hpp"
#include "query/past_traffic.hpp"
#include "query/port_hosts.hpp"
#include "query/protocol_graph.hpp"
#include "stats/aggregator.hpp"

namespace netmeter::query {

/// The query functions over an aggregator: each call holds its shared lock while it runs, and every
/// answer is a copy, valid after the lock is released. Both REST dialects call this (or the free functions
/// with a store they already hold). The aggregator, the resolver and the aliases must outlive it.
class QueryService {
 public:
  /// `aliases`: the users' host names, which every host name the service answers takes first (null: none).
  QueryService(const stats::Aggregator& stats, const NameResolver& names,
               const HostAliases* aliases = nullptr)
      : stats_(stats), names_(names), aliases_(aliases) {}

  /// Where graphs, the intervals of items and the host and module lists read what memory no longer holds
  /// (a store of per-minute series; null: memory only). Set before the service is shared; it must outlive
  /// the service.
  void set_past(const PastTraffic* past) { past_ = past; }
  /// The interface; its interval value includes the stored minutes before the in-memory history (as do
  /// host() and entity() for a host or module entity known in memory).
  InterfaceSummary interface(const Interval& interval = {}) const;

  std::optional<HostDetail> host(const stats::HostKey& key, const Interval& interval = {}) const;
  /// With an interval reaching before the memory horizon and a store (set_past), each host's interval
  /// values add the stored minutes, and hosts only the store knows are listed too (past_lists.hpp).
  Page<HostItem> hosts(const ListRequest& request, const HostFilter& filter = {}) const;
  /// hosts() when it reads the store (the request's interval reaches before the memory horizon), with
  /// `aliases`; nullopt when memory alone answers (HostExport then pages through memory itself).
  std::optional<Page<HostItem>> past_hosts(const ListRequest& request, const HostFilter& filter,
                                           const AliasView& aliases) const;
  std::optional<Page<PeerItem>> host_peers(const stats::HostKey& key, const ListRequest& request) const;
  std::optional<Page<PeerPortItem>> host_peer_ports(const stats::HostKey& key,
                                                    const ListRequest& request) const;
  std::optional<Page<HostPortItem>> host_ports(const stats::HostKey& key, const ListRequest& request) const;
  std::optional<Page<HostProtocolItem>> host_protocols(const stats::HostKey& key,
                                                       const ListRequest& request) const;
  std::optional<Page<HostProtocolItem>> host_categories(const stats::HostKey& key,
                                                        const ListRequest& request) const;
  std::optional<Page<ConnectionItem>> host_connections(const stats::HostKey& key, const ListRequest& request,
                                                       const ConnectionFilter& filter = {}) const;
  std::optional<Page<MacItem>> host_macs(const stats::HostKey& key, const ListRequest& request) const;

  std::optional<MacItem> mac(stats::MacKey mac, const Interval& interval = {}) const;
  Page<MacItem> macs(const ListRequest& request, const MacFilter& filter = {}) const;

  /// Ports, applications, categories, breeds, VLANs, MPLS labels, DSCP classes, packet sizes, ICMP,
  /// multicast.
  std::optional<ModuleItem> entity(const EntityRef& ref, const Interval& interval = {}) const;
  /// Lists of the modules the store keeps (applications, categories, ports, VLANs, DSCP) read it as
  /// hosts() does.
  Page<ModuleItem> entities(Module module, const ListRequest& request, const ModuleFilter& filter = {}) const;

  std::optional<ConnectionItem> connection(uint64_t id) const;
  Page<ConnectionItem> connections(const ListRequest& request, const ConnectionFilter& filter = {}) const;

  /// Any entity's graph, the interface's included. Points before the in-memory history come from the
  /// store of per-minute series (set_past) for the modules it keeps, so an entity known only there (a
  /// host of before a restart) has a graph too; nullopt when neither knows it.
  std::optional<Graph> graph(const EntityRef& ref, const GraphRequest& request) const;

  /// What the geolocation databases know of `address` (nullopt: nothing, or no databases). Lock-free.
  std::optional<geo::GeoInfo> locate(const core::IpAddress& address) const;

  /// The statistics' generation (stats::Aggregator::generation) plus the aliases' version: answers may be
  /// reused while it stays (both only grow, so the sum changes whenever either does).
  uint64_t generation() const { return stats_.generation() + (aliases_ ? aliases_->version() : 0); }
  /// The host aliases in force now (for free functions called through read()).
  AliasView aliases() const { return aliases_ ? aliases_->view() : AliasView(); }

  /// Runs f(const StatsStore&, const NameResolver&) under the shared lock, for what the calls above miss.
  template <typename F>
  auto read(F&& f) const {
    return stats_.read([&](const stats::StatsStore& store) { return f(store, names_); });
  }

  // ---- Application-layer modules (the Allegro l7 family: dns, dhcp, http, ssl); l7_lists.hpp ----
  DnsSummary dns_summary() const;
  HttpSummary http_summary() const;
  TlsSummary tls_summary() const;
  DhcpSummary dhcp_summary() const;
  Page<DnsClientItem> dns_clients(const ListRequest& request, L7Sort sort, const L7Filter& filter = {}) const;
  Page<DnsServerItem> dns_servers(const ListRequest& request, L7Sort sort, const L7Filter& filter = {}) const;
  Page<NameCountItem> l7_names(NameTable table, const ListRequest& request, L7Sort sort,
                               const L7Filter& filter = {}) const;
  Page<HttpHostItem> http_hosts(const ListRequest& request, L7Sort sort, const L7Filter& filter = {}) const;
  Page<HttpServerItem> http_servers(const ListRequest& request, L7Sort sort,
                                    const L7Filter& filter = {}) const;
  Page<DhcpClientItem> dhcp_clients(const ListRequest& request, L7Sort sort,
                                    const L7Filter& filter = {}) const;
  Page<DhcpServerItem> dhcp_servers(const ListRequest& request, L7Sort sort,
                                    const L7Filter& filter = {}) const;
  // ---- MAC family: the MACs as a whole, EtherTypes, a MAC's VLANs and peers, ARP (mac_lists.hpp,
  // arp_lists.hpp) ----
  MacTotals mac_totals(const Interval& interval, const AddressVisibility& visible = {}) const;
  Graph mac_totals_graph(const GraphRequest& request, const AddressVisibility& visible = {}) const;
  Page<EtherTypeItem> ethertypes(const ListRequest& request, const EtherTypeFilter& filter = {}) const;
  std::optional<Page<EtherTypeItem>> mac_ethertypes(stats::MacKey mac, const ListRequest& request) const;
  std::optional<Page<MacVlanItem>> mac_vlans(stats::MacKey mac, const ListRequest& request) const;
  std::optional<Page<MacPeerItem>> mac_peers(stats::MacKey mac, const ListRequest& request) const;
  ArpTotals arp_totals(const AddressVisibility& visible = {}) const;
  Page<ArpHostItem> arp_hosts(const ListRequest& request, const ArpFilter& filter = {}) const;
  Page<ArpMacItem> arp_macs(const ListRequest& request, const ArpFilter& filter = {}) const;

  // Allegro small modules (l4_ports, dpi, vlan, mpls, qos, packet_size, icmp, multicast).
  Page<PortHostItem> port_hosts(uint8_t l4, uint16_t port, const ListRequest& request,
                                std::optional<PortRole> role = {}) const;
  Page<AppHostItem> application_hosts(uint32_t app_key, const ListRequest& request) const;
  Page<AppHostItem> category_hosts(uint16_t category, const ListRequest& request) const;
  std::vector<NamedKey> known_applications() const;
  std::vector<NamedKey> known_categories() const;
  std::optional<uint32_t> find_application(std::string_view name) const;
  ModuleTotals module_totals(Module module, const ListRequest& request,
                             const ModuleFilter& filter = {}) const;
  Graph module_graph(Module module, const GraphRequest& graph, const ListRequest& request,
                     const ModuleFilter& filter = {}) const;

  // ---- ntopng constants and time series (nt-consts): nDPI's tables (lock-free), and the graph of the
  // traffic counted under one nDPI protocol (protocol_graph.hpp) ----
  std::vector<ProtocolEntry> protocol_table() const { return names_.protocols(); }
  std::vector<uint16_t> category_table() const { return names_.category_ids(); }
  std::string category_name(uint16_t category) const { return names_.category(category); }
  Graph counted_protocol_graph(uint16_t protocol, const GraphRequest& request) const;
  Graph category_graph(uint16_t category, const GraphRequest& request) const;
  // ---- ntopng interface family: flows and hosts counted as ntopng counts them (flow_counts.hpp) ----
  FlowCounts flow_counts(bool include_finished, const AddressVisibility& visible = {}) const;
  size_t flow_total(bool include_finished, const AddressVisibility& visible = {}) const;
  HostCounts host_counts(const AddressVisibility& visible = {}) const;
  // ntopng broadcast domains (get/interface/bcast_domains.lua), learnt from ARP.
  std::vector<BroadcastDomainItem> broadcast_domains(const AddressVisibility& visible = {}) const;
  // ntopng flow list (get/flow/active.lua): the active connections with ntopng's key and host labels.
  Page<FlowItem> active_flows(const ListRequest& request, const FlowFilter& filter = {}) const;
  // ---- ring buffer: the applications of stored flows, for `dpi ==` extraction (flow_applications.hpp) ----
  std::vector<FlowApplication> flow_applications(std::span<const core::FlowKey> keys) const;

 private:
  const stats::Aggregator& stats_;
  const NameResolver& names_;
  const HostAliases* aliases_ = nullptr;
  /// `v`'s interval completed with the stored minutes before the memory horizon (nothing without a store).
  void add_past_interval(TrafficValues& v, const EntityRef& ref, const IntervalSplit& split) const;
  /// The host list merged with the store; when memory holds the interval whole: list_hosts' answer with
  /// `memory_list`, else nullopt.
  std::optional<Page<HostItem>> merged_hosts(const ListRequest& request, const HostFilter& filter,
                                             const AliasView& aliases, bool memory_list) const;
  /// Whether a list of `module` may read the store for `request`: a store keeping the module, an
  /// interval given and interval values wanted (else the list is memory's alone, unchanged).
  bool reads_past_lists(Module module, const ListRequest& request) const;
  /// The request's window and the memory horizon of the module; before_horizon: the store holds a part.
  struct PastListWindow {
    TimeWindow window;
    int64_t horizon = 0;
    bool before_horizon = false;
  };
  static PastListWindow past_list_window(const stats::StatsStore& s, Module module,
                                         const ListRequest& request);

  const PastTraffic* past_ = nullptr;
  mutable FlowBytesIndex flow_index_;  ///< ntopng flow list: active_flows() sorted by bytes
};

}  // namespace netmeter::query
