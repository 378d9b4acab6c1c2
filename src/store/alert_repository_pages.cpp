// AlertRepository::list_page: a list page at any depth of a large store. The page's ids are read first,
// from an index that holds the filter's columns and the order (migration 8), so OFFSET walks index
// entries only; then the page's rows by id. A page in the far half is read in the opposite order from the
// other end (the order is strict, so it is the same page reversed): no page walks more than half.
#include <algorithm>

#include "store/alert_repository.hpp"
#include "store/alert_repository_sql.hpp"

namespace netmeter::store {

namespace {

Result<std::vector<int64_t>> page_ids(Connection& conn, const AlertFilter& filter,
                                      AlertRepository::SortColumn column, bool descending, int64_t offset,
                                      int64_t limit) {
  alert_sql::Where w = alert_sql::where_of(filter, column == AlertRepository::SortColumn::Time);
  auto stmt = conn.prepare("SELECT id FROM alerts" + w.sql + alert_sql::order_by(column, descending) +
                           " LIMIT ? OFFSET ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  int next = w.bind(*stmt);
  stmt->bind(next, limit).bind(next + 1, offset);
  std::vector<int64_t> ids;
  for (;;) {
    auto row = stmt->step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row) break;
    ids.push_back(stmt->column_int64(0));
  }
  return ids;
}

Result<std::vector<AlertRecord>> rows_by_id(Connection& conn, const std::vector<int64_t>& ids) {
  auto stmt = conn.prepare(std::string("SELECT ") + alert_sql::kColumns + " FROM alerts WHERE id = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  std::vector<AlertRecord> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    stmt->reset();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row) return unexpected(std::move(row).error());
    if (*row) out.push_back(alert_sql::read_row(*stmt));  // always: the connection is held throughout
  }
  return out;
}

}  // namespace

Result<AlertRepository::SortedPage> AlertRepository::list_page(const AlertFilter& filter, SortColumn column,
                                                               bool descending, int64_t offset,
                                                               int64_t limit) {
  auto total = count(filter);
  if (!total) return unexpected(std::move(total).error());
  SortedPage out{{}, *total};
  if (offset < 0 || limit <= 0 || offset >= out.matched) return out;
  limit = std::min(limit, out.matched - offset);
  const int64_t from_end = out.matched - offset - limit;  // the same page's offset in the opposite order
  const bool reverse = from_end < offset;
  auto ids = page_ids(conn_, filter, column, descending != reverse, reverse ? from_end : offset, limit);
  if (!ids) return unexpected(std::move(ids).error());
  if (reverse) std::reverse(ids->begin(), ids->end());
  auto rows = rows_by_id(conn_, *ids);
  if (!rows) return unexpected(std::move(rows).error());
  out.rows = std::move(*rows);
  return out;
}

}  // namespace netmeter::store
