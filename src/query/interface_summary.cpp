#include "query/interface_summary.hpp"

namespace netmeter::query {

InterfaceSummary interface_summary(const stats::StatsStore& store, const Interval& interval) {
  const stats::InterfaceStats& i = store.iface();
  const TimeWindow w = resolve(interval, store);
  InterfaceSummary s;
  s.traffic = traffic_values(i.traffic, w, store.config().global_history);
  s.first_ns = i.traffic.first_ns;
  s.last_ns = i.traffic.last_ns;
  s.ip = i.ip;
  s.non_ip_packets = i.non_ip_packets;
  s.local_to_remote = i.local_to_remote;
  s.remote_to_local = i.remote_to_local;
  s.local_to_local = i.local_to_local;
  s.remote_to_remote = i.remote_to_remote;
  s.tcp_retransmissions = i.tcp_retransmissions;
  s.tcp_out_of_order = i.tcp_out_of_order;
  s.tcp_lost = i.tcp_lost;
  s.flows_total = i.flows_total;
  s.active_connections = store.active_connections().size();
  s.finished_connections_kept = store.finished_connections().size();
  s.connections_dropped = i.connections_dropped;
  s.hosts = store.hosts().size();
  s.hosts_refused = store.hosts().refused();
  s.hosts_expired = i.hosts_expired;
  s.macs = store.macs().size();
  const bool empty = store.newest_second() == stats::History::kNever;
  s.oldest_second = empty ? 0 : store.oldest_second();
  s.newest_second = empty ? 0 : store.newest_second();
  s.last_second = w.last_second;
  s.finished = store.finished();
  return s;
}

}  // namespace netmeter::query
