#include "query/entity.hpp"

namespace netmeter::query {

namespace {

const stats::TrafficStats* in_table(const stats::StatsStore::TrafficTable& table, uint64_t id) {
  return table.find(id);
}

template <size_t N>
const stats::TrafficStats* in_array(const std::array<stats::TrafficStats, N>& a, uint64_t id) {
  if (id >= N || a[id].total.empty()) return nullptr;
  return &a[id];
}

}  // namespace

const stats::TrafficStats* find_traffic(const stats::StatsStore& store, const EntityRef& ref) {
  switch (ref.module) {
    case Module::Interface:
      return &store.iface().traffic;
    case Module::Host: {
      const stats::HostEntry* h = store.hosts().find(ref.host);
      return h ? &h->traffic : nullptr;
    }
    case Module::Mac: {
      const stats::MacEntry* m = store.macs().find(ref.id);
      return m ? &m->traffic : nullptr;
    }
    case Module::Port:
      return in_table(store.ports(), ref.id);
    case Module::Application:
      return in_table(store.apps(), ref.id);
    case Module::Category:
      return in_table(store.categories(), ref.id);
    case Module::Breed:
      return in_table(store.breeds(), ref.id);
    case Module::Vlan:
      return in_table(store.vlans(), ref.id);
    case Module::Mpls:
      return in_table(store.mpls(), ref.id);
    case Module::Dscp:
      return in_array(store.dscp(), ref.id);
    case Module::PacketSize:
      return in_array(store.sizes(), ref.id);
    case Module::Icmp:
      return in_table(store.icmp(), ref.id);
    case Module::Multicast:
      return store.multicast().find(ref.host);
  }
  return nullptr;
}

const stats::HistoryConfig& history_config(const stats::StatsStore& store, Module module) {
  return module == Module::Interface ? store.config().global_history : store.config().entity_history;
}

}  // namespace netmeter::query
