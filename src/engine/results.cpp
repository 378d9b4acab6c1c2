#include "engine/results.hpp"

#include <iterator>

namespace netmeter::engine {

void Results::merge(Results&& other) {
  if (flows.empty())
    flows = std::move(other.flows);
  else
    flows.insert(flows.end(), std::make_move_iterator(other.flows.begin()),
                 std::make_move_iterator(other.flows.end()));
  traffic += other.traffic;
  anomalies += other.anomalies;
  table.created += other.table.created;
  table.expired += other.table.expired;
  table.evicted += other.table.evicted;
  for (auto& [ip, t] : other.tunnel_endpoints) {
    auto& mine = tunnel_endpoints[ip];
    mine.sent += t.sent;
    mine.rcvd += t.rcvd;
  }
  kernel_drops += other.kernel_drops;
  interface_drops += other.interface_drops;
  queue_drops += other.queue_drops;
  active_flows += other.active_flows;
  flow_table_bytes += other.flow_table_bytes;
}

}  // namespace netmeter::engine
