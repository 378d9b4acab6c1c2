#include "query/flow_counts.hpp"

#include "query/connections.hpp"

namespace netmeter::query {

namespace {

/// ntopng counts as devices the MACs of stations, not group addresses (broadcast, multicast).
bool unicast(stats::MacKey mac) {
  return ((mac >> 40) & 1) == 0;
}

bool connection_visible(const stats::ConnectionEntry& e, const AddressVisibility& visible) {
  return !visible || visible(e.client().ip) || visible(e.server().ip);
}

}  // namespace

FlowCounts count_flows(const stats::StatsStore& store, bool include_finished,
                       const AddressVisibility& visible) {
  FlowCounts out;
  for_each_connection(store, include_finished, [&](const stats::ConnectionEntry& e, bool) {
    if (!connection_visible(e, visible)) return;
    ++out.flows;
    ++out.by_l4[e.state.key.l4];
    ++out.by_protocol[counted_protocol(e.state.master, e.state.app)];
  });
  return out;
}

size_t count_flow_total(const stats::StatsStore& store, bool include_finished,
                        const AddressVisibility& visible) {
  if (visible) return count_flows(store, include_finished, visible).flows;
  return store.active_connections().size() + (include_finished ? store.finished_connections().size() : 0);
}

HostCounts count_hosts(const stats::StatsStore& store, const AddressVisibility& visible) {
  HostCounts out;
  store.hosts().for_each([&](const stats::HostEntry& h) {
    if (visible && !visible(h.key.ip)) return;
    ++out.hosts;
    out.local_hosts += h.local;
  });
  store.macs().for_each(
      [&](const stats::MacEntry& m) { out.devices += unicast(m.mac) && mac_visible(m, visible); });
  return out;
}

}  // namespace netmeter::query
