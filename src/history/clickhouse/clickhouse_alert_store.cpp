#include "history/clickhouse/clickhouse_alert_store.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <thread>
#include <unordered_map>

#include "history/clickhouse/alert_schema.hpp"
#include "history/clickhouse/clickhouse_history_store.hpp"
#include "history/clickhouse/flow_schema.hpp"
#include "history/clickhouse/tsv_result_parser.hpp"
#include "history/history_store.hpp"
#include "history/query/sql_writer.hpp"

namespace netmeter::history::clickhouse {
namespace {

constexpr int64_t kDay = 86400;
/// Pages up to this size are read as ids, then rows (the id list stays far below max_query_size).
constexpr int64_t kPageIdsAtMost = 1000;

/// `run()`'s value, or its exception (HistoryError: ClickHouse's cleaned message, never a path) as a
/// store error: the API answers "cannot read the alert store" as for SQLite.
template <typename F>
auto guarded(F&& run) -> store::Result<decltype(run())> {
  try {
    return run();
  } catch (const std::exception& e) {
    return store::unexpected(store::Error{0, e.what()});
  }
}

const char* address_sql(store::AlertStore::AddressColumn c) {
  using C = store::AlertStore::AddressColumn;
  return c == C::ClientIp ? "cli_ip" : c == C::ServerIp ? "srv_ip" : "ip";
}

std::string from_alerts(const std::string& where) {
  return " FROM " + std::string(kAlertTable) + where;
}

}  // namespace

ClickHouseAlertStore::ClickHouseAlertStore(ClientOptions options, std::chrono::milliseconds mutation_timeout)
    : client_(std::move(options)), mutation_timeout_(mutation_timeout) {
  client_.statement(create_database_sql(client_.url().database), false);
  client_.statement(create_alert_table_sql());
  next_row_id_ = single_number("SELECT max(row_id)" + from_alerts("")) + 1;
}

ResultTable ClickHouseAlertStore::query_table(const std::string& sql) {
  return parse_tsv_with_names_and_types(client_.query(sql + " FORMAT TabSeparatedWithNamesAndTypes"), {});
}

int64_t ClickHouseAlertStore::single_number(const std::string& sql) {
  const ResultTable table = query_table(sql);
  if (table.rows.size() != 1 || table.rows[0].size() != 1)
    throw HistoryError("ClickHouse answered a count with another shape");
  return number_of(table.rows[0][0]);
}

std::vector<store::AlertRecord> ClickHouseAlertStore::rows(const store::AlertFilter& filter,
                                                           const std::string& order, int64_t offset,
                                                           int64_t limit) {
  if (limit == 0) return {};
  const std::string where = alert_where_sql(filter);
  const std::string columns = "SELECT " + std::string(alert_columns_sql()) + from_alerts(where);
  if (limit < 0 || limit > kPageIdsAtMost)
    return read_alerts(query_table(columns + order + limit_sql(offset, limit)));
  // A page: its ids first, sorting only the order's columns (not all 26 for every matching alert), then
  // its rows by id, in the ids' order.
  std::vector<int64_t> ids;
  for (const auto& row :
       query_table("SELECT row_id" + from_alerts(where) + order + limit_sql(offset, limit)).rows)
    ids.push_back(number_of(row.at(0)));
  if (ids.empty()) return {};
  std::string in;
  for (int64_t id : ids)
    in += (in.empty() ? "" : ", ") + std::to_string(id);
  std::vector<store::AlertRecord> found =
      read_alerts(query_table(columns + (where.empty() ? " WHERE " : " AND ") + "row_id IN (" + in + ")"));
  std::unordered_map<int64_t, size_t> position;
  for (size_t i = 0; i < ids.size(); ++i)
    position.emplace(ids[i], i);
  std::vector<std::optional<store::AlertRecord>> ordered(ids.size());
  for (auto& r : found)
    if (auto it = position.find(r.row_id); it != position.end()) ordered[it->second] = std::move(r);
  std::vector<store::AlertRecord> out;
  out.reserve(ids.size());
  for (auto& r : ordered)
    if (r) out.push_back(std::move(*r));  // one deleted in between is left out, as SQLite's rows by id do
  return out;
}

void ClickHouseAlertStore::mutate(const std::string& sql) {
  client_.statement(sql);
  // 18.16 has no mutations_sync: poll until every mutation of the table is done. Writes are serialised,
  // so the one just started is the only one this waits for.
  const std::string pending = "SELECT count() FROM system.mutations WHERE database = '" +
                              client_.url().database + "' AND table = '" + std::string(kAlertTable) +
                              "' AND is_done = 0";
  const auto deadline = std::chrono::steady_clock::now() + mutation_timeout_;
  auto pause = std::chrono::milliseconds(2);
  while (single_number(pending) != 0) {
    if (std::chrono::steady_clock::now() >= deadline)
      throw HistoryError("ClickHouse did not finish changing the alerts in time");
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(100));
  }
}

store::Status ClickHouseAlertStore::insert(std::span<store::AlertRecord> alerts) {
  if (alerts.empty()) return {};
  auto done = guarded([&] {
    std::lock_guard lock(write_mutex_);
    for (auto& a : alerts)
      a.row_id = next_row_id_++;
    encode_alerts(alerts, body_);
    client_.insert(insert_alerts_sql(), body_);
    return true;
  });
  if (!done) return store::unexpected(std::move(done).error());
  return {};
}

int64_t ClickHouseAlertStore::prune_days(int64_t max_days) {
  // Per day partition, how many alerts are still within max_days of their interface's newest alert.
  const ResultTable days = query_table(
      "SELECT intDiv(tstamp, 86400) AS day, countIf(tstamp >= newest - " + std::to_string(max_days * kDay) +
      ") AS kept, count() AS n" + from_alerts("") + " ALL INNER JOIN (SELECT ifid, max(tstamp) AS newest" +
      from_alerts("") + " GROUP BY ifid) USING ifid GROUP BY day ORDER BY day");
  int64_t removed = 0;
  for (const auto& row : days.rows) {
    if (row.size() != 3 || number_of(row[1]) != 0) continue;
    // The partition value is a number ClickHouse gave, never client text.
    client_.statement("ALTER TABLE " + std::string(kAlertTable) + " DROP PARTITION " +
                      std::to_string(number_of(row[0])));
    removed += number_of(row[2]);
  }
  return removed;
}

int64_t ClickHouseAlertStore::prune_count(int64_t max_count) {
  const int64_t excess = single_number("SELECT count()" + from_alerts("")) - max_count;
  if (excess <= 0) return 0;  // nothing is sorted while the store is within its bound
  // The last alert that goes (oldest first, by time then row id): everything up to it goes.
  const ResultTable last = query_table("SELECT tstamp, row_id" + from_alerts("") +
                                       " ORDER BY tstamp, row_id" + limit_sql(excess - 1, 1));
  if (last.rows.size() != 1 || last.rows[0].size() != 2)
    throw HistoryError("ClickHouse answered the oldest alerts with another shape");
  const int64_t tstamp = number_of(last.rows[0][0]), row_id = number_of(last.rows[0][1]);
  // Whole days before that alert's day go as partitions; its own day by a mutation.
  const ResultTable days =
      query_table("SELECT intDiv(tstamp, 86400) AS day, count() AS n" + from_alerts("") +
                  " GROUP BY day HAVING day < " + std::to_string(tstamp / kDay) + " ORDER BY day");
  int64_t dropped = 0;
  for (const auto& row : days.rows) {
    client_.statement("ALTER TABLE " + std::string(kAlertTable) + " DROP PARTITION " +
                      std::to_string(number_of(row.at(0))));
    dropped += number_of(row.at(1));
  }
  if (dropped < excess)
    mutate("ALTER TABLE " + std::string(kAlertTable) + " DELETE WHERE tstamp < " + std::to_string(tstamp) +
           " OR (tstamp = " + std::to_string(tstamp) + " AND row_id <= " + std::to_string(row_id) + ")");
  return excess;
}

store::Result<int64_t> ClickHouseAlertStore::prune(int64_t max_days, int64_t max_count) {
  return guarded([&] {
    std::lock_guard lock(write_mutex_);
    int64_t removed = 0;
    if (max_days > 0) removed += prune_days(max_days);
    if (max_count >= 0) removed += prune_count(max_count);
    return removed;
  });
}

store::Result<std::vector<store::AlertRecord>> ClickHouseAlertStore::list(const store::AlertFilter& filter,
                                                                          const store::AlertPage& page) {
  return guarded([&] {
    return rows(filter, page.newest_first ? " ORDER BY tstamp DESC, row_id DESC" : " ORDER BY tstamp, row_id",
                page.offset, page.limit);
  });
}

store::Result<int64_t> ClickHouseAlertStore::count(const store::AlertFilter& filter) {
  return guarded([&] { return single_number("SELECT count()" + from_alerts(alert_where_sql(filter))); });
}

store::Result<std::vector<store::AlertStore::GroupCount>> ClickHouseAlertStore::count_by(
    GroupBy group, const store::AlertFilter& filter) {
  return guarded([&] {
    const std::string sql =
        group == GroupBy::AlertId
            ? "SELECT entity, alert_id, count() AS n" + from_alerts(alert_where_sql(filter)) +
                  " GROUP BY entity, alert_id ORDER BY n DESC, entity, alert_id"
            : "SELECT toInt64(0), severity, count() AS n" + from_alerts(alert_where_sql(filter)) +
                  " GROUP BY severity ORDER BY n DESC, severity";
    std::vector<GroupCount> out;
    for (const auto& row : query_table(sql).rows)
      out.push_back({number_of(row.at(0)), number_of(row.at(1)), number_of(row.at(2))});
    return out;
  });
}

store::Result<int64_t> ClickHouseAlertStore::acknowledge(const store::AlertFilter& filter) {
  return guarded([&] {
    std::lock_guard lock(write_mutex_);
    std::string where = alert_where_sql(filter);
    where += (where.empty() ? " WHERE " : " AND ") + std::string("acknowledged = 0");
    const int64_t n = single_number("SELECT count()" + from_alerts(where));
    if (n > 0) mutate("ALTER TABLE " + std::string(kAlertTable) + " UPDATE acknowledged = 1" + where);
    return n;
  });
}

store::Result<int64_t> ClickHouseAlertStore::remove(const store::AlertFilter& filter) {
  return guarded([&] {
    std::lock_guard lock(write_mutex_);
    std::string where = alert_where_sql(filter);
    const int64_t n = single_number("SELECT count()" + from_alerts(where));
    if (n > 0)
      mutate("ALTER TABLE " + std::string(kAlertTable) + " DELETE" + (where.empty() ? " WHERE 1" : where));
    return n;
  });
}

store::Result<std::vector<store::AlertRecord>> ClickHouseAlertStore::list_sorted(
    const store::AlertFilter& filter, SortColumn column, bool descending, int64_t offset, int64_t limit) {
  return guarded([&] { return rows(filter, alert_order_by_sql(column, descending), offset, limit); });
}

store::Result<store::AlertStore::SortedPage> ClickHouseAlertStore::list_page(const store::AlertFilter& filter,
                                                                             SortColumn column,
                                                                             bool descending, int64_t offset,
                                                                             int64_t limit) {
  return guarded([&] {
    SortedPage out;
    out.matched = single_number("SELECT count()" + from_alerts(alert_where_sql(filter)));
    if (offset < 0 || limit <= 0 || offset >= out.matched) return out;
    limit = std::min(limit, out.matched - offset);
    // A page in the far half is the same page of the opposite order, from the other end: ClickHouse
    // sorts at most half of the matching alerts (the order is strict: the same page reversed).
    const int64_t from_end = out.matched - offset - limit;
    const bool reverse = from_end < offset;
    out.rows =
        rows(filter, alert_order_by_sql(column, descending != reverse), reverse ? from_end : offset, limit);
    if (reverse) std::reverse(out.rows.begin(), out.rows.end());
    return out;
  });
}

store::Result<std::vector<store::AlertStore::SlotCount>> ClickHouseAlertStore::count_by_time(
    const store::AlertFilter& filter, int64_t slot_width) {
  return guarded([&] {
    const std::string width = std::to_string(std::max<int64_t>(slot_width, 1));
    std::vector<SlotCount> out;
    for (const auto& row : query_table("SELECT severity, toInt64(tstamp - tstamp % " + width +
                                       ") AS slot, count()" + from_alerts(alert_where_sql(filter)) +
                                       " GROUP BY severity, slot ORDER BY slot, severity")
                               .rows)
      out.push_back({number_of(row.at(0)), number_of(row.at(1)), number_of(row.at(2))});
    return out;
  });
}

store::Result<std::vector<store::AlertStore::AddressCount>> ClickHouseAlertStore::count_by_address(
    AddressColumn column, const store::AlertFilter& filter) {
  return guarded([&] {
    const std::string col = address_sql(column);
    std::string where = alert_where_sql(filter);
    where += (where.empty() ? " WHERE " : " AND ") + col + " != ''";
    std::vector<AddressCount> out;
    for (const auto& row : query_table("SELECT " + col + " AS address, count() AS n" + from_alerts(where) +
                                       " GROUP BY address ORDER BY n DESC, address")
                               .rows) {
      const auto* text = std::get_if<std::string>(&row.at(0));
      if (!text) throw HistoryError("ClickHouse answered an address that is not text");
      out.push_back({*text, number_of(row.at(1))});
    }
    return out;
  });
}

store::Result<std::vector<store::AlertStore::TypeSeverityCount>> ClickHouseAlertStore::count_by_type_severity(
    const store::AlertFilter& filter) {
  return guarded([&] {
    std::vector<TypeSeverityCount> out;
    for (const auto& row :
         query_table("SELECT entity, alert_id, severity, count()" + from_alerts(alert_where_sql(filter)) +
                     " GROUP BY entity, alert_id, severity ORDER BY entity, alert_id, severity")
             .rows)
      out.push_back({number_of(row.at(0)), number_of(row.at(1)), number_of(row.at(2)), number_of(row.at(3))});
    return out;
  });
}

store::Result<int64_t> ClickHouseAlertStore::count_alerted_flows(const store::AlertFilter& filter,
                                                                 const std::string& ip, bool as_client) {
  return guarded([&] {
    std::string where = alert_where_sql(filter);
    where += (where.empty() ? " WHERE " : " AND ") + std::string("entity = 4 AND ") +
             (as_client ? "cli_ip = " : "srv_ip = ") + query::clickhouse_string(ip);
    return single_number("SELECT uniqExact(flow_id)" + from_alerts(where));
  });
}

std::unique_ptr<store::AlertStore> make_clickhouse_alert_store(std::string_view url,
                                                               const std::filesystem::path& password_file,
                                                               std::chrono::milliseconds timeout) {
  return std::make_unique<ClickHouseAlertStore>(clickhouse_client_options(url, password_file, timeout));
}

}  // namespace netmeter::history::clickhouse
