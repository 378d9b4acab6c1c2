#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "history/flow_record_fields.hpp"
#include "history/history_store.hpp"
#include "history/sqlite/sqlite_handle.hpp"
#include "history/sqlite/sqlite_reader_pool.hpp"
#include "store/connection.hpp"
#include "store/statement.hpp"

namespace netmeter::history {

/// The default history backend: past flows in their own SQLite file (`<data-dir>/history.db`, apart
/// from the configuration database so that its size and write rate never touch logins or alerts).
///
/// One writer connection (insert, enforce_retention: the export thread) behind a mutex; API threads
/// read through their own read-only connections (WAL: readers never wait for the writer). Each batch
/// is one transaction with one prepared statement: a crash loses at most the batch being written.
class SqliteHistoryStore final : public HistoryStore {
 public:
  /// Opens or creates the store in `file` (schema from flow_columns(), indexes). `max_bytes`: the size
  /// bound retention keeps the database to (0: none), which also bounds the WAL (about an eighth of it).
  /// Throws HistoryError.
  static std::unique_ptr<SqliteHistoryStore> open(const std::filesystem::path& file, uint64_t max_bytes = 0);
  ~SqliteHistoryStore() override;

  SqlDialect dialect() const override { return SqlDialect::Sqlite; }
  void insert(std::span<const FlowRecord> batch) override;
  ResultTable execute(const RenderedQuery& query) override;
  uint64_t enforce_retention(const Retention& retention, uint32_t now) override;
  uint64_t next_flow_number(uint16_t interface_id) override;
  void insert_rollups(std::span<const RollupRow> batch) override;
  std::vector<RollupPoint> read_rollups(const RollupRange& range) override;
  std::vector<KeyedRollupPoint> read_rollup_kind(const RollupKindRange& range) override;
  std::vector<RollupTotal> read_rollup_totals(const RollupKindRange& range) override;
  uint64_t enforce_rollup_retention(uint32_t max_days, uint32_t now) override;

  /// Bytes of the database's pages in use (what the size bound counts; free pages excluded).
  uint64_t used_bytes();
  /// Rows stored.
  uint64_t flow_count();

 private:
  explicit SqliteHistoryStore(const std::filesystem::path& file) : readers_(file) {}
  /// The writer connection, held exclusively while the returned Connection lives.
  store::Connection writer();
  void create_schema();
  uint64_t delete_older_than(uint32_t cutoff);
  uint64_t delete_oldest(uint64_t rows);
  int64_t single_number(const char* sql);
  /// Refreshes the planner's statistics of `flows` (writer held).
  void analyze();

  std::mutex write_mutex_;
  SqliteHandle writer_;
  /// Raises flow_numbers for the slots of a batch, in its transaction (writer held).
  void raise_flow_numbers(std::span<const FlowRecord> batch);

  std::optional<store::Statement> insert_;  ///< destroyed before writer_ (declared after it)
  std::optional<store::Statement> raise_number_;
  std::vector<FieldId> fields_ = fields_in_column_order();
  SqliteReaderPool readers_;
  uint64_t rows_since_analyze_ = 0;  ///< under the writer
  uint64_t next_analyze_ = 10'000;   ///< grows to kAnalyzeEveryRows: early statistics, then rarely
};

}  // namespace netmeter::history
