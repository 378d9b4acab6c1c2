#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>

#include "history/flow_record.hpp"
#include "history/query_types.hpp"
#include "history/rollup_row.hpp"

namespace netmeter::history {

/// A backend failed (I/O, server answered an error). The message never names a server path.
class HistoryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Bounds of the stored flows: older than `max_days` or beyond `max_bytes` on disk, oldest go first.
struct Retention {
  uint32_t max_days = 30;
  uint64_t max_bytes = 0;  ///< 0: unbounded by size
};

/// One store of past flows. Implementations: SQLite (default, history/sqlite/) and ClickHouse
/// (history/clickhouse/). Called from the export thread (insert, enforce_retention) and API threads
/// (execute); implementations make that safe.
class HistoryStore {
 public:
  virtual ~HistoryStore() = default;
  virtual SqlDialect dialect() const = 0;
  /// Stores one batch atomically: all of it or none (a crash mid-batch loses the batch, never more).
  virtual void insert(std::span<const FlowRecord> batch) = 0;
  /// Runs a rendered query (history/query/ renders it for dialect()).
  virtual ResultTable execute(const RenderedQuery& query) = 0;
  /// Deletes what `retention` no longer keeps; `now` is epoch s. Returns the flows deleted.
  virtual uint64_t enforce_retention(const Retention& retention, uint32_t now) = 0;
  /// The first flow number (core::flow_number of a flow id) that no stored flow of slot `interface_id`
  /// used: 1 when it stored none. A store that keeps no numbers (a test double) answers 1.
  virtual uint64_t next_flow_number(uint16_t interface_id);

  // Per-minute time series (rollup_row.hpp), added after the flows: both backends implement them; a
  // store that keeps none (a test double of the flow path) refuses with HistoryError.
  /// Stores one batch of closed minutes atomically. A row for a minute already stored adds to it (a
  /// minute's late traffic arrives as a second row), so nothing written twice is lost or replaced.
  virtual void insert_rollups(std::span<const RollupRow> batch);
  /// The stored minutes of one entity in a range, oldest first, each minute once (summed).
  virtual std::vector<RollupPoint> read_rollups(const RollupRange& range);
  /// The stored minutes of every entity of a kind in a range, by id then minute, each (id, minute) once.
  virtual std::vector<KeyedRollupPoint> read_rollup_kind(const RollupKindRange& range);
  /// Every entity of a kind, hosts included, with its minutes in the range summed (by the store: one row
  /// per entity), ordered by id, vlan, address.
  virtual std::vector<RollupTotal> read_rollup_totals(const RollupKindRange& range);
  /// Deletes minutes older than `max_days` before `now` (epoch s; 0 days: none). Returns the rows deleted.
  virtual uint64_t enforce_rollup_retention(uint32_t max_days, uint32_t now);
};

}  // namespace netmeter::history
