#include "history/sqlite/sqlite_history_store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <string>

#include "core/flow_id.hpp"
#include "history/sqlite/sqlite_query.hpp"
#include "history/sqlite/sqlite_rollups.hpp"
#include "history/sqlite/sqlite_schema.hpp"
#include "store/connection.hpp"

namespace netmeter::history {
namespace {

constexpr uint64_t kDeleteChunk = 20000;
constexpr uint64_t kAnalyzeEveryRows =
    1'000'000;  ///< statistics refreshed at least this often  ///< rows per retention transaction: the writer
                ///< is never held long

[[noreturn]] void fail(const char* what, const store::Error& e) {
  throw HistoryError(std::string("history store: ") + what + ": " + e.message);
}

void bind_cell(store::Statement& s, int index, const FieldCell& cell) {
  switch (cell.kind) {
    case FieldCell::Kind::Number:
      s.bind(index, static_cast<int64_t>(cell.number));  // UInt64 kept bit for bit
      break;
    case FieldCell::Kind::Bytes:
      s.bind_blob(index, cell.bytes);
      break;
    case FieldCell::Kind::Text:
      s.bind(index, cell.text);
      break;
  }
}

}  // namespace

std::unique_ptr<SqliteHistoryStore> SqliteHistoryStore::open(const std::filesystem::path& file,
                                                             uint64_t max_bytes) {
  std::unique_ptr<SqliteHistoryStore> store(new SqliteHistoryStore(file));
  for (FieldId id : store->fields_)
    if (id == kNoField) throw HistoryError("history store: a flow column has no record field");
  store->writer_ = open_history_handle(file);
  // The writer's page cache holds flows_src_time's hot leaves (one per active source, where its next
  // flow goes): at 32 MiB they fell out between batches, 10.9 -> 8.1 us a flow with 128 MiB (2 M flows,
  // 20 000 sources, batches of 100 000). Pages are allocated as used: a small store stays small.
  exec_or_throw(store->writer_.get(), "PRAGMA cache_size=-131072", "writer cache");
  // A checkpoint when the WAL holds 8000 pages (256 MiB of 32 KiB pages) rather than SQLite's 1000: a
  // batch of 100 000 flows writes more than 1000 pages, so that checkpointed after every commit, copying
  // the source index's hot leaves into the file once per batch; now about every other batch (10 M flows:
  // 7.2 -> 6.5 us a flow, 101 k -> 116 k flows/s). The WAL file grows to about 500 MB at most; a store
  // bounded in size keeps it to about an eighth of the bound.
  const int64_t page_size = store->single_number("PRAGMA page_size");
  int64_t wal_pages = 8000;
  if (max_bytes > 0 && page_size > 0)
    wal_pages = std::clamp<int64_t>(static_cast<int64_t>(max_bytes / 8) / page_size, 64, wal_pages);
  exec_or_throw(store->writer_.get(), ("PRAGMA wal_autocheckpoint=" + std::to_string(wal_pages)).c_str(),
                "checkpoint interval");
  store->create_schema();
  store->analyze();  // statistics of what an earlier run stored
  return store;
}

SqliteHistoryStore::~SqliteHistoryStore() {
  insert_.reset();
}

store::Connection SqliteHistoryStore::writer() {
  return store::Connection(std::unique_lock<std::mutex>(write_mutex_), writer_.get());
}

void SqliteHistoryStore::create_schema() {
  const int64_t version = single_number("PRAGMA user_version");
  std::string ddl = "BEGIN IMMEDIATE; " + sqlite_flows_table_sql() + "; ";
  for (const auto& statement : sqlite_flows_migration_sql())
    ddl += statement + "; ";
  for (const auto& index : sqlite_flows_index_sql())
    ddl += index + "; ";
  ddl += sqlite_rollups_schema_sql() + "; ";
  ddl += sqlite_flow_numbers_table_sql() + "; ";
  if (version < 3) ddl += sqlite_flow_numbers_fill_sql() + "; ";
  ddl += "PRAGMA user_version=" + std::to_string(kSqliteFlowsSchemaVersion) + "; COMMIT";
  exec_or_throw(writer_.get(), ddl.c_str(), "schema");
  store::Connection conn = writer();
  auto stmt = conn.prepare(sqlite_flows_insert_sql());
  if (!stmt) fail("prepare insert", stmt.error());
  insert_.emplace(std::move(*stmt));
  auto raise = conn.prepare(sqlite_flow_numbers_raise_sql());
  if (!raise) fail("prepare insert", raise.error());
  raise_number_.emplace(std::move(*raise));
}

void SqliteHistoryStore::insert(std::span<const FlowRecord> batch) {
  if (batch.empty()) return;
  store::Connection conn = writer();
  auto tx = conn.begin();
  if (!tx) fail("begin", tx.error());
  store::Statement& s = *insert_;
  // In source order: flows_src_time's entries of one source go in together, next to each other.
  std::vector<const FlowRecord*> order(batch.size());
  for (size_t i = 0; i < batch.size(); ++i)
    order[i] = &batch[i];
  std::stable_sort(order.begin(), order.end(),
                   [](const FlowRecord* a, const FlowRecord* b) { return a->ipv4_src < b->ipv4_src; });
  for (const FlowRecord* rp : order) {
    const FlowRecord& r = *rp;
    for (size_t i = 0; i < fields_.size(); ++i)
      bind_cell(s, static_cast<int>(i + 1), field_cell(r, fields_[i]));
    auto done = s.run();
    s.reset();
    if (!done) fail("insert", done.error());  // the transaction rolls back: none of the batch is stored
  }
  raise_flow_numbers(batch);
  if (auto c = tx->commit(); !c) fail("commit", c.error());
  rows_since_analyze_ += batch.size();
  if (rows_since_analyze_ >= next_analyze_) {
    analyze();
    rows_since_analyze_ = 0;
    next_analyze_ = std::min<uint64_t>(next_analyze_ * 4, kAnalyzeEveryRows);
  }
}

void SqliteHistoryStore::raise_flow_numbers(std::span<const FlowRecord> batch) {
  std::map<uint16_t, uint64_t> next;  // a few slots per batch
  for (const FlowRecord& r : batch) {
    uint64_t& n = next[r.interface_id];
    n = std::max(n, core::flow_number(r.flow_id) + 1);
  }
  store::Statement& s = *raise_number_;
  for (const auto& [slot, number] : next) {
    auto done = s.bind(1, int64_t{slot}).bind(2, static_cast<int64_t>(number)).run();
    s.reset();
    if (!done) fail("insert", done.error());
  }
}

uint64_t SqliteHistoryStore::next_flow_number(uint16_t interface_id) {
  store::Connection conn = writer();
  auto stmt = conn.prepare("SELECT NEXT_NUMBER FROM flow_numbers WHERE INTERFACE_ID = ?1");
  if (!stmt) fail("read", stmt.error());
  stmt->bind(1, int64_t{interface_id});
  auto row = stmt->step();
  if (!row) fail("read", row.error());
  return *row ? static_cast<uint64_t>(std::max<int64_t>(1, stmt->column_int64(0))) : 1;
}

void SqliteHistoryStore::analyze() {
  // A sampled ANALYZE (a few ms whatever the size) is enough for the planner to know that a source has
  // many flows, which is what makes it skip-scan flows_src_time instead of sorting the window.
  exec_or_throw(writer_.get(), "PRAGMA analysis_limit=1000; ANALYZE flows", "analyze");
}

ResultTable SqliteHistoryStore::execute(const RenderedQuery& query) {
  auto lease = readers_.acquire();
  return run_sqlite_query(lease.get(), query);
}

int64_t SqliteHistoryStore::single_number(const char* sql) {
  store::Connection conn = writer();
  auto stmt = conn.prepare(sql);
  if (!stmt) fail("read", stmt.error());
  auto row = stmt->step();
  if (!row) fail("read", row.error());
  return *row ? stmt->column_int64(0) : 0;
}

uint64_t SqliteHistoryStore::used_bytes() {
  int64_t pages = single_number("PRAGMA page_count");
  int64_t free_pages = single_number("PRAGMA freelist_count");
  int64_t page_size = single_number("PRAGMA page_size");
  return static_cast<uint64_t>(std::max<int64_t>(0, pages - free_pages) * page_size);
}

uint64_t SqliteHistoryStore::flow_count() {
  return static_cast<uint64_t>(single_number("SELECT count(*) FROM flows"));
}

uint64_t SqliteHistoryStore::delete_older_than(uint32_t cutoff) {
  uint64_t deleted = 0;
  for (;;) {
    store::Connection conn = writer();
    auto stmt = conn.prepare(
        "DELETE FROM flows WHERE rowid IN (SELECT rowid FROM flows WHERE FIRST_SEEN < ?1 AND LAST_SEEN < ?1 "
        "LIMIT ?2)");
    if (!stmt) fail("retention", stmt.error());
    stmt->bind(1, int64_t{cutoff}).bind(2, static_cast<int64_t>(kDeleteChunk));
    if (auto r = stmt->run(); !r) fail("retention", r.error());
    auto n = static_cast<uint64_t>(conn.changes());
    deleted += n;
    if (n < kDeleteChunk) return deleted;
  }
}

uint64_t SqliteHistoryStore::delete_oldest(uint64_t rows) {
  store::Connection conn = writer();
  auto stmt =
      conn.prepare("DELETE FROM flows WHERE rowid IN (SELECT rowid FROM flows ORDER BY FIRST_SEEN LIMIT ?)");
  if (!stmt) fail("retention", stmt.error());
  stmt->bind(1, static_cast<int64_t>(rows));
  if (auto r = stmt->run(); !r) fail("retention", r.error());
  return static_cast<uint64_t>(conn.changes());
}

uint64_t SqliteHistoryStore::enforce_retention(const Retention& retention, uint32_t now) {
  uint64_t deleted = 0;
  uint64_t max_age = uint64_t{retention.max_days} * 86400;
  if (retention.max_days > 0 && now > max_age)
    deleted += delete_older_than(static_cast<uint32_t>(now - max_age));
  // Size: delete the oldest share of rows by which the pages in use exceed the bound, until they fit
  // (index pages free up less evenly than table pages, hence the loop; bounded for safety).
  for (int round = 0; retention.max_bytes > 0 && round < 64; ++round) {
    uint64_t used = used_bytes();
    if (used <= retention.max_bytes) break;
    uint64_t rows = flow_count();
    if (rows == 0) break;
    uint64_t excess = rows * (used - retention.max_bytes) / used + 1;
    uint64_t n = delete_oldest(std::min(rows, std::clamp<uint64_t>(excess, 64, kDeleteChunk)));
    deleted += n;
    if (n == 0) break;
  }
  if (deleted > 0) {
    // Give the freed pages back to the file system, and keep the WAL from holding the old pages.
    std::lock_guard lock(write_mutex_);
    exec_or_throw(writer_.get(), "PRAGMA incremental_vacuum", "retention");
    (void)sqlite3_exec(writer_.get(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  }
  return deleted;
}

void SqliteHistoryStore::insert_rollups(std::span<const RollupRow> batch) {
  if (batch.empty()) return;
  store::Connection conn = writer();
  auto tx = conn.begin();
  if (!tx) fail("begin", tx.error());
  sqlite_insert_rollups(writer_.get(), batch);  // throws: the transaction rolls back
  if (auto c = tx->commit(); !c) fail("commit", c.error());
}

std::vector<RollupPoint> SqliteHistoryStore::read_rollups(const RollupRange& range) {
  auto lease = readers_.acquire();
  return sqlite_read_rollups(lease.get(), range);
}

std::vector<KeyedRollupPoint> SqliteHistoryStore::read_rollup_kind(const RollupKindRange& range) {
  auto lease = readers_.acquire();
  return sqlite_read_rollup_kind(lease.get(), range);
}

std::vector<RollupTotal> SqliteHistoryStore::read_rollup_totals(const RollupKindRange& range) {
  auto lease = readers_.acquire();
  return sqlite_read_rollup_totals(lease.get(), range);
}

uint64_t SqliteHistoryStore::enforce_rollup_retention(uint32_t max_days, uint32_t now) {
  uint64_t max_age = uint64_t{max_days} * 86400;
  if (max_days == 0 || now <= max_age) return 0;
  std::lock_guard lock(write_mutex_);
  return sqlite_delete_rollups_before(writer_.get(), static_cast<uint32_t>(now - max_age));
}

}  // namespace netmeter::history
