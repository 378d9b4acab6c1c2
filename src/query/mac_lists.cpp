#include "query/mac_lists.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "query/connections.hpp"
#include "query/list_engine.hpp"

namespace netmeter::query {

namespace {

struct EtherTypeName {
  uint16_t type;
  const char* name;
};

// Sorted by number (binary search).
constexpr std::array kEtherTypeNames = {
    EtherTypeName{0x0800, "IPv4"},
    EtherTypeName{0x0806, "ARP"},
    EtherTypeName{0x0842, "Wake-on-LAN"},
    EtherTypeName{0x22F3, "TRILL"},
    EtherTypeName{0x6558, "Transparent Ethernet Bridging"},
    EtherTypeName{0x8035, "RARP"},
    EtherTypeName{0x809B, "AppleTalk"},
    EtherTypeName{0x80F3, "AARP"},
    EtherTypeName{0x8100, "802.1Q"},
    EtherTypeName{0x8137, "IPX"},
    EtherTypeName{0x86DD, "IPv6"},
    EtherTypeName{0x8808, "Ethernet flow control"},
    EtherTypeName{0x8809, "Slow protocols (LACP)"},
    EtherTypeName{0x880B, "PPP"},
    EtherTypeName{0x8847, "MPLS"},
    EtherTypeName{0x8848, "MPLS multicast"},
    EtherTypeName{0x8863, "PPPoE discovery"},
    EtherTypeName{0x8864, "PPPoE session"},
    EtherTypeName{0x887B, "HomePlug"},
    EtherTypeName{0x888E, "EAPOL (802.1X)"},
    EtherTypeName{0x8892, "PROFINET"},
    EtherTypeName{0x8899, "Realtek RRCP"},
    EtherTypeName{0x88A2, "ATA over Ethernet"},
    EtherTypeName{0x88A4, "EtherCAT"},
    EtherTypeName{0x88A8, "802.1ad"},
    EtherTypeName{0x88AB, "Ethernet Powerlink"},
    EtherTypeName{0x88B8, "GOOSE"},
    EtherTypeName{0x88BA, "Sampled Values"},
    EtherTypeName{0x88CC, "LLDP"},
    EtherTypeName{0x88E1, "HomePlug AV"},
    EtherTypeName{0x88E3, "MRP"},
    EtherTypeName{0x88E5, "MACsec"},
    EtherTypeName{0x88E7, "PBB"},
    EtherTypeName{0x88F7, "PTP"},
    EtherTypeName{0x88FB, "PRP"},
    EtherTypeName{0x8902, "CFM"},
    EtherTypeName{0x8906, "FCoE"},
    EtherTypeName{0x890D, "802.11 (TDLS)"},
    EtherTypeName{0x8914, "FIP"},
    EtherTypeName{0x8915, "RoCE"},
    EtherTypeName{0x892F, "HSR"},
    EtherTypeName{0x9000, "Loopback"},
    EtherTypeName{0x9100, "QinQ"},
};

std::string hex_ethertype(uint16_t type) {
  std::array<char, 8> buf{};
  std::snprintf(buf.data(), buf.size(), "0x%04x", type);
  return buf.data();
}

// ---- EtherTypes ----

class EtherTypeSource : public detail::RowSource<EtherTypeItem, uint16_t> {
 public:
  using RowSource::RowSource;
  bool sorts_by(SortKey k) const {
    return k == SortKey::Key || k == SortKey::Name || detail::is_counter_key(k) || k == SortKey::Flows;
  }
  Key key(Ref i) const { return rows_[i].ethertype; }
  std::string_view name(Ref i) const { return rows_[i].name; }
  uint64_t number(Ref i, SortKey k) const {
    return k == SortKey::Flows ? rows_[i].macs : detail::counter_of(rows_[i].traffic, k);
  }
};

EtherTypeItem ethertype_item(uint16_t type, const stats::Traffic& t) {
  return {type, ethertype_name(type), t, 0};
}

bool ethertype_matches(const EtherTypeItem& e, const std::string& text_lower) {
  return detail::contains_icase(e.name, text_lower) ||
         detail::contains_icase(hex_ethertype(e.ethertype), text_lower);
}

/// The MAC at `mac` when the request lets its caller see it.
const stats::MacEntry* visible_mac(const stats::StatsStore& store, stats::MacKey mac,
                                   const ListRequest& request) {
  const stats::MacEntry* m = store.macs().find(mac);
  return m && mac_visible(*m, request.visible) ? m : nullptr;
}

// ---- VLANs ----

class VlanSource {
 public:
  using Ref = uint32_t;
  using Key = uint16_t;

  explicit VlanSource(const std::vector<uint16_t>& vlans) : vlans_(vlans) {}
  size_t size_hint() const { return vlans_.size(); }
  bool sorts_by(SortKey k) const { return k == SortKey::Key; }
  template <typename F>
  void for_each(F&& f) const {
    for (size_t i = 0; i < vlans_.size(); ++i)
      f(static_cast<Ref>(i));
  }
  Key key(Ref i) const { return vlans_[i]; }
  std::string_view name(Ref) const { return {}; }
  uint64_t number(Ref, SortKey) const { return 0; }
  MacVlanItem item(Ref i) const { return {vlans_[i]}; }

 private:
  const std::vector<uint16_t>& vlans_;
};

// ---- peers ----

class PeerSource : public detail::RowSource<MacPeerItem, stats::MacKey> {
 public:
  using RowSource::RowSource;
  bool sorts_by(SortKey k) const { return k <= SortKey::Flows; }
  Key key(Ref i) const { return rows_[i].mac; }
  std::string_view name(Ref i) const { return rows_[i].vendor; }
  uint64_t number(Ref i, SortKey k) const { return detail::connection_row_number(rows_[i], k); }
};

/// One connection's part in a peer row.
struct PeerContribution {
  stats::Traffic traffic;  ///< the MAC's view
  core::IpAddress peer_ip;
  bool active = false;
  int64_t first_ns = 0;
  int64_t last_ns = 0;
};

void add_to_peer(MacPeerItem& row, const PeerContribution& c) {
  detail::add_connection(row, c.traffic, c.active, c.first_ns, c.last_ns);
  if (std::find(row.ips.begin(), row.ips.end(), c.peer_ip) == row.ips.end()) row.ips.push_back(c.peer_ip);
}

struct AddressHash {
  size_t operator()(const core::IpAddress& a) const { return stats::HostKeyHash{}({a, 0}); }
};

/// Rows of the peers of `self`, per peer MAC.
class PeerCollector {
 public:
  PeerCollector(const stats::StatsStore& store, const stats::MacEntry& self, const ListRequest& request)
      : store_(store), self_(self), request_(request), own_(self.ips.begin(), self.ips.end()) {}

  void add(const stats::ConnectionEntry& e, bool active) {
    const stats::HostKey client = e.client(), server = e.server();
    const stats::Traffic t = e.traffic();  // the client's view
    if (own_.contains(client.ip)) add_side(e, active, client, server, t);
    if (own_.contains(server.ip)) add_side(e, active, server, client, t.swapped());
  }

  std::vector<MacPeerItem> rows() {
    std::vector<MacPeerItem> out;
    out.reserve(rows_.size());
    for (auto& [mac, row] : rows_) {
      std::sort(row.ips.begin(), row.ips.end());
      out.push_back(std::move(row));
    }
    return out;
  }

 private:
  void add_side(const stats::ConnectionEntry& e, bool active, const stats::HostKey& own,
                const stats::HostKey& other, const stats::Traffic& view) {
    if (!may_see(request_, own.ip) || !may_see(request_, other.ip)) return;
    const stats::HostEntry* peer = store_.hosts().find(other);
    if (!peer) return;
    const PeerContribution c{view, other.ip, active, e.first_ns(), e.last_ns()};
    for (stats::MacKey m : peer->macs) {
      if (m == self_.mac) continue;
      MacPeerItem& row = rows_[m];
      if (row.connections == 0) start_row(row, m);
      add_to_peer(row, c);
      if (row.dhcp_name.empty()) row.dhcp_name = peer->dhcp_name;
    }
  }

  void start_row(MacPeerItem& row, stats::MacKey m) const {
    row.mac = m;
    if (const stats::MacEntry* entry = store_.macs().find(m)) row.vendor = entry->vendor;
  }

  const stats::StatsStore& store_;
  const stats::MacEntry& self_;
  const ListRequest& request_;
  std::unordered_set<core::IpAddress, AddressHash> own_;  ///< the addresses it sent from
  std::unordered_map<stats::MacKey, MacPeerItem> rows_;
};

}  // namespace

bool mac_visible(const stats::MacEntry& m, const AddressVisibility& visible) {
  return !visible || std::any_of(m.ips.begin(), m.ips.end(), visible);
}

MacTotals mac_totals(const stats::StatsStore& store, const Interval& interval,
                     const AddressVisibility& visible) {
  MacTotals out;
  const TimeWindow w = resolve(interval, store);
  const auto& config = store.config().entity_history;
  store.macs().for_each([&](const stats::MacEntry& m) {
    if (!mac_visible(m, visible)) return;
    const TrafficValues v = traffic_values(m.traffic, w, config);
    out.traffic.all_time += v.all_time;
    out.traffic.last_second += v.last_second;
    out.traffic.interval += v.interval;
    ++out.macs;
  });
  out.traffic.interval_per_second = out.traffic.interval.scaled(1, static_cast<uint64_t>(w.seconds()));
  return out;
}

Graph mac_totals_graph(const stats::StatsStore& store, const GraphRequest& request,
                       const AddressVisibility& visible) {
  const auto& config = store.config().entity_history;
  const GraphPlan plan = plan_graph(request, store, config);
  Graph total = make_graph(stats::TrafficStats{}, plan, config);
  store.macs().for_each([&](const stats::MacEntry& m) {
    if (!mac_visible(m, visible)) return;
    if (window_sum(m.traffic, plan.start, plan.end, config).empty()) return;
    add_graph(total, make_graph(m.traffic, plan, config));
  });
  return total;
}

std::string ethertype_name(uint16_t ethertype) {
  if (ethertype == 0) return "Unknown";
  auto it = std::lower_bound(kEtherTypeNames.begin(), kEtherTypeNames.end(), ethertype,
                             [](const EtherTypeName& n, uint16_t t) { return n.type < t; });
  if (it != kEtherTypeNames.end() && it->type == ethertype) return it->name;
  return hex_ethertype(ethertype);
}

Page<EtherTypeItem> list_ethertypes(const stats::StatsStore& store, const ListRequest& request,
                                    const EtherTypeFilter& filter) {
  std::unordered_map<uint16_t, EtherTypeItem> by_type;
  store.macs().for_each([&](const stats::MacEntry& m) {
    if (!mac_visible(m, request.visible)) return;
    for (const auto& [type, t] : m.ethertypes) {
      EtherTypeItem& row = by_type[type];
      row.ethertype = type;
      row.traffic.rx_packets += t.tx_packets;  // each frame once, as received (no direction)
      row.traffic.rx_bytes += t.tx_bytes;
      ++row.macs;
    }
  });
  const std::string text = detail::lower(filter.text);
  std::vector<EtherTypeItem> rows;
  rows.reserve(by_type.size());
  for (auto& [type, row] : by_type) {
    row.name = ethertype_name(type);
    if (ethertype_matches(row, text)) rows.push_back(std::move(row));
  }
  return detail::run_list(EtherTypeSource(std::move(rows)), request);
}

std::optional<Page<EtherTypeItem>> mac_ethertypes(const stats::StatsStore& store, stats::MacKey mac,
                                                  const ListRequest& request) {
  const stats::MacEntry* m = visible_mac(store, mac, request);
  if (!m) return std::nullopt;
  std::vector<EtherTypeItem> rows;
  rows.reserve(m->ethertypes.size());
  for (const auto& [type, t] : m->ethertypes)
    rows.push_back(ethertype_item(type, t));
  return detail::run_list(EtherTypeSource(std::move(rows)), request);
}

std::optional<Page<MacVlanItem>> mac_vlans(const stats::StatsStore& store, stats::MacKey mac,
                                           const ListRequest& request) {
  const stats::MacEntry* m = visible_mac(store, mac, request);
  if (!m) return std::nullopt;
  return detail::run_list(VlanSource(m->vlans), request);
}

std::optional<Page<MacPeerItem>> mac_peers(const stats::StatsStore& store, stats::MacKey mac,
                                           const ListRequest& request) {
  const stats::MacEntry* m = visible_mac(store, mac, request);
  if (!m) return std::nullopt;
  PeerCollector peers(store, *m, request);
  for_each_connection(store, true,
                      [&](const stats::ConnectionEntry& e, bool active) { peers.add(e, active); });
  return detail::run_list(PeerSource(peers.rows()), request);
}

}  // namespace netmeter::query
