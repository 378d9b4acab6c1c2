#include "report/host_connections.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace netmeter::report {

namespace {

template <typename F>
void for_each_connection(const stats::StatsStore& store, F&& f) {
  store.active_connections().for_each(f);
  for (const auto& e : store.finished_connections())
    f(e);
}

bool has_ports(uint8_t l4) {
  return l4 == 6 || l4 == 17;
}

// Rows merged by key (rows with equal keys are adjacent after sorting by key), then ordered by bytes,
// descending, then key, and cut to `limit`.
template <typename Row, typename Less>
Ranked<Row> rank(std::vector<Row> rows, Less by_bytes, size_t limit) {
  Ranked<Row> out{std::move(rows), 0};
  out.total = out.rows.size();
  if (limit > 0 && out.rows.size() > limit) {
    std::partial_sort(out.rows.begin(), out.rows.begin() + static_cast<ptrdiff_t>(limit), out.rows.end(),
                      by_bytes);
    out.rows.resize(limit);
  } else {
    std::sort(out.rows.begin(), out.rows.end(), by_bytes);
  }
  return out;
}

template <typename Row, typename KeyOf>
Ranked<Row> merge_and_rank(std::vector<Row> rows, KeyOf key_of, size_t limit) {
  std::sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) { return key_of(a) < key_of(b); });
  std::vector<Row> merged;
  for (auto& r : rows) {
    if (!merged.empty() && key_of(merged.back()) == key_of(r)) {
      merged.back().flows += r.flows;
      merged.back().traffic += r.traffic;
    } else {
      merged.push_back(r);
    }
  }
  auto by_bytes = [&](const Row& a, const Row& b) {
    if (a.traffic.bytes() != b.traffic.bytes()) return a.traffic.bytes() > b.traffic.bytes();
    return key_of(a) < key_of(b);
  };
  return rank(std::move(merged), by_bytes, limit);
}

// A connection of a host with itself is counted once in flow counts, though it is referenced twice.
uint64_t flow_count(const HostConnectionRef& r) {
  return r.as_client || !r.with_itself() ? 1 : 0;
}

}  // namespace

HostConnections::HostConnections(const stats::StatsStore& store) {
  const auto& hosts = store.hosts();
  std::unordered_map<stats::HostKey, uint32_t, stats::HostKeyHash> slot_of;
  slot_of.reserve(hosts.size());
  for (size_t i = 0; i < hosts.slots(); ++i)
    if (hosts.live(i)) slot_of.emplace(hosts.at(i).key, static_cast<uint32_t>(i));

  // Two passes (count, then place): refs grouped by host without sorting them.
  std::vector<std::pair<uint32_t, HostConnectionRef>> placed;
  placed.reserve(2 * (store.active_connections().size() + store.finished_connections().size()));
  begin_.assign(hosts.slots() + 1, 0);
  for_each_connection(store, [&](const stats::ConnectionEntry& e) {
    ++connections_;
    for (bool as_client : {true, false}) {
      auto it = slot_of.find(as_client ? e.client() : e.server());
      if (it == slot_of.end()) continue;
      placed.emplace_back(it->second, HostConnectionRef{&e, as_client});
      ++begin_[it->second + 1];
    }
  });
  for (size_t i = 1; i < begin_.size(); ++i)
    begin_[i] += begin_[i - 1];
  std::vector<uint32_t> next(begin_.begin(), begin_.end() - 1);
  refs_.resize(placed.size());
  for (const auto& [slot, ref] : placed)
    refs_[next[slot]++] = ref;
}

Ranked<PeerRow> peer_rows(std::span<const HostConnectionRef> refs, size_t limit) {
  std::vector<PeerRow> rows;
  rows.reserve(refs.size());
  for (const auto& r : refs)
    rows.push_back({r.peer(), flow_count(r), r.traffic()});
  return merge_and_rank(
      std::move(rows), [](const PeerRow& p) { return p.peer; }, limit);
}

Ranked<PortRow> port_rows(std::span<const HostConnectionRef> refs, bool server, size_t limit) {
  std::vector<PortRow> rows;
  for (const auto& r : refs) {
    uint8_t l4 = r.conn->state.key.l4;
    if (r.as_client == server || !has_ports(l4)) continue;
    rows.push_back({l4, r.own_port(), 1, r.traffic()});
  }
  return merge_and_rank(
      std::move(rows), [](const PortRow& p) { return std::tuple(p.l4, p.port); }, limit);
}

Ranked<ProtocolRow> protocol_rows(std::span<const HostConnectionRef> refs, size_t limit) {
  std::vector<ProtocolRow> rows;
  rows.reserve(refs.size());
  for (const auto& r : refs) {
    const auto& s = r.conn->state;
    rows.push_back({s.key.l4, s.master, s.app, flow_count(r), r.traffic()});
  }
  return merge_and_rank(
      std::move(rows), [](const ProtocolRow& p) { return std::tuple(p.l4, p.master, p.app); }, limit);
}

Ranked<HostConnectionRef> connection_rows(std::span<const HostConnectionRef> refs, size_t limit) {
  std::vector<HostConnectionRef> rows;
  rows.reserve(refs.size());
  for (const auto& r : refs)
    if (flow_count(r)) rows.push_back(r);
  auto key = [](const HostConnectionRef& r) {
    const auto& e = *r.conn;
    return std::tuple(e.client(), e.client_port(), e.server(), e.server_port(), e.state.key.l4, e.first_ns(),
                      e.state.id);
  };
  auto by_bytes = [&](const HostConnectionRef& a, const HostConnectionRef& b) {
    uint64_t ab = a.conn->traffic().bytes(), bb = b.conn->traffic().bytes();
    if (ab != bb) return ab > bb;
    return key(a) < key(b);
  };
  return rank(std::move(rows), by_bytes, limit);
}

std::vector<std::pair<uint64_t, uint64_t>> flows_per_server_port(const stats::StatsStore& store) {
  std::unordered_map<uint64_t, uint64_t> flows;
  for_each_connection(store, [&](const stats::ConnectionEntry& e) {
    if (has_ports(e.state.key.l4)) ++flows[stats::port_key(e.state.key.l4, e.server_port())];
  });
  std::vector<std::pair<uint64_t, uint64_t>> out(flows.begin(), flows.end());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace netmeter::report
