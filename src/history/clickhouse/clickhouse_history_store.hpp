#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "history/clickhouse/clickhouse_client.hpp"
#include "history/clickhouse/native_block_encoder.hpp"
#include "history/history_store.hpp"

namespace netmeter::history::clickhouse {

/// Past flows in ClickHouse (18.16 and newer) over its HTTP interface: one MergeTree table `flows`
/// partitioned by day (flow_schema.hpp), one Native-format INSERT per batch, read-only SELECTs answered as
/// TabSeparatedWithNamesAndTypes, retention by dropping day partitions. Safe to call from several
/// threads (each call takes its own pooled connection). docs/history-clickhouse.md.
class ClickHouseHistoryStore final : public HistoryStore {
 public:
  /// Creates the database and the table if absent and checks the table's columns (schema_check.hpp);
  /// throws HistoryError when the server refuses, does not answer within the timeout, or the table
  /// lacks a column netmeter writes.
  explicit ClickHouseHistoryStore(ClientOptions options);

  SqlDialect dialect() const override { return SqlDialect::ClickHouse; }
  /// One INSERT (inserts are serialised: one body buffer): ClickHouse applies a block of up to
  /// max_insert_block_size rows (raised to the batch's size) all or nothing, per day partition it touches.
  void insert(std::span<const FlowRecord> batch) override;
  /// Runs `query.sql` read-only. ClickHouse 18.16 has no query parameters: the renderer inlines typed,
  /// escaped literals, so `query.params` must be empty.
  ResultTable execute(const RenderedQuery& query) override;
  uint64_t enforce_retention(const Retention& retention, uint32_t now) override;
  /// The per-minute series (table `rollups`, rollup_schema.hpp): one RowBinary INSERT per batch.
  void insert_rollups(std::span<const RollupRow> batch) override;
  std::vector<RollupPoint> read_rollups(const RollupRange& range) override;
  std::vector<KeyedRollupPoint> read_rollup_kind(const RollupKindRange& range) override;
  std::vector<RollupTotal> read_rollup_totals(const RollupKindRange& range) override;
  /// From the stored flows themselves (a scan of two columns).
  uint64_t next_flow_number(uint16_t interface_id) override;
  /// Drops the rollup table's day partitions older than `max_days`.
  uint64_t enforce_rollup_retention(uint32_t max_days, uint32_t now) override;

 private:
  ClickHouseClient client_;
  NativeBlockEncoder encoder_;
  std::string insert_sql_;
  std::mutex insert_mutex_;
  std::string body_;  ///< reused by every insert: its capacity is the largest batch's body
  std::mutex rollup_mutex_;
  std::string rollup_body_;  ///< likewise for the time series
};

/// The client options of `--history clickhouse://[user@]host[:port]/db` with the password of
/// `password_file` (its first line; none when the path is empty). Throws HistoryError for a bad URL or an
/// unreadable password file.
ClientOptions clickhouse_client_options(std::string_view url, const std::filesystem::path& password_file,
                                        std::chrono::milliseconds timeout);

/// The store behind `--history clickhouse://[user@]host[:port]/db`, the password being the first line of
/// `password_file` (none when the path is empty). Throws HistoryError for a bad URL, an unreadable
/// password file or a server that refuses the schema.
std::unique_ptr<HistoryStore> make_clickhouse_store(
    std::string_view url, const std::filesystem::path& password_file,
    std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace netmeter::history::clickhouse
