#include "engine/slot_memory.hpp"

#include <gtest/gtest.h>

namespace netmeter::test {
namespace {

using engine::SlotMemoryCosts;
constexpr size_t kMiB = size_t{1} << 20;

engine::EngineConfig base(unsigned workers) {
  engine::EngineConfig c;
  c.workers = workers;
  return c;
}

/// What the bounds in `m` cost by the measured per-entry costs, computed here independently.
size_t cost(const engine::SlotMemory& m) {
  const auto& c = m.config;
  const auto& s = c.stats;
  using C = SlotMemoryCosts;
  size_t fixed = C::kSlot + c.workers * (C::kWorker + c.queue_bytes);
  size_t tables = c.max_flows * C::kFlow + s.max_hosts * C::kHost +
                  s.finished_connections_kept * C::kConnection + s.max_macs * C::kMac +
                  6 * s.max_module_entries * C::kModuleEntry;
  size_t l7 = 3 * s.l7_max_servers * C::kL7Server + 3 * s.l7_max_names * C::kL7Name +
              3 * s.l7_max_pending * C::kL7Pending + 2 * s.l7_max_address_names * C::kL7AddressName +
              s.l7_max_dhcp_leases * C::kL7Lease;
  EXPECT_EQ(m.fixed_bytes, fixed);
  EXPECT_EQ(m.table_bytes, tables + l7);
  return fixed + tables + l7;
}

TEST(SlotMemory, EveryBoundFitsTheBudget) {
  for (unsigned workers : {1u, 2u, 7u, 64u}) {
    for (size_t mib : {32u, 48u, 64u, 100u, 256u, 1024u, 65536u}) {
      auto m = engine::bound_slot_memory(base(workers), mib * kMiB);
      ASSERT_TRUE(m.error.empty()) << m.error;
      size_t total = cost(m);
      EXPECT_LE(total, mib * kMiB) << workers << " workers, " << mib << " MiB";
      // Most is used, until the L7 tables reach their defaults (they are never scaled up).
      if (mib <= 1024) {
        EXPECT_GE(total, mib * kMiB / 100 * 90) << workers << " workers, " << mib << " MiB";
      }
      EXPECT_LE(m.fixed_bytes, std::max(mib * kMiB / 4, m.fixed_bytes)) << mib;
      EXPECT_FALSE(m.config.keep_finished_flows);
      EXPECT_GE(m.config.stats.l7_max_names, 16u);
    }
  }
}

TEST(SlotMemory, MoreMemoryMeansLargerTables) {
  auto small = engine::bound_slot_memory(base(1), 64 * kMiB);
  auto large = engine::bound_slot_memory(base(1), 512 * kMiB);
  EXPECT_LT(small.config.max_flows, large.config.max_flows);
  EXPECT_LT(small.config.stats.max_hosts, large.config.stats.max_hosts);
  EXPECT_LT(small.config.stats.max_macs, large.config.stats.max_macs);
  EXPECT_LT(small.config.stats.finished_connections_kept, large.config.stats.finished_connections_kept);
  EXPECT_LT(small.config.stats.max_module_entries, large.config.stats.max_module_entries);
  EXPECT_LT(small.config.stats.l7_max_address_names, large.config.stats.l7_max_address_names);
  EXPECT_LE(small.config.queue_bytes, large.config.queue_bytes);
}

TEST(SlotMemory, WorkersAreLimitedToAQuarterOfTheBudget) {
  EXPECT_EQ(engine::bound_slot_memory(base(64), 32 * kMiB).config.workers, 1u);
  EXPECT_EQ(engine::bound_slot_memory(base(64), 256 * kMiB).config.workers, 5u);  // (64 - 3) / (7 + 4)
  EXPECT_EQ(engine::bound_slot_memory(base(2), 256 * kMiB).config.workers, 2u);   // never more than asked
  for (size_t mib : {64u, 256u, 4096u}) {
    auto m = engine::bound_slot_memory(base(256), mib * kMiB);
    EXPECT_LE(m.fixed_bytes, mib * kMiB / 4) << mib;
  }
}

TEST(SlotMemory, LargeBudgetsKeepTheDefaultsWhereTheyAreSmaller) {
  auto m = engine::bound_slot_memory(base(1), size_t{1} << 40);
  engine::EngineConfig defaults;
  EXPECT_EQ(m.config.stats.l7_max_names, defaults.stats.l7_max_names);  // scaled down only
  EXPECT_EQ(m.config.stats.l7_max_pending, defaults.stats.l7_max_pending);
  EXPECT_EQ(m.config.queue_bytes, defaults.queue_bytes);
}

TEST(SlotMemory, TooSmallABudgetIsRefused) {
  auto m = engine::bound_slot_memory(base(1), 16 * kMiB);
  EXPECT_FALSE(m.error.empty());
}

TEST(SlotMemory, EverythingElseComesFromTheBase) {
  engine::EngineConfig b = base(1);
  b.dpi.enabled = false;
  b.stats.local_networks.clear();
  b.flows.idle_timeout_ns = 7;
  auto m = engine::bound_slot_memory(b, 256 * kMiB);
  EXPECT_FALSE(m.config.dpi.enabled);
  EXPECT_TRUE(m.config.stats.local_networks.empty());
  EXPECT_EQ(m.config.flows.idle_timeout_ns, 7);
}

TEST(SlotMemory, DefaultBudgetAsDocumented) {
  // docs/api.md ("PCAP upload and analysis slots") quotes these bounds for --slot-memory 256.
  auto m = engine::bound_slot_memory(base(1), 256 * kMiB);
  EXPECT_EQ(m.config.workers, 1u);
  EXPECT_EQ(m.config.queue_bytes, 4 * kMiB);
  EXPECT_EQ(m.fixed_bytes, 14 * kMiB);
  EXPECT_EQ(m.config.max_flows, 37005u);
  EXPECT_EQ(m.config.stats.max_hosts, 31719u);
  EXPECT_EQ(m.config.stats.finished_connections_kept, 50751u);
  EXPECT_EQ(m.config.stats.max_macs, 12390u);
  EXPECT_EQ(m.config.stats.max_module_entries, 4699u);
  EXPECT_EQ(m.config.stats.l7_max_address_names, 19342u);
  EXPECT_EQ(m.config.stats.l7_max_pending, 12676u);
  EXPECT_EQ(m.config.stats.l7_max_names, 1934u);
  EXPECT_EQ(m.config.stats.l7_max_servers, 792u);
  EXPECT_EQ(m.config.stats.l7_max_dhcp_leases, 3169u);
}

}  // namespace
}  // namespace netmeter::test
