// AlertRepository::count: how many alerts match (a list's recordsFiltered). The table alert_counts
// (migration 8; kept by triggers on delete and update, and since migration 10 by count_inserted on insert)
// holds the count per interface, entity, type, severity and hour of packet
// time: a filter on those columns and a time range sums the whole hours of the range there and counts
// the alerts of the partial hours at its ends in the index (at most two hours' alerts), rather than
// walking every matching alert. Any other filter (host, row id, acknowledged) counts the rows.
#include <array>
#include <cstdint>
#include <limits>
#include <map>

#include "store/alert_repository.hpp"
#include "store/alert_repository_sql.hpp"

namespace netmeter::store {

namespace {

constexpr int64_t kHour = 3600;

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - (a % b != 0 && a < 0);
}

Result<int64_t> single_number(Connection& conn, const std::string& sql, const alert_sql::Where& w,
                              const std::vector<int64_t>& more = {}) {
  auto stmt = conn.prepare(sql + w.sql);
  if (!stmt) return unexpected(std::move(stmt).error());
  int next = w.bind(*stmt);
  for (int64_t v : more)
    stmt->bind(next++, v);
  auto row = stmt->step();
  if (!row) return unexpected(std::move(row).error());
  return *row ? stmt->column_int64(0) : 0;
}

Result<int64_t> count_rows(Connection& conn, const AlertFilter& filter) {
  return single_number(conn, "SELECT count(*) FROM alerts", alert_sql::where_of(filter));
}

/// The alerts of hours [first, last] matching the filter's interface, entity, type and severity.
Result<int64_t> sum_hours(Connection& conn, AlertFilter filter, int64_t first, int64_t last) {
  filter.epoch_begin.reset();
  filter.epoch_end.reset();
  alert_sql::Where w = alert_sql::where_of(filter);  // columns alert_counts has too
  w.add("hour >= ?", first);
  w.add("hour <= ?", last);
  return single_number(conn, "SELECT coalesce(sum(n), 0) FROM alert_counts", w);
}

}  // namespace

Status AlertRepository::count_inserted(std::span<const AlertRecord> alerts) {
  // Migration 10 replaced the insert trigger by this: with a trigger, every INSERT was a multi-row change
  // that SQLite journals page by page for a statement rollback, the largest part of an alert's cost.
  std::map<std::array<int64_t, 5>, int64_t> counts;
  for (const AlertRecord& a : alerts)
    ++counts[{a.ifid, a.entity, floor_div(a.tstamp, kHour), a.alert_id, a.severity}];
  auto stmt = conn_.prepare(
      "INSERT INTO alert_counts VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + "
      "excluded.n");
  if (!stmt) return unexpected(std::move(stmt).error());
  for (const auto& [key, n] : counts) {
    stmt->reset();
    int i = 0;
    for (int64_t v : key)
      stmt->bind(++i, v);
    stmt->bind(++i, n);
    if (auto s = stmt->run(); !s) return s;
  }
  return {};
}

Result<int64_t> AlertRepository::count(const AlertFilter& filter) {
  if (filter.ip || filter.row_id || filter.acknowledged) return count_rows(conn_, filter);
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min(), kMax = std::numeric_limits<int64_t>::max();
  const int64_t begin = filter.epoch_begin.value_or(kMin), end = filter.epoch_end.value_or(kMax);
  if (begin > end) return int64_t{0};
  const bool from_start = begin<kMin + kHour, to_end = end> kMax - kHour;         // unbounded sides
  const int64_t first = from_start ? kMin : floor_div(begin + kHour - 1, kHour);  // first whole hour
  const int64_t last = to_end ? kMax : floor_div(end + 1, kHour) - 1;             // last whole hour
  if (first > last) return count_rows(conn_, filter);
  auto whole = sum_hours(conn_, filter, first, last);
  if (!whole) return whole;
  int64_t total = *whole;
  auto add_edge = [&](int64_t from, int64_t to) -> Status {
    AlertFilter edge = filter;
    edge.epoch_begin = from;
    edge.epoch_end = to;
    auto n = count_rows(conn_, edge);
    if (!n) return unexpected(std::move(n).error());
    total += *n;
    return {};
  };
  if (!from_start && begin < first * kHour)
    if (auto s = add_edge(begin, first * kHour - 1); !s) return unexpected(std::move(s).error());
  if (!to_end && (last + 1) * kHour <= end)
    if (auto s = add_edge((last + 1) * kHour, end); !s) return unexpected(std::move(s).error());
  return total;
}

}  // namespace netmeter::store
