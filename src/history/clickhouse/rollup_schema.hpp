#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "history/rollup_row.hpp"

namespace netmeter::history::clickhouse {

inline constexpr std::string_view kRollupTable = "rollups";

/// The per-minute series table: MergeTree partitioned by day (retention drops days, 18.16 has no TTL),
/// ordered by (interface_id, kind, id, vlan, address, minute) so one entity's range is one key range.
/// Plain MergeTree (not Summing): a late second row of a minute is summed at read time.
std::string create_rollup_table_sql();
std::string insert_rollups_sql();
/// The batch as one RowBinary INSERT body, columns in the table's order.
void encode_rollups(std::span<const RollupRow> rows, std::string& out);
/// One entity's minutes in `range` (literals are numbers and hex of our own bytes, inlined: 18.16 has no
/// query parameters), summed per minute, as TabSeparated.
std::string select_rollups_sql(const RollupRange& range);
/// The rows of that answer; throws HistoryError on a malformed line.
std::vector<RollupPoint> parse_rollups(std::string_view tsv);
/// Every entity of one kind in `range`, summed per (id, minute), by id then minute.
std::string select_rollup_kind_sql(const RollupKindRange& range);
/// The rows of select_rollup_kind_sql.
std::vector<KeyedRollupPoint> parse_keyed_rollups(std::string_view tsv);
/// Every entity of one kind, hosts included, summed over `range`, by id, vlan, address (the address as
/// hex).
std::string select_rollup_totals_sql(const RollupKindRange& range);
/// The rows of select_rollup_totals_sql.
std::vector<RollupTotal> parse_rollup_totals(std::string_view tsv);

}  // namespace netmeter::history::clickhouse
