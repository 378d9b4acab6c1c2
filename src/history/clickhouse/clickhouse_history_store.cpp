#include "history/clickhouse/clickhouse_history_store.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>

#include "core/flow_id.hpp"
#include "history/clickhouse/flow_schema.hpp"
#include "history/clickhouse/partition_retention.hpp"
#include "history/clickhouse/rollup_schema.hpp"
#include "history/clickhouse/schema_check.hpp"
#include "history/clickhouse/tsv_result_parser.hpp"

namespace netmeter::history::clickhouse {
namespace {

constexpr size_t kDefaultInsertBlock = 1'048'576;  // ClickHouse's max_insert_block_size

std::string_view without_trailing_semicolons(std::string_view sql) {
  while (!sql.empty() && (sql.back() == ';' || sql.back() == ' ' || sql.back() == '\n' || sql.back() == '\t'))
    sql.remove_suffix(1);
  return sql;
}

std::string read_password(const std::filesystem::path& file) {
  if (file.empty()) return {};
  std::ifstream in(file);
  std::string password;
  // The message names no path: it may reach an API answer through the store's start-up status.
  if (!in || !std::getline(in, password)) throw HistoryError("the ClickHouse password file cannot be read");
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

}  // namespace

ClickHouseHistoryStore::ClickHouseHistoryStore(ClientOptions options)
    : client_(std::move(options)), insert_sql_(insert_flows_sql()) {
  client_.statement(create_database_sql(client_.url().database), false);
  client_.statement(create_flow_table_sql());
  check_flow_table(client_);
  client_.statement(create_rollup_table_sql());
}

void ClickHouseHistoryStore::insert(std::span<const FlowRecord> batch) {
  if (batch.empty()) return;
  std::string settings;
  if (batch.size() > kDefaultInsertBlock) settings = "max_insert_block_size=" + std::to_string(batch.size());
  std::lock_guard lock(insert_mutex_);
  encoder_.encode_into(batch, body_);
  client_.insert(insert_sql_, body_, settings);
}

ResultTable ClickHouseHistoryStore::execute(const RenderedQuery& query) {
  if (!query.params.empty())
    throw HistoryError("the ClickHouse store takes inlined literals; this query carries bound parameters");
  std::string sql(without_trailing_semicolons(query.sql));
  sql += " FORMAT TabSeparatedWithNamesAndTypes";
  return parse_tsv_with_names_and_types(client_.query(sql), query);
}

uint64_t ClickHouseHistoryStore::enforce_retention(const Retention& retention, uint32_t now) {
  return drop_old_partitions(client_, retention, now);
}

uint64_t ClickHouseHistoryStore::next_flow_number(uint16_t interface_id) {
  // One column scan of the slot's rows (ClickHouse reads FLOW_ID and INTERFACE_ID only): at start-up.
  const uint64_t mask = core::flow_number(~uint64_t{0});
  std::string answer = client_.query(
      "SELECT max(bitAnd(FLOW_ID, " + std::to_string(mask) + ")) + 1 FROM " + std::string(kFlowTable) +
      " WHERE INTERFACE_ID = " + std::to_string(interface_id) + " FORMAT TabSeparated");
  while (!answer.empty() && (answer.back() == '\n' || answer.back() == '\r'))
    answer.pop_back();
  uint64_t next = 0;
  auto [end, ec] = std::from_chars(answer.data(), answer.data() + answer.size(), next);
  if (ec != std::errc() || end != answer.data() + answer.size())
    throw HistoryError("ClickHouse answered the flow number query with something that is not a number");
  return std::max<uint64_t>(next, 1);
}

void ClickHouseHistoryStore::insert_rollups(std::span<const RollupRow> batch) {
  if (batch.empty()) return;
  std::string settings;
  if (batch.size() > kDefaultInsertBlock) settings = "max_insert_block_size=" + std::to_string(batch.size());
  std::lock_guard lock(rollup_mutex_);
  encode_rollups(batch, rollup_body_);
  client_.insert(insert_rollups_sql(), rollup_body_, settings);
}

std::vector<RollupPoint> ClickHouseHistoryStore::read_rollups(const RollupRange& range) {
  return parse_rollups(client_.query(select_rollups_sql(range)));
}

std::vector<KeyedRollupPoint> ClickHouseHistoryStore::read_rollup_kind(const RollupKindRange& range) {
  return parse_keyed_rollups(client_.query(select_rollup_kind_sql(range)));
}

std::vector<RollupTotal> ClickHouseHistoryStore::read_rollup_totals(const RollupKindRange& range) {
  return parse_rollup_totals(client_.query(select_rollup_totals_sql(range)));
}

uint64_t ClickHouseHistoryStore::enforce_rollup_retention(uint32_t max_days, uint32_t now) {
  if (max_days == 0) return 0;
  Retention retention;
  retention.max_days = max_days;
  return drop_old_partitions(client_, kRollupTable, retention, now);
}

ClientOptions clickhouse_client_options(std::string_view url, const std::filesystem::path& password_file,
                                        std::chrono::milliseconds timeout) {
  auto parsed = parse_clickhouse_url(url);
  if (!parsed)
    throw HistoryError(
        "the history URL is not clickhouse://[user@]host[:port]/database (database: letters, "
        "digits, underscore)");
  ClientOptions options;
  options.url = std::move(*parsed);
  options.password = read_password(password_file);
  options.timeout = timeout;
  return options;
}

std::unique_ptr<HistoryStore> make_clickhouse_store(std::string_view url,
                                                    const std::filesystem::path& password_file,
                                                    std::chrono::milliseconds timeout) {
  return std::make_unique<ClickHouseHistoryStore>(clickhouse_client_options(url, password_file, timeout));
}

}  // namespace netmeter::history::clickhouse
