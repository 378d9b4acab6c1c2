#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "history/history_store.hpp"

namespace netmeter::history::clickhouse {

class ClickHouseClient;

/// One day partition of the flow table as system.parts describes it (active parts only).
struct DayPartition {
  uint32_t day = 0;  ///< YYYYMMDD, the partition's id (toYYYYMMDD(FIRST_SEEN), UTC)
  uint64_t rows = 0;
  uint64_t bytes = 0;  ///< on disk
};

/// YYYYMMDD of the UTC day holding epoch second `t`.
uint32_t utc_day(uint32_t t);

/// The partitions `retention` no longer keeps, oldest first: whole days before the day `max_days` ago
/// (0: no limit by age), then, while the rest is bigger than `max_bytes` (0: no limit by size), the
/// oldest of the rest, but never the newest day (it is being written). `partitions` sorted by day.
std::vector<DayPartition> partitions_to_drop(const std::vector<DayPartition>& partitions,
                                             const Retention& retention, uint32_t now);

/// The flow table's day partitions, oldest first (from system.parts).
std::vector<DayPartition> list_flow_partitions(ClickHouseClient& client);

/// Drops what `retention` no longer keeps with ALTER TABLE ... DROP PARTITION (18.16 has no TTL);
/// returns the rows dropped.
uint64_t drop_old_partitions(ClickHouseClient& client, const Retention& retention, uint32_t now);

/// The same for any table of netmeter's partitioned by toYYYYMMDD of a time column (the per-minute
/// series' `rollups`); `table_name` is one of netmeter's own constants, never client text.
std::vector<DayPartition> list_partitions(ClickHouseClient& client, std::string_view table_name);
uint64_t drop_old_partitions(ClickHouseClient& client, std::string_view table_name,
                             const Retention& retention, uint32_t now);

}  // namespace netmeter::history::clickhouse
