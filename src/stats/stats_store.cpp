#include "stats/stats_store.hpp"

#include <algorithm>

namespace netmeter::stats {

namespace {

constexpr int64_t kNs = 1'000'000'000;

template <typename Vec, typename Key>
auto& find_or_add(Vec& v, const Key& key) {
  for (auto& item : v)
    if (item.first == key) return item.second;
  v.emplace_back(key, typename Vec::value_type::second_type{});
  return v.back().second;
}

HostAppTraffic& app_slot(std::vector<HostAppTraffic>& v, uint32_t key) {
  for (auto& a : v)
    if (a.key == key) return a;
  v.push_back({key, {}, 0, 0});
  return v.back();
}

}  // namespace

Traffic HostEntry::dscp_traffic(uint8_t dscp_class) const {
  if (dscp_class != 0) {
    for (const auto& [c, t] : dscp)
      if (c == dscp_class) return t;
    return {};
  }
  Traffic rest = traffic.total;
  for (const auto& [c, t] : dscp)
    rest = rest - t;
  return rest;
}

StatsStore::StatsStore(const StatsConfig& config) : config_(config) {}

void MacEntry::add_ip(const core::IpAddress& ip) {
  constexpr size_t kIndexFrom = 16;  // below, a scan of the vector is cheaper than a hash set
  if (ips.size() < kIndexFrom) {
    if (std::find(ips.begin(), ips.end(), ip) == ips.end()) ips.push_back(ip);
    return;
  }
  if (ip_index.empty())
    for (const auto& known : ips)
      ip_index.insert(known);
  if (ip_index.insert(ip)) ips.push_back(ip);
}

void StatsStore::reset() {
  oldest_ = newest_;
  iface_ = {};
  hosts_ = {};
  macs_ = {};
  ports_ = {};
  vlans_ = {};
  mpls_ = {};
  icmp_ = {};
  apps_ = {};
  categories_ = {};
  breeds_ = {};
  multicast_ = {};
  dscp_ = {};
  sizes_ = {};
  arp_ = {};
  domains_.clear();
  l7_ = {};
  finished_conns_.clear();
  active_.for_each([](ConnectionEntry& e) {
    e.rtt_counted = true;
    e.app_flow_counted = true;
  });
}

void StatsStore::locate(HostEntry& h) const {
  if (!config_.geo || h.multicast || h.broadcast) return;
  auto info = config_.geo->lookup(h.key.ip);
  if (!info) return;
  if (info->country_code.size() == 2) h.country = {info->country_code[0], info->country_code[1]};
  h.asn = info->asn;
}

HostEntry* StatsStore::host(const HostKey& key) {
  return hosts_.get_or_create(key, config_.max_hosts, [&](const HostKey& k) {
    HostEntry h;
    h.key = k;
    h.local = core::in_any(config_.local_networks, k.ip);
    h.multicast = k.ip.is_multicast();
    h.broadcast = k.ip.is_limited_broadcast();
    locate(h);
    fill_host_names(l7_, h);  // DNS answers and DHCP leases may have named the address before it talked
    return h;
  });
}

MacEntry* StatsStore::mac(MacKey key) {
  return macs_.get_or_create(key, config_.max_macs, [&](MacKey k) {
    MacEntry m;
    m.mac = k;
    if (config_.mac_vendors) m.vendor = config_.mac_vendors->lookup(k);
    return m;
  });
}

void StatsStore::apply(const ShardDelta& d, Events events) {
  if (d.second == History::kNever) return;
  if (d.second > newest_) newest_ = d.second;
  if (oldest_ == History::kNever || d.second < oldest_) oldest_ = d.second;
  apply_interface(d);
  apply_hosts(d);
  apply_macs(d);
  apply_small_modules(d);
  apply_arp(d);
  for (const auto& u : d.connections)
    apply_connection(u, d.second, events);
  if (events == Events::Apply)
    for (const auto& e : d.events)
      apply_event(e, d.second);
  if (config_.expire_idle && newest_ != last_expiry_) {
    last_expiry_ = newest_;
    expire_idle_hosts();
  }
}

void StatsStore::apply_event(const L7Event& e, int64_t second) {
  // A DHCP message's client is the address leased or asked for, which may never carry a packet: it names
  // a host that traffic created, and is no host of its own.
  if (e.kind != L7Kind::Dhcp) host(e.client);
  host(e.server);
  // Looked up once both exist: creating a host may move the others (the table is a vector).
  apply_l7_event(e, second, l7_, hosts_.find(e.client), hosts_.find(e.server), config_);
}

bool StatsStore::names_server(const ConnectionUpdate& u) const {
  if (!u.has_final_server_name()) return false;
  const HostEntry* s = hosts_.find(u.server_host());
  return s && s->served_name.empty();
}

void StatsStore::name_server(const HostKey& server, std::string_view name) {
  if (HostEntry* s = hosts_.find(server); s && s->served_name.empty()) s->served_name.assign(name);
}

void StatsStore::apply_interface(const ShardDelta& d) {
  const InterfaceDelta& i = d.iface;
  if (i.traffic.empty()) return;
  iface_.traffic.add(d.second, i.traffic, config_.global_history, i.first_ns, i.last_ns);
  iface_.ip += i.ip;
  iface_.non_ip_packets += i.non_ip_packets;
  iface_.local_to_remote += i.local_to_remote;
  iface_.remote_to_local += i.remote_to_local;
  iface_.local_to_local += i.local_to_local;
  iface_.remote_to_remote += i.remote_to_remote;
}

void StatsStore::link_host_mac(HostEntry& host, const core::IpAddress& ip, MacKey m) {
  if (std::find(host.macs.begin(), host.macs.end(), m) == host.macs.end()) host.macs.push_back(m);
  if (MacEntry* me = mac(m)) me->add_ip(ip);
}

void StatsStore::apply_hosts(const ShardDelta& d) {
  d.hosts.for_each([&](const HostKey& key, const HostDelta& hd) {
    HostEntry* h = host(key);
    if (!h) return;
    h->traffic.add(d.second, hd.traffic, config_.entity_history, hd.first_ns, hd.last_ns);
    if (hd.ttl_count) {
      h->ttl.sum += hd.ttl_sum;
      h->ttl.count += hd.ttl_count;
      h->ttl.min = std::min(h->ttl.min, hd.ttl_min);
      h->ttl.max = std::max(h->ttl.max, hd.ttl_max);
    }
    if (hd.broadcast) h->broadcast = true;
    for (size_t i = 0; i < hd.tcp_flags.size(); ++i)
      h->tcp_flags[i] += hd.tcp_flags[i];
    for (size_t i = 0; i < hd.sizes.size(); ++i)
      h->sizes[i] += hd.sizes[i];
    for (MacKey m : hd.macs)
      if (m != 0) link_host_mac(*h, key.ip, m);
  });
  d.host_macs.for_each([&](const HostMacKey& key, bool) {
    if (HostEntry* h = hosts_.find(key.host)) link_host_mac(*h, key.host.ip, key.mac);
  });
  d.host_dscp.for_each([&](const HostDscpKey& key, const Traffic& t) {
    if (HostEntry* h = hosts_.find(key.host)) find_or_add(h->dscp, key.dscp) += t;
  });
}

void StatsStore::apply_macs(const ShardDelta& d) {
  d.macs.for_each([&](MacKey key, const Traffic& t) {
    if (MacEntry* m = mac(key)) m->traffic.add(d.second, t, config_.entity_history);
  });
  d.mac_vlans.for_each([&](uint64_t key, const Traffic&) {
    if (MacEntry* m = macs_.find(key >> 12)) {
      auto vlan = static_cast<uint16_t>(key & 0xFFF);
      if (std::find(m->vlans.begin(), m->vlans.end(), vlan) == m->vlans.end()) m->vlans.push_back(vlan);
    }
  });
  d.mac_ethertypes.for_each([&](uint64_t key, const Traffic& t) {
    if (MacEntry* m = macs_.find(key >> 16))
      find_or_add(m->ethertypes, static_cast<uint16_t>(key & 0xFFFF)) += t;
  });
}

void StatsStore::apply_small_modules(const ShardDelta& d) {
  const auto& cfg = config_.entity_history;
  auto apply_table = [&](const FlatMap<uint64_t, Traffic, IntHash>& in, TrafficTable& out) {
    in.for_each([&](uint64_t key, const Traffic& t) {
      auto make = [](uint64_t) { return TrafficStats{}; };
      if (TrafficStats* e = out.get_or_create(key, config_.max_module_entries, make))
        e->add(d.second, t, cfg);
    });
  };
  apply_table(d.ports, ports_);
  apply_table(d.vlans, vlans_);
  apply_table(d.mpls, mpls_);
  apply_table(d.icmp, icmp_);
  size_t max_multicast = std::min(config_.max_hosts, config_.max_module_entries);
  d.multicast.for_each([&](const HostKey& key, const Traffic& t) {
    auto make = [](const HostKey&) { return TrafficStats{}; };
    if (TrafficStats* e = multicast_.get_or_create(key, max_multicast, make)) e->add(d.second, t, cfg);
  });
  for (size_t i = 0; i < d.dscp.size(); ++i)
    if (!d.dscp[i].empty()) dscp_[i].add(d.second, d.dscp[i], cfg);
  for (size_t i = 0; i < d.sizes.size(); ++i)
    if (!d.sizes[i].empty()) sizes_[i].add(d.second, d.sizes[i], cfg);
}

void StatsStore::apply_arp(const ShardDelta& d) {
  arp_ += d.arp.total;
  d.arp.domains.for_each([&](uint64_t key, uint64_t hits) { domains_.add(key, hits); });
  d.arp.by_ip.for_each([&](const HostKey& key, const ArpCounts& c) {
    if (HostEntry* h = host(key)) h->arp += c;
  });
  d.arp.by_mac.for_each([&](MacKey key, const ArpCounts& c) {
    if (MacEntry* m = mac(key)) m->arp += c;
  });
}

void StatsStore::apply_connection(const ConnectionUpdate& u, int64_t second, Events events) {
  bool created = false;
  ConnectionEntry& e = *active_.get_or_create(u.id, SIZE_MAX, [&](uint64_t) {
    created = true;
    return ConnectionEntry{};
  });
  if (created) {
    // Its identity only: the counters start from zero, so that the first update counts all it carries.
    e.state.id = u.id;
    e.state.key = u.key;
    e.state.client_is_lo = u.client_is_lo;
    ++iface_.flows_total;
    if (HostEntry* c = host(e.client())) {
      ++c->flows_as_client;
      ++c->active_as_client;
    }
    if (HostEntry* s = host(e.server())) {
      ++s->flows_as_server;
      ++s->active_as_server;
    }
  }
  count_connection_traffic(e, u, second);
  count_connection_tcp(e, u);
  e.state.assign(u);
  if (events == Events::Apply && u.has_final_server_name())
    name_server(e.server(), {u.server_name, u.server_name_len});
  if (!u.ended) return;
  if (HostEntry* c = hosts_.find(e.client()); c && c->active_as_client) --c->active_as_client;
  if (HostEntry* s = hosts_.find(e.server()); s && s->active_as_server) --s->active_as_server;
  finished_conns_.push_back(std::move(e));
  // Compacting: the active table's storage shrinks as the connections leave it in any order, so a capture
  // file's end, which moves every connection to the finished list, does not hold both copies.
  active_.erase_compacting(u.id, [](const ConnectionEntry& c) { return c.state.id; });
  // What the end of a capture file ended stays, as ntopng keeps a pcap's flows: they were in the active
  // table a moment ago, so keeping them costs no memory the slot did not already hold.
  if (u.end == flow::EndReason::AnalysisEnd) return;
  while (finished_conns_.size() > config_.finished_connections_kept) {
    finished_conns_.pop_front();
    ++iface_.connections_dropped;
  }
}

void StatsStore::count_connection_traffic(ConnectionEntry& e, const ConnectionUpdate& u, int64_t second) {
  const auto& was = e.state.dir;
  // rx = server→client, tx = client→server: the client's view of the application's traffic.
  Traffic delta{u.dir[1].packets - was[1].packets, u.dir[1].bytes - was[1].bytes,
                u.dir[0].packets - was[0].packets, u.dir[0].bytes - was[0].bytes};
  // A flow counts under the application it was detected as (or guessed as when it ended), once; its
  // traffic counts under what was known when it flowed (Unknown while detection is pending).
  bool count_flow = !e.app_flow_counted && (u.dpi_status != flow::DpiStatus::Pending || u.ended);
  if (count_flow) e.app_flow_counted = true;
  if (delta.empty() && !count_flow) return;
  const auto& cfg = config_.entity_history;
  uint32_t key = app_key(u.master, u.app);
  if (!delta.empty()) {
    auto make = [](uint64_t) { return TrafficStats{}; };
    size_t max = config_.max_module_entries;
    if (TrafficStats* a = apps_.get_or_create(key, max, make)) a->add(second, delta, cfg);
    if (TrafficStats* c = categories_.get_or_create(u.category, max, make)) c->add(second, delta, cfg);
    if (TrafficStats* b = breeds_.get_or_create(u.breed, max, make)) b->add(second, delta, cfg);
  }
  auto add_host = [&](const HostKey& k, const Traffic& t) {
    HostEntry* h = hosts_.find(k);
    if (!h) return;
    HostAppTraffic& a = app_slot(h->apps, key);
    a.traffic += t;
    if (count_flow) ++a.flows;
    HostAppTraffic& c = app_slot(h->categories, u.category);
    c.traffic += t;
    if (count_flow) ++c.flows;
  };
  add_host(e.client(), delta);
  if (e.server() != e.client()) add_host(e.server(), delta.swapped());
}

void StatsStore::count_connection_tcp(ConnectionEntry& e, const ConnectionUpdate& u) {
  if (u.key.l4 != 6) return;
  for (int dir = 0; dir < 2; ++dir) {
    const flow::TcpDirection& td = u.tcp.dir[dir];
    const TcpSummary::Direction& was = e.state.tcp.dir[dir];
    uint64_t retrans = td.retransmissions - was.retransmissions;
    uint64_t ooo = td.out_of_order - was.out_of_order;
    uint64_t lost = td.lost - was.lost;
    uint64_t zero_windows = td.zero_windows - was.zero_windows;
    iface_.tcp_retransmissions += retrans;
    iface_.tcp_out_of_order += ooo;
    iface_.tcp_lost += lost;
    // Direction 0 is what the client sent.
    if (HostEntry* h = hosts_.find(dir == 0 ? e.client() : e.server())) {
      h->tcp.retransmissions += retrans;
      h->tcp.out_of_order += ooo;
      h->tcp.lost += lost;
      h->tcp.zero_windows += zero_windows;
    }
  }
  if (!e.rtt_counted && u.tcp.server_rtt_ns >= 0 && u.tcp.client_rtt_ns >= 0) {
    e.rtt_counted = true;
    if (HostEntry* c = hosts_.find(e.client())) c->tcp.rtt.add(u.tcp.server_rtt_ns + u.tcp.client_rtt_ns);
  }
}

void StatsStore::expire_idle_hosts() {
  int64_t now_ns = (newest_ + 1) * kNs;
  iface_.hosts_expired += hosts_.erase_if([&](const HostEntry& h) {
    if (h.active_flows() > 0) return false;  // never while a flow uses it
    int64_t idle = h.local ? config_.local_host_idle_s : config_.remote_host_idle_s;
    return now_ns - h.traffic.last_ns > idle * kNs;
  });
  macs_.erase_if(
      [&](const MacEntry& m) { return now_ns - m.traffic.last_ns > config_.local_host_idle_s * kNs; });
}

size_t StatsStore::host_memory_bytes() const {
  size_t bytes =
      hosts_.allocated_blocks() * hosts_.kBlock * sizeof(HostEntry) + hosts_.size() * (sizeof(HostKey) + 32);
  hosts_.for_each([&](const HostEntry& h) {
    bytes += h.traffic.history.memory_bytes(config_.entity_history);
    bytes += h.dscp.capacity() * sizeof(h.dscp[0]) + h.macs.capacity() * sizeof(MacKey);
    bytes += (h.apps.capacity() + h.categories.capacity()) * sizeof(HostAppTraffic);
    bytes += h.dns.queries_by_type.capacity() * sizeof(h.dns.queries_by_type[0]);
    if (h.http.has_value()) bytes += sizeof(HttpHostCounters);
  });
  return bytes;
}

}  // namespace netmeter::stats
