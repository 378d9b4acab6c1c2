#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <unordered_map>

#include "stats/broadcast_domains.hpp"
#include "stats/connection_state.hpp"
#include "stats/connection_update.hpp"
#include "stats/entities.hpp"
#include "stats/entity_table.hpp"
#include "stats/l7_stats.hpp"
#include "stats/shard_delta.hpp"
#include "stats/stats_config.hpp"

namespace netmeter::stats {

struct InterfaceStats {
  TrafficStats traffic;  ///< every frame (rx)
  Traffic ip;
  uint64_t non_ip_packets = 0;
  Traffic local_to_remote, remote_to_local, local_to_local, remote_to_remote;
  uint64_t tcp_retransmissions = 0;
  uint64_t tcp_out_of_order = 0;
  uint64_t tcp_lost = 0;
  uint64_t flows_total = 0;
  uint64_t hosts_expired = 0;
  uint64_t connections_dropped = 0;  ///< finished connections pushed out of the kept window
};

/// A flow as the statistics keep it: its latest state, which is also what of it was already counted (the
/// next update counts its difference to it).
struct ConnectionEntry {
  ConnectionState state;
  bool rtt_counted = false;
  bool app_flow_counted = false;  ///< counted in its hosts' application and category flow counts

  const core::Endpoint& client_end() const { return flow::client_end(state.key, state.client_is_lo); }
  const core::Endpoint& server_end() const { return flow::server_end(state.key, state.client_is_lo); }
  HostKey client() const { return {client_end().ip, state.key.vlan}; }
  HostKey server() const { return {server_end().ip, state.key.vlan}; }
  uint16_t client_port() const { return client_end().port; }
  uint16_t server_port() const { return server_end().port; }
  /// rx = server→client, tx = client→server: the client's view.
  Traffic traffic() const {
    return {state.dir[1].packets, state.dir[1].bytes, state.dir[0].packets, state.dir[0].bytes};
  }
  int64_t first_ns() const { return flow::first_seen(state.dir).ns; }
  int64_t last_ns() const { return flow::last_seen(state.dir).ns; }
};

/// Everything the statistics modules know, merged over the workers: totals since the start, history,
/// and the per-entity details. Only the aggregator writes it (apply()); readers hold the aggregator's
/// shared lock. Time is packet time.
class StatsStore {
 public:
  explicit StatsStore(const StatsConfig& config);
  using TrafficTable = EntityTable<uint64_t, TrafficStats, IntHash>;

  using ConnectionTable = EntityTable<uint64_t, ConnectionEntry, IntHash>;

  /// Larger indexes for the tables a delta may grow (hosts, MACs, multicast groups, ports, active
  /// connections), built by prepare_growth() from the current ones without writing anything.
  struct Growth {
    std::optional<EntityTable<HostKey, HostEntry, HostKeyHash>::Index> hosts;
    std::optional<EntityTable<MacKey, MacEntry, IntHash>::Index> macs;
    std::optional<EntityTable<HostKey, TrafficStats, HostKeyHash>::Index> multicast;
    std::optional<TrafficTable::Index> ports;
    std::optional<ConnectionTable::Index> connections;
    std::vector<std::pair<MacKey, MacEntry::IpGrowth>> mac_ips;  ///< MACs carrying many addresses
  };
  /// Read-only, so the aggregator runs it beside readers: indexes with room for what `d` may add, so that
  /// apply() under the exclusive lock never rehashes a large table (readers would wait for it).
  Growth prepare_growth(const ShardDelta& d) const;
  /// Swaps the prepared indexes in (no change to the store since prepare_growth()); `g` then holds the
  /// old ones, for the caller to free outside the lock.
  void adopt_growth(Growth& g);

  /// Storage blocks of hosts, MACs and active connections that apply() emptied (a file's end moves every
  /// connection to the finished list; idle hosts expire), detached from the tables.
  struct Released {
    std::vector<EntityTable<HostKey, HostEntry, HostKeyHash>::Block> hosts;
    std::vector<EntityTable<MacKey, MacEntry, IntHash>::Block> macs;
    std::vector<ConnectionTable::Block> connections;
  };
  /// What apply() emptied since the last call, for the caller to free once the exclusive lock is released
  /// (no reader can reach a detached block: readers test live(i) under the shared lock).
  Released take_released();

  /// Adds a delta. Its L7 events and the names its connections give their servers too, unless the
  /// caller orders those first (EventOrder) and hands them to apply_event() and name_server() itself.
  enum class Events { Apply, Skip };
  void apply(const ShardDelta& d, Events events = Events::Apply);
  /// One L7 event of a delta of `second` (the names, DNS, HTTP, TLS and DHCP modules).
  void apply_event(const L7Event& e, int64_t second);
  /// Whether `u` would give its server host (known, not yet named) its served name.
  bool names_server(const ConnectionUpdate& u) const;
  /// The served name of a known host that has none yet.
  void name_server(const HostKey& server, std::string_view name);
  /// Forgets every counter, history and list (an operator's reset): what arrives afterwards is counted
  /// from zero, and the time the statistics cover starts at the newest second. Active connections stay
  /// known, so only their traffic after the reset is counted; their hosts' active-connection numbers
  /// start from zero.
  void reset();
  /// Ends the slot's time: the last second becomes complete (file analysis finished).
  void mark_finished() { finished_ = true; }

  const StatsConfig& config() const { return config_; }
  /// Newest second of packet time seen (INT64_MIN before any packet).
  int64_t newest_second() const { return newest_; }
  int64_t oldest_second() const { return oldest_; }
  /// Start of the last complete second: the newest second once the source has ended, else the one before.
  int64_t last_second() const {
    if (newest_ == History::kNever) return History::kNever;
    return finished_ ? newest_ : newest_ - 1;
  }
  bool finished() const { return finished_; }

  const InterfaceStats& iface() const { return iface_; }
  const EntityTable<HostKey, HostEntry, HostKeyHash>& hosts() const { return hosts_; }
  const EntityTable<MacKey, MacEntry, IntHash>& macs() const { return macs_; }
  const TrafficTable& ports() const { return ports_; }  ///< port_key(l4, port)
  const TrafficTable& vlans() const { return vlans_; }  ///< vlan_key(level, id)
  const TrafficTable& mpls() const { return mpls_; }
  const TrafficTable& icmp() const { return icmp_; }  ///< icmp_key
  const TrafficTable& apps() const { return apps_; }  ///< app_key(master, app)
  const TrafficTable& categories() const { return categories_; }
  const TrafficTable& breeds() const { return breeds_; }
  const EntityTable<HostKey, TrafficStats, HostKeyHash>& multicast() const { return multicast_; }
  const std::array<TrafficStats, 64>& dscp() const { return dscp_; }
  const std::array<TrafficStats, kSizeBins>& sizes() const { return sizes_; }
  const ArpCounts& arp() const { return arp_; }
  const BroadcastDomains& broadcast_domains() const { return domains_; }
  const L7Stats& l7() const { return l7_; }
  const ConnectionTable& active_connections() const { return active_; }
  const std::deque<ConnectionEntry>& finished_connections() const { return finished_conns_; }
  /// Heap bytes of the per-host part (entries, history, index), for memory reports.
  size_t host_memory_bytes() const;

 private:
  HostEntry* host(const HostKey& key);
  void locate(HostEntry& h) const;
  MacEntry* mac(MacKey key);
  void apply_interface(const ShardDelta& d);
  void apply_hosts(const ShardDelta& d);
  /// The host was seen with source MAC `m`: each one lists the other.
  void link_host_mac(HostEntry& host, const core::IpAddress& ip, MacKey m);
  void apply_macs(const ShardDelta& d);
  void apply_small_modules(const ShardDelta& d);
  void apply_arp(const ShardDelta& d);
  void apply_connection(const ConnectionUpdate& u, int64_t second, Events events);
  void count_connection_traffic(ConnectionEntry& e, const ConnectionUpdate& u, int64_t second);
  void count_connection_tcp(ConnectionEntry& e, const ConnectionUpdate& u);
  void expire_idle_hosts();

  StatsConfig config_;
  int64_t newest_ = History::kNever;
  int64_t oldest_ = History::kNever;
  int64_t last_expiry_ = History::kNever;
  bool finished_ = false;
  InterfaceStats iface_;
  EntityTable<HostKey, HostEntry, HostKeyHash> hosts_;
  EntityTable<MacKey, MacEntry, IntHash> macs_;
  TrafficTable ports_, vlans_, mpls_, icmp_, apps_, categories_, breeds_;
  EntityTable<HostKey, TrafficStats, HostKeyHash> multicast_;
  std::array<TrafficStats, 64> dscp_{};
  std::array<TrafficStats, kSizeBins> sizes_{};
  ArpCounts arp_;
  BroadcastDomains domains_;
  L7Stats l7_;
  ConnectionTable active_;
  std::deque<ConnectionEntry> finished_conns_;
};

}  // namespace netmeter::stats
