#include "engine/slot_memory.hpp"

#include <algorithm>

namespace netmeter::engine {

namespace {

using C = SlotMemoryCosts;

constexpr size_t kMinQueue = 256 * 1024;
/// Tables bounded by StatsConfig::max_module_entries that can grow large: ports, VLANs, MPLS labels, ICMP
/// types, applications and multicast groups (categories and breeds have a few hundred keys at most).
constexpr size_t kModuleTables = 6;
/// A bound of 0 would mean "unbounded" to the L7 tables.
constexpr size_t kMinL7Entries = 16;

size_t percent(size_t bytes, size_t pct) {
  return bytes / 100 * pct;
}

size_t floor_pow2(size_t n) {
  size_t p = 1;
  while (p * 2 <= n)
    p *= 2;
  return p;
}

/// What the L7 tables cost at their bounds in `s`.
size_t l7_bytes(const stats::StatsConfig& s) {
  return 3 * s.l7_max_servers * C::kL7Server + 3 * s.l7_max_names * C::kL7Name +
         3 * s.l7_max_pending * C::kL7Pending + 2 * s.l7_max_address_names * C::kL7AddressName +
         s.l7_max_dhcp_leases * C::kL7Lease;
}

/// Scales the L7 bounds of `s` down so that they cost at most `bytes` (never up).
void bound_l7(stats::StatsConfig& s, size_t bytes) {
  double factor = std::min(1.0, static_cast<double>(bytes) / static_cast<double>(l7_bytes(s)));
  auto scale = [&](size_t& bound) {
    bound = std::max(kMinL7Entries, static_cast<size_t>(static_cast<double>(bound) * factor));
  };
  scale(s.l7_max_servers);
  scale(s.l7_max_names);
  scale(s.l7_max_pending);
  scale(s.l7_max_address_names);
  scale(s.l7_max_dhcp_leases);
}

}  // namespace

SlotMemory bound_slot_memory(const EngineConfig& base, size_t budget_bytes) {
  SlotMemory out;
  EngineConfig& c = out.config;
  c = base;
  size_t queue = std::clamp(floor_pow2(budget_bytes / 64), kMinQueue, std::max(kMinQueue, base.queue_bytes));
  size_t per_worker = C::kWorker + queue;
  if (budget_bytes / 2 < C::kSlot + per_worker) {
    out.error = "a slot needs at least " + std::to_string(2 * (C::kSlot + per_worker) / C::kMiB + 1) + " MiB";
    return out;
  }
  size_t fixed_share = budget_bytes / 4;
  size_t workers = fixed_share > C::kSlot + per_worker ? (fixed_share - C::kSlot) / per_worker : 1;
  c.workers = static_cast<unsigned>(std::clamp<size_t>(workers, 1, base.resolved_workers()));
  c.queue_bytes = queue;
  out.fixed_bytes = C::kSlot + c.workers * per_worker;

  size_t tables = budget_bytes - out.fixed_bytes;
  c.max_flows = std::max<size_t>(c.workers, percent(tables, 35) / C::kFlow);
  c.keep_finished_flows = false;
  stats::StatsConfig& s = c.stats;
  s.max_delta_entries = C::kDeltaEntries;
  s.max_hosts = std::max<size_t>(1, percent(tables, 25) / C::kHost);
  s.finished_connections_kept = percent(tables, 10) / C::kConnection;
  s.max_macs = std::max<size_t>(1, percent(tables, 5) / C::kMac);
  s.max_module_entries = std::max<size_t>(1, percent(tables, 10) / kModuleTables / C::kModuleEntry);
  bound_l7(s, percent(tables, 10));

  out.table_bytes = c.max_flows * C::kFlow + s.max_hosts * C::kHost +
                    s.finished_connections_kept * C::kConnection + s.max_macs * C::kMac +
                    kModuleTables * s.max_module_entries * C::kModuleEntry + l7_bytes(s);
  return out;
}

}  // namespace netmeter::engine
