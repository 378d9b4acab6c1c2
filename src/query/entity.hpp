#pragma once

#include <compare>
#include <cstdint>

#include "stats/shard_delta.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

/// The statistics modules whose entities carry traffic with a history.
enum class Module : uint8_t {
  Interface,
  Host,
  Mac,
  Port,  ///< TCP and UDP server ports
  Application,
  Category,
  Breed,
  Vlan,
  Mpls,
  Dscp,
  PacketSize,
  Icmp,
  Multicast,
};

/// Names one entity of one module (for get, graph and list items).
struct EntityRef {
  Module module = Module::Interface;
  stats::HostKey host;  ///< Host and Multicast (the group address)
  /// Mac: the MacKey; Port: port_key(l4, port); Application: app_key(master, app); Category; Breed;
  /// Vlan: vlan_key(level, id); Mpls: the top label; Dscp: the class; PacketSize: the size bin; Icmp:
  /// icmp_key.
  uint64_t id = 0;

  friend bool operator==(const EntityRef&, const EntityRef&) = default;
  friend std::strong_ordering operator<=>(const EntityRef& a, const EntityRef& b) {
    if (auto c = a.module <=> b.module; c != 0) return c;
    if (auto c = a.host <=> b.host; c != 0) return c;
    return a.id <=> b.id;
  }
};

inline EntityRef host_ref(const stats::HostKey& k) {
  return {Module::Host, k, 0};
}
inline EntityRef multicast_ref(const stats::HostKey& k) {
  return {Module::Multicast, k, 0};
}
inline EntityRef module_ref(Module m, uint64_t id) {
  return {m, {}, id};
}
inline EntityRef port_ref(uint8_t l4, uint16_t port) {
  return module_ref(Module::Port, stats::port_key(l4, port));
}
inline EntityRef app_ref(uint16_t master, uint16_t app) {
  return module_ref(Module::Application, stats::app_key(master, app));
}
inline EntityRef vlan_ref(int level, uint16_t id) {
  return module_ref(Module::Vlan, stats::vlan_key(level, id));
}
inline EntityRef icmp_ref(bool v6, uint8_t type, uint8_t code) {
  return module_ref(Module::Icmp, stats::icmp_key(v6, type, code));
}

// The parts of the packed ids (inverse of port_key, app_key, vlan_key, icmp_key).
inline uint8_t port_l4(uint64_t id) {
  return static_cast<uint8_t>(id >> 16);
}
inline uint16_t port_number(uint64_t id) {
  return static_cast<uint16_t>(id);
}
inline uint16_t app_master(uint64_t id) {
  return static_cast<uint16_t>(id >> 16);
}
inline uint16_t app_protocol(uint64_t id) {
  return static_cast<uint16_t>(id);
}
inline int vlan_level(uint64_t id) {
  return static_cast<int>(id >> 16);
}
inline uint16_t vlan_id(uint64_t id) {
  return static_cast<uint16_t>(id);
}
inline bool icmp_v6(uint64_t id) {
  return (id >> 16) & 1;
}
inline uint8_t icmp_type(uint64_t id) {
  return static_cast<uint8_t>(id >> 8);
}
inline uint8_t icmp_code(uint64_t id) {
  return static_cast<uint8_t>(id);
}

/// The traffic of an entity; null when the store does not know it.
const stats::TrafficStats* find_traffic(const stats::StatsStore& store, const EntityRef& ref);
/// The history levels of a module's entities (the interface has its own, deeper ones).
const stats::HistoryConfig& history_config(const stats::StatsStore& store, Module module);

}  // namespace netmeter::query
