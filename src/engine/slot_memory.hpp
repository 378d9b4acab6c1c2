#pragma once

#include <cstddef>
#include <string>

#include "engine/engine_config.hpp"

namespace netmeter::engine {

/// Resident bytes the parts of one analysis cost, measured with bench/slot_memory_bench.cpp on a
/// Release build (nDPI 4.2, glibc) and rounded up; docs/api.md shows the measurement and the arithmetic.
/// Per-entry costs are the most an entry costs at any time (Engine::retire() ends every flow while the
/// flow table still exists, which is when a flow costs most).
struct SlotMemoryCosts {
  static constexpr size_t kMiB = size_t{1} << 20;
  /// Per slot: the statistics store's fixed tables, the file's read buffer, the decoders' fragment maps.
  static constexpr size_t kSlot = 3 * kMiB;
  /// Per worker, besides its queue: nDPI's detection module, the statistics' hand-over buffers (filled
  /// up to kDeltaEntries), the flow table's index, the thread.
  static constexpr size_t kWorker = 7 * kMiB;
  /// StatsConfig::max_delta_entries of a bounded slot: hand-over buffers stay small.
  static constexpr size_t kDeltaEntries = 1024;
  /// A flow that nDPI still inspects (its state held), with its statistics connection and, at the end,
  /// its copy in the results.
  static constexpr size_t kFlow = 2400;
  static constexpr size_t kHost = 2000;        ///< beyond its flows; a host active for a few seconds
  static constexpr size_t kConnection = 500;   ///< a finished connection kept for the connection lists
  static constexpr size_t kMac = 1024;         ///< with vendor and history
  static constexpr size_t kModuleEntry = 900;  ///< a port, VLAN, MPLS label, ICMP type, application ...
  // DNS, HTTP, TLS and DHCP tables, entries of the largest kind (128-byte names).
  static constexpr size_t kL7Server = 1700;  ///< an HTTP server with all its host names
  static constexpr size_t kL7Name = 320;     ///< a counted DNS name, SNI or HTTP host
  static constexpr size_t kL7Pending = 160;  ///< a query, request or ClientHello awaiting its answer
  static constexpr size_t kL7AddressName = 320;
  static constexpr size_t kL7Lease = 320;
};

/// An engine configuration sized to a memory budget, and how the budget was spent.
struct SlotMemory {
  EngineConfig config;
  size_t fixed_bytes = 0;  ///< slot, workers and their queues: independent of the traffic
  size_t table_bytes = 0;  ///< the tables' bounds times their entries' costs
  std::string error;       ///< set when the budget cannot hold a slot at all
};

/// Sizes one analysis (an upload slot) to stay within `budget_bytes` of resident memory: a quarter at
/// most goes to the fixed part (which limits the workers, at least one, at most `base`'s), the queues
/// get budget/64 each (256 KiB .. `base.queue_bytes`), and what remains is shared among the tables —
/// flows 35 %, hosts 25 %, kept connections 10 %, MACs 5 %, the smaller module tables 10 %, the L7
/// tables 10 % (their analyze defaults scaled down alike, never up), 5 % left as margin — each bound
/// being its share divided by its entry's cost. Finished flows are not kept in the results beyond
/// those in the table at the end (EngineConfig::keep_finished_flows), which would grow without bound.
/// Everything else comes from `base`.
SlotMemory bound_slot_memory(const EngineConfig& base, size_t budget_bytes);

}  // namespace netmeter::engine
