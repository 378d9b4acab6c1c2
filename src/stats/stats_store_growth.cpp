#include <algorithm>

#include "stats/stats_store.hpp"

namespace netmeter::stats {

MacEntry::IpGrowth MacEntry::grown_ips(size_t incoming) const {
  // Small containers grow under the lock at no noticeable cost; a router's MAC carries every remote
  // address, whose containers are the ones worth growing beside the readers.
  constexpr size_t kWorthIt = 4096;
  IpGrowth g;
  size_t need = ips.size() + incoming;
  if (ips.size() < kWorthIt) return g;
  if (need > ips.capacity()) {
    g.ips.emplace();
    g.ips->reserve(std::max(need, 2 * ips.size()));
    g.ips->assign(ips.begin(), ips.end());
  }
  g.index = ip_index.grown(incoming);
  return g;
}

void MacEntry::adopt_ips(IpGrowth& g) {
  if (g.ips) ips.swap(*g.ips);
  if (g.index) ip_index.swap(*g.index);
}

// Upper bounds of what one delta may add to each table. A bound that falls short only means that the
// table grows under the lock as it would have anyway; it never changes what is stored.
StatsStore::Growth StatsStore::prepare_growth(const ShardDelta& d) const {
  Growth g;
  size_t new_hosts = d.hosts.size() + d.arp.by_ip.size() + 2 * (d.connections.size() + d.events.size());
  g.hosts = hosts_.grown_index(new_hosts);
  g.macs = macs_.grown_index(d.macs.size() + d.arp.by_mac.size() + d.hosts.size());
  g.multicast = multicast_.grown_index(d.multicast.size());
  g.ports = ports_.grown_index(d.ports.size());
  g.connections = active_.grown_index(d.connections.size());
  // Every host of the delta may be new to the MACs it came from.
  d.macs.for_each([&](MacKey key, const Traffic&) {
    if (const MacEntry* m = macs_.find(key)) {
      MacEntry::IpGrowth ips = m->grown_ips(d.hosts.size());
      if (!ips.empty()) g.mac_ips.emplace_back(key, std::move(ips));
    }
  });
  return g;
}

void StatsStore::adopt_growth(Growth& g) {
  if (g.hosts) hosts_.adopt_index(*g.hosts);
  if (g.macs) macs_.adopt_index(*g.macs);
  if (g.multicast) multicast_.adopt_index(*g.multicast);
  if (g.ports) ports_.adopt_index(*g.ports);
  if (g.connections) active_.adopt_index(*g.connections);
  for (auto& [key, ips] : g.mac_ips)
    if (MacEntry* m = macs_.find(key)) m->adopt_ips(ips);
}

StatsStore::Released StatsStore::take_released() {
  return {hosts_.take_released(), macs_.take_released(), active_.take_released()};
}

}  // namespace netmeter::stats
