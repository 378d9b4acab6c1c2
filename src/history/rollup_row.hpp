#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "stats/traffic.hpp"

namespace netmeter::history {

/// The entity kinds whose traffic is rolled up per minute (stored as a number: never renumber).
enum class RollupKind : uint8_t {
  Interface = 0,
  Host = 1,
  Application = 2,  ///< id: stats::app_key(master, app)
  Port = 3,         ///< id: stats::port_key(l4, port)
  Vlan = 4,         ///< id: stats::vlan_key(level, id)
  Dscp = 5,         ///< id: the class
  Category = 6,     ///< id: the nDPI category
};

/// Names one entity of one slot: a host by its address (IPv4 mapped into IPv6's 16 bytes) and VLAN,
/// every other kind by `id` (address zero, vlan 0); the interface has neither.
struct RollupEntity {
  uint16_t interface_id = 0;  ///< the slot (ntopng's ifid, the Allegro mm-id)
  RollupKind kind = RollupKind::Interface;
  std::array<uint8_t, 16> address{};
  uint16_t vlan = 0;
  uint64_t id = 0;

  friend bool operator==(const RollupEntity&, const RollupEntity&) = default;
};

/// One entity's traffic in one minute of packet time (written when that minute closes).
struct RollupRow {
  RollupEntity entity;
  uint32_t minute = 0;  ///< epoch seconds, a multiple of 60
  stats::Traffic traffic;
};

/// One stored minute of an entity's series.
struct RollupPoint {
  uint32_t minute = 0;
  stats::Traffic traffic;
};

/// Minutes starting in [start, end) of one entity, oldest first; only those with traffic are stored.
struct RollupRange {
  RollupEntity entity;
  uint32_t start = 0;
  uint32_t end = 0;
};

/// Minutes starting in [start, end) of every entity of one kind of one slot (not hosts: they are keyed by
/// address), as a ts.lua sum over applications needs them.
struct RollupKindRange {
  uint16_t interface_id = 0;
  RollupKind kind = RollupKind::Application;
  uint32_t start = 0;
  uint32_t end = 0;
};

/// One stored minute of one entity of a kind.
struct KeyedRollupPoint {
  uint64_t id = 0;
  uint32_t minute = 0;
  stats::Traffic traffic;
};

/// One entity of a kind (hosts included) with its traffic summed over the minutes of a range: what a
/// list over a past interval reads, one row per entity however many minutes it had.
struct RollupTotal {
  uint64_t id = 0;                    ///< every kind but hosts
  uint16_t vlan = 0;                  ///< hosts
  std::array<uint8_t, 16> address{};  ///< hosts (IPv4 as ::ffff:a.b.c.d)
  stats::Traffic traffic;
};

}  // namespace netmeter::history
