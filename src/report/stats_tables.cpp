#include "report/stats_tables.hpp"

#include <algorithm>

namespace netmeter::report {

namespace {

bool more_bytes(const TableRow& a, const TableRow& b) {
  return a.second->total.bytes() > b.second->total.bytes();
}

TableRows rows_of(const stats::StatsStore::TrafficTable& table, bool by_bytes) {
  TableRows out;
  out.rows.reserve(table.size());
  table.for_each_keyed([&](uint64_t key, const stats::TrafficStats& t) { out.rows.emplace_back(key, &t); });
  std::sort(out.rows.begin(), out.rows.end());
  if (by_bytes) std::stable_sort(out.rows.begin(), out.rows.end(), more_bytes);
  return out;
}

}  // namespace

TableRows server_port_rows(const stats::StatsStore& store) {
  return rows_of(store.ports(), true);
}

TableRows application_rows(const stats::StatsStore& store) {
  return rows_of(store.apps(), true);
}

TableRows category_rows(const stats::StatsStore& store) {
  return rows_of(store.categories(), true);
}

TableRows breed_rows(const stats::StatsStore& store) {
  return rows_of(store.breeds(), true);
}

TableRows vlan_rows(const stats::StatsStore& store) {
  return rows_of(store.vlans(), false);
}

TableRows mpls_rows(const stats::StatsStore& store) {
  return rows_of(store.mpls(), false);
}

TableRows icmp_rows(const stats::StatsStore& store) {
  return rows_of(store.icmp(), false);
}

MulticastRows multicast_rows(const stats::StatsStore& store) {
  MulticastRows out;
  out.reserve(store.multicast().size());
  store.multicast().for_each_keyed(
      [&](const stats::HostKey& key, const stats::TrafficStats& t) { out.emplace_back(key, &t); });
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    if (a.second->total.bytes() != b.second->total.bytes())
      return a.second->total.bytes() > b.second->total.bytes();
    return a.first < b.first;
  });
  return out;
}

std::vector<uint32_t> host_order(const stats::StatsStore& store) {
  const auto& table = store.hosts();
  std::vector<uint32_t> order;
  order.reserve(table.size());
  for (size_t i = 0; i < table.slots(); ++i)
    if (table.live(i)) order.push_back(static_cast<uint32_t>(i));
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const auto& x = table.at(a);
    const auto& y = table.at(b);
    uint64_t xb = x.traffic.total.bytes(), yb = y.traffic.total.bytes();
    if (xb != yb) return xb > yb;
    return x.key < y.key;
  });
  return order;
}

std::vector<const stats::MacEntry*> mac_order(const stats::StatsStore& store) {
  std::vector<const stats::MacEntry*> order;
  order.reserve(store.macs().size());
  store.macs().for_each([&](const stats::MacEntry& m) { order.push_back(&m); });
  std::sort(order.begin(), order.end(), [](const stats::MacEntry* a, const stats::MacEntry* b) {
    if (a->traffic.total.bytes() != b->traffic.total.bytes())
      return a->traffic.total.bytes() > b->traffic.total.bytes();
    return a->mac < b->mac;
  });
  return order;
}

}  // namespace netmeter::report
