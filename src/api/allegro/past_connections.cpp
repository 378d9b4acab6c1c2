// globalConnections before the in-memory window: the slot's past flows from the history store, in the
// shape of live connections (docs/allegro/ip.md "Past connections"). The filter expression is tested by
// the store where its fields are columns (history::split_filter) and on the rows read for the rest.
#include "api/allegro/past_connections.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "api/allegro/ip_json.hpp"
#include "history/filter_predicate.hpp"
#include "history/past_connections.hpp"
#include "history/query/render.hpp"

namespace netmeter::api::allegro {

namespace {

using history::PastOrder;
using query::SortKey;

constexpr int64_t kNs = 1'000'000'000;

uint32_t epoch32(int64_t s) {
  return static_cast<uint32_t>(std::clamp<int64_t>(s, 0, UINT32_MAX));
}

/// The store's order for a sort key; rates and names are sorted again after reading (the store orders
/// on what they follow: bytes, packets, application numbers), so the rows read are the right ones
/// whenever fewer than the cap match.
PastOrder store_order(SortKey k) {
  switch (k) {
    case SortKey::Name:
      return PastOrder::Application;
    case SortKey::Bytes:
    case SortKey::Bps:
      return PastOrder::Bytes;
    case SortKey::RxBytes:
    case SortKey::RxBps:
      return PastOrder::RxBytes;
    case SortKey::TxBytes:
    case SortKey::TxBps:
      return PastOrder::TxBytes;
    case SortKey::Packets:
    case SortKey::Pps:
      return PastOrder::Packets;
    case SortKey::RxPackets:
      return PastOrder::RxPackets;
    case SortKey::TxPackets:
      return PastOrder::TxPackets;
    case SortKey::FirstSeen:
      return PastOrder::FirstSeen;
    case SortKey::LastSeen:
      return PastOrder::LastSeen;
    case SortKey::ClientIp:
      return PastOrder::ClientIp;
    case SortKey::ClientPort:
      return PastOrder::ClientPort;
    case SortKey::ServerIp:
      return PastOrder::ServerIp;
    case SortKey::ServerPort:
      return PastOrder::ServerPort;
    default:
      return PastOrder::FlowId;
  }
}

core::IpAddress client_address(const history::FlowRecord& r) {
  if (r.ip_version == 6) return core::IpAddress::v6(r.ipv6_src.data());
  const uint8_t b[4] = {static_cast<uint8_t>(r.ipv4_src >> 24), static_cast<uint8_t>(r.ipv4_src >> 16),
                        static_cast<uint8_t>(r.ipv4_src >> 8), static_cast<uint8_t>(r.ipv4_src)};
  return core::IpAddress::v4(b);
}

core::IpAddress server_address(const history::FlowRecord& r) {
  if (r.ip_version == 6) return core::IpAddress::v6(r.ipv6_dst.data());
  const uint8_t b[4] = {static_cast<uint8_t>(r.ipv4_dst >> 24), static_cast<uint8_t>(r.ipv4_dst >> 16),
                        static_cast<uint8_t>(r.ipv4_dst >> 8), static_cast<uint8_t>(r.ipv4_dst)};
  return core::IpAddress::v4(b);
}

query::ConnectionItem item_of(const history::FlowRecord& r) {
  query::ConnectionItem c;
  c.id = r.flow_id;
  c.client = {client_address(r), r.vlan};
  c.server = {server_address(r), r.vlan};
  c.client_port = r.src_port;
  c.server_port = r.dst_port;
  c.l4 = r.protocol;
  c.vlan = r.vlan;
  c.end = static_cast<flow::EndReason>(r.end_reason);
  c.active = r.end_reason == 0;  // its last row in the interval was a periodic one: it went on
  c.master = r.l7_master;
  c.app = r.l7_proto;
  c.category = r.l7_category;
  c.breed = r.l7_breed;
  c.dpi_status = r.l7_proto || r.l7_master ? flow::DpiStatus::Detected : flow::DpiStatus::GaveUp;
  c.server_name = r.info;
  // The client's view, as live connections: rx = server to client (DST2SRC), tx = client to server.
  c.traffic = {r.dst2src_packets, r.dst2src_bytes, r.src2dst_packets, r.src2dst_bytes};
  c.dir[0].packets = r.src2dst_packets;
  c.dir[0].bytes = r.src2dst_bytes;
  c.dir[1].packets = r.dst2src_packets;
  c.dir[1].bytes = r.dst2src_bytes;
  c.first_ns = int64_t{r.first_seen} * kNs;
  c.last_ns = int64_t{r.last_seen} * kNs;
  const auto duration = static_cast<uint64_t>(std::max<int64_t>(c.last_ns - c.first_ns, kNs));
  c.per_second = c.traffic.scaled(static_cast<uint64_t>(kNs), duration);
  c.tcp.dir[0].retransmissions = r.src2dst_retransmissions;
  c.tcp.dir[1].retransmissions = r.dst2src_retransmissions;
  c.tcp.dir[0].out_of_order = r.src2dst_out_of_order;
  c.tcp.dir[1].out_of_order = r.dst2src_out_of_order;
  c.tcp.server_rtt_ns = r.server_latency_us ? int64_t{r.server_latency_us} * 1000 : -1;
  c.tcp.client_rtt_ns = r.client_latency_us ? int64_t{r.client_latency_us} * 1000 : -1;
  return c;
}

/// nDPI's single protocol names, for the filter's `dpi` tests (it reads master and app apart).
using SingleNames = std::map<uint16_t, std::string>;

/// Sets the items' application names ("Master.App"), each distinct pair resolved once under the
/// statistics' lock; the single names of their protocols go to `singles`.
void name_applications(std::vector<query::ConnectionItem>& items, const query::QueryService& q,
                       SingleNames& singles) {
  std::map<std::pair<uint16_t, uint16_t>, std::string> names;
  for (const auto& c : items) {
    names.emplace(std::pair{c.master, c.app}, std::string());
    singles.emplace(c.master, std::string());
    singles.emplace(c.app, std::string());
  }
  q.read([&](const stats::StatsStore&, const query::NameResolver& resolver) {
    for (auto& [key, name] : names)
      name = resolver.application(key.first, key.second);
    for (auto& [protocol, name] : singles)
      name = protocol ? resolver.application(0, protocol) : std::string();
    return 0;
  });
  for (auto& c : items)
    c.application = names[{c.master, c.app}];
}

/// What the filter sees of a connection, as live connection lists map it.
filter::Subject subject_of(const query::ConnectionItem& c, const SingleNames& singles) {
  filter::Subject s;
  s.src.ip = c.client.ip;
  s.src.port = c.client_port;
  s.dst.ip = c.server.ip;
  s.dst.port = c.server_port;
  s.l4 = c.l4;
  s.has_ports = c.l4 == 6 || c.l4 == 17 || c.l4 == 132;
  if (c.vlan) {
    s.vlan_count = 1;
    s.vlans[0] = c.vlan;
  }
  if (c.master && c.master != c.app) s.app_master = singles.at(c.master);
  if (c.app) s.app = singles.at(c.app);
  return s;
}

/// The sort value of the keys the store cannot order exactly (rates, names); others keep the store's.
bool resort(SortKey k) {
  return k == SortKey::Name || k == SortKey::Bps || k == SortKey::RxBps || k == SortKey::TxBps ||
         k == SortKey::Pps;
}

uint64_t rate_of(const query::ConnectionItem& c, SortKey k) {
  const stats::Traffic& t = c.per_second;
  switch (k) {
    case SortKey::RxBps:
      return t.rx_bytes;
    case SortKey::TxBps:
      return t.tx_bytes;
    case SortKey::Pps:
      return t.rx_packets + t.tx_packets;
    default:
      return t.rx_bytes + t.tx_bytes;
  }
}

void sort_again(std::vector<query::ConnectionItem>& items, SortKey k, bool descending) {
  auto less = [&](const query::ConnectionItem& a, const query::ConnectionItem& b) {
    if (k == SortKey::Name) return descending ? b.application < a.application : a.application < b.application;
    return descending ? rate_of(b, k) < rate_of(a, k) : rate_of(a, k) < rate_of(b, k);
  };
  std::stable_sort(items.begin(), items.end(), less);  // ties keep the store's order (then id)
}

}  // namespace

std::optional<PastConnections> past_interval(const StatsCall& c, int64_t complete_since) {
  const query::Interval& i = c.time.interval;
  if (!c.time.requested || (!i.start && !i.end)) return std::nullopt;
  const int64_t begin = i.start ? *i.start : *i.end - 1;
  if (begin >= complete_since) return std::nullopt;
  PastConnections p;
  p.slot = static_cast<uint16_t>(c.slot_id());
  p.begin = epoch32(begin);
  p.end = i.end ? epoch32(*i.end - 1) : UINT32_MAX;  // [start, end): the last second is end - 1
  p.visible = c.visible();
  return p;
}

std::vector<query::ConnectionItem> read_past_connections(history::HistoryStore& store,
                                                         const PastConnections& p,
                                                         const query::QueryService& q) {
  history::PastConnectionRequest request;
  request.interface_id = p.slot;
  request.begin = p.begin;
  request.end = std::max(p.begin, p.end);
  request.order = store_order(p.sort);
  request.descending = p.descending;
  std::optional<filter::Filter> residual;
  if (p.filter.expression) {
    history::SplitFilter split = history::split_filter(*p.filter.expression);
    request.where = std::move(split.pushed);
    if (split.residual) residual.emplace(*split.residual);
  }
  const history::RenderedQuery sql =
      history::query::render(history::past_connection_query(request), store.dialect());
  std::vector<query::ConnectionItem> items;
  for (const history::FlowRecord& r : history::past_connection_rows(store.execute(sql))) {
    query::ConnectionItem c = item_of(r);
    // One visible end, as live connection lists.
    if (p.visible && !p.visible(c.client.ip) && !p.visible(c.server.ip)) continue;
    items.push_back(std::move(c));
  }
  SingleNames singles;
  name_applications(items, q, singles);
  if (residual)
    std::erase_if(items,
                  [&](const query::ConnectionItem& c) { return !residual->matches(subject_of(c, singles)); });
  if (resort(p.sort)) sort_again(items, p.sort, p.descending);
  return items;
}

boost::json::object past_connection_json(const query::ConnectionItem& c, uint32_t slot,
                                         const RingCoverage& ring) {
  boost::json::object o = connection_json(c);
  // Stored times are whole seconds: the last one reaches to the end of its second.
  const int64_t end_ns = c.last_ns + (kNs - 1);
  if (!ring.covers(c.first_ns, end_ns)) return o;
  const std::string expression = flow_capture_expression(
      FlowEnds{{c.client.ip, c.client_port}, {c.server.ip, c.server_port}, c.l4, c.vlan});
  o["captureExpression"] = expression;
  o["captureUrl"] = capture_url(slot, expression, CaptureRange{c.first_ns / 1000, end_ns / 1000});
  return o;
}

}  // namespace netmeter::api::allegro
