#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "stats/stats_store.hpp"

namespace netmeter::report {

/// One entry of a statistics table with its key (stats::port_key, vlan_key, app_key, ...).
using TableRow = std::pair<uint64_t, const stats::TrafficStats*>;

/// The rows of one of the store's small tables, in report order.
struct TableRows {
  std::vector<TableRow> rows;
};

/// By bytes, descending, then key.
TableRows server_port_rows(const stats::StatsStore& store);
TableRows application_rows(const stats::StatsStore& store);
TableRows category_rows(const stats::StatsStore& store);
TableRows breed_rows(const stats::StatsStore& store);
/// By key.
TableRows vlan_rows(const stats::StatsStore& store);
TableRows mpls_rows(const stats::StatsStore& store);
TableRows icmp_rows(const stats::StatsStore& store);

/// Multicast groups by bytes, descending, then key.
using MulticastRows = std::vector<std::pair<stats::HostKey, const stats::TrafficStats*>>;
MulticastRows multicast_rows(const stats::StatsStore& store);

/// Slots of the host table by bytes (rx + tx), descending, then key.
std::vector<uint32_t> host_order(const stats::StatsStore& store);
/// MACs by bytes, descending, then address.
std::vector<const stats::MacEntry*> mac_order(const stats::StatsStore& store);

}  // namespace netmeter::report
