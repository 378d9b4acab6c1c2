#pragma once

#include <span>
#include <string>
#include <vector>

#include "history/rollup_row.hpp"

struct sqlite3;

namespace netmeter::history {

/// The per-minute series table of the SQLite store, `rollups`: WITHOUT ROWID with the primary key
/// (interface, kind, id, vlan, address, minute), so one entity's range is one contiguous key range;
/// the index (minute, interface, kind) serves "one kind, one minute, top N" and retention.
std::string sqlite_rollups_schema_sql();

/// Stores `rows` on `db` inside the caller's transaction; a minute already stored adds up. Throws
/// HistoryError.
void sqlite_insert_rollups(sqlite3* db, std::span<const RollupRow> rows);

/// One entity's minutes in `range`, oldest first. Throws HistoryError.
std::vector<RollupPoint> sqlite_read_rollups(sqlite3* db, const RollupRange& range);
/// Every entity of one kind in a range (by id, then minute).
std::vector<KeyedRollupPoint> sqlite_read_rollup_kind(sqlite3* db, const RollupKindRange& range);
/// Every entity of one kind, hosts included, summed over the range by SQLite (a skip-scan of the primary
/// key: two seeks per entity of the kind the slot ever stored, then its minutes in the range), by id,
/// vlan, address.
std::vector<RollupTotal> sqlite_read_rollup_totals(sqlite3* db, const RollupKindRange& range);

/// Deletes the minutes before `cutoff` (epoch s), an hour of minutes per statement so that the writer
/// is never held long. Returns the rows deleted.
uint64_t sqlite_delete_rollups_before(sqlite3* db, uint32_t cutoff);

}  // namespace netmeter::history
