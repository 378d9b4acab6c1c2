#include "store/alert_repository.hpp"

#include <algorithm>

#include "store/alert_repository_sql.hpp"

namespace netmeter::store {

namespace {

using alert_sql::kColumns;
using alert_sql::read_row;
using alert_sql::read_rows;
using alert_sql::Where;
using alert_sql::where_of;

Result<int64_t> run_changes(Connection& conn, const std::string& sql, const Where& w) {
  auto stmt = conn.prepare(sql + w.sql);
  if (!stmt) return unexpected(std::move(stmt).error());
  w.bind(*stmt);
  if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
  return conn.changes();
}

/// The rows of a query whose three columns are integers, as `Row`s of three int64 fields.
template <typename Row>
Result<std::vector<Row>> read_counts(Statement& stmt) {
  std::vector<Row> out;
  for (;;) {
    auto row = stmt.step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row) break;
    out.push_back({stmt.column_int64(0), stmt.column_int64(1), stmt.column_int64(2)});
  }
  return out;
}

const char* address_sql(AlertRepository::AddressColumn c) {
  using C = AlertRepository::AddressColumn;
  return c == C::ClientIp ? "cli_ip" : c == C::ServerIp ? "srv_ip" : "ip";
}

}  // namespace

Status AlertRepository::insert(std::span<AlertRecord> alerts) {
  if (alerts.empty()) return {};
  auto tx = conn_.begin();
  if (!tx) return unexpected(std::move(tx).error());
  auto stmt = conn_.prepare(
      "INSERT INTO alerts (ifid, entity, alert_id, severity, score, tstamp, tstamp_end, acknowledged, ip, "
      "vlan_id, is_attacker, is_victim, value, threshold, flow_id, cli_ip, cli_port, srv_ip, srv_port, "
      "proto, "
      "l7_master_proto, l7_proto, flow_score, flow_risk, info) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return unexpected(std::move(stmt).error());
  for (auto& a : alerts) {
    stmt->reset();
    // In the column order of the INSERT above.
    int i = 0;
    auto bind = [&](const auto& value) { stmt->bind(++i, value); };
    for (int64_t v :
         {a.ifid, a.entity, a.alert_id, a.severity, a.score, a.tstamp, a.tstamp_end, int64_t{a.acknowledged}})
      bind(v);
    bind(std::string_view(a.ip));
    for (int64_t v :
         {a.vlan_id, int64_t{a.is_attacker}, int64_t{a.is_victim}, a.value, a.threshold, a.flow_id})
      bind(v);
    bind(std::string_view(a.cli_ip));
    bind(a.cli_port);
    bind(std::string_view(a.srv_ip));
    for (int64_t v : {a.srv_port, a.proto, a.l7_master_proto, a.l7_proto, a.flow_score, a.flow_risk})
      bind(v);
    bind(std::string_view(a.info));
    if (auto s = stmt->run(); !s) return s;
    a.row_id = conn_.last_insert_rowid();
  }
  if (auto s = count_inserted(alerts); !s) return s;
  return tx->commit();
}

Result<int64_t> AlertRepository::prune(int64_t max_days, int64_t max_count) {
  int64_t removed = 0;
  if (max_days > 0) {
    // Each interface's newest time is found once (one grouped pass), not once per row as a correlated
    // subquery would: that scanned the interface's alerts for every alert, at every flush of the sink.
    auto stmt = conn_.prepare(
        "DELETE FROM alerts WHERE id IN (SELECT a.id FROM alerts AS a JOIN "
        "(SELECT ifid, max(tstamp) AS newest FROM alerts GROUP BY ifid) AS n ON a.ifid = n.ifid "
        "WHERE a.tstamp < n.newest - ? * 86400)");
    if (!stmt) return unexpected(std::move(stmt).error());
    stmt->bind(1, max_days);
    if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
    removed += conn_.changes();
  }
  if (max_count >= 0) {
    auto count = conn_.prepare("SELECT count(*) FROM alerts");
    if (!count) return unexpected(std::move(count).error());
    auto row = count->step();
    if (!row) return unexpected(std::move(row).error());
    int64_t excess = *row ? count->column_int64(0) - max_count : 0;
    if (excess > 0) {  // the oldest go; nothing is sorted while the store is within its bound
      auto stmt =
          conn_.prepare("DELETE FROM alerts WHERE id IN (SELECT id FROM alerts ORDER BY tstamp, id LIMIT ?)");
      if (!stmt) return unexpected(std::move(stmt).error());
      stmt->bind(1, excess);
      if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
      removed += conn_.changes();
    }
  }
  return removed;
}

Result<std::vector<AlertRecord>> AlertRepository::list(const AlertFilter& filter, const AlertPage& page) {
  Where w = where_of(filter);
  std::string sql = std::string("SELECT ") + kColumns + " FROM alerts" + w.sql +
                    (page.newest_first ? " ORDER BY tstamp DESC, id DESC" : " ORDER BY tstamp, id") +
                    " LIMIT ? OFFSET ?";
  auto stmt = conn_.prepare(sql);
  if (!stmt) return unexpected(std::move(stmt).error());
  int next = w.bind(*stmt);
  stmt->bind(next, page.limit).bind(next + 1, page.offset);
  std::vector<AlertRecord> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row) break;
    out.push_back(read_row(*stmt));
  }
  return out;
}

Result<std::vector<AlertRepository::GroupCount>> AlertRepository::count_by(GroupBy group,
                                                                           const AlertFilter& filter) {
  Where w = where_of(filter);
  const char* columns = group == GroupBy::AlertId ? "entity, alert_id" : "0, severity";
  auto stmt = conn_.prepare(std::string("SELECT ") + columns + ", count(*) AS n FROM alerts" + w.sql +
                            " GROUP BY 1, 2 ORDER BY n DESC, 1, 2");
  if (!stmt) return unexpected(std::move(stmt).error());
  w.bind(*stmt);
  return read_counts<GroupCount>(*stmt);
}

Result<int64_t> AlertRepository::acknowledge(const AlertFilter& filter) {
  Where w = where_of(filter);
  w.add("acknowledged = 0");
  return run_changes(conn_, "UPDATE alerts SET acknowledged = 1", w);
}

Result<int64_t> AlertRepository::remove(const AlertFilter& filter) {
  return run_changes(conn_, "DELETE FROM alerts", where_of(filter));
}

Result<std::vector<AlertRecord>> AlertRepository::list_sorted(const AlertFilter& filter, SortColumn column,
                                                              bool descending, int64_t offset,
                                                              int64_t limit) {
  Where w = where_of(filter);
  std::string sql = std::string("SELECT ") + kColumns + " FROM alerts" + w.sql +
                    alert_sql::order_by(column, descending) + " LIMIT ? OFFSET ?";
  auto stmt = conn_.prepare(sql);
  if (!stmt) return unexpected(std::move(stmt).error());
  int next = w.bind(*stmt);
  stmt->bind(next, limit).bind(next + 1, offset);
  return read_rows(*stmt);
}

Result<std::vector<AlertRepository::SlotCount>> AlertRepository::count_by_time(const AlertFilter& filter,
                                                                               int64_t slot_width) {
  Where w = where_of(filter);
  auto stmt = conn_.prepare("SELECT severity, tstamp - tstamp % ? AS slot, count(*) FROM alerts" + w.sql +
                            " GROUP BY 1, 2 ORDER BY 2, 1");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, std::max<int64_t>(slot_width, 1));
  w.bind(*stmt, 2);
  return read_counts<SlotCount>(*stmt);
}

Result<std::vector<AlertRepository::AddressCount>> AlertRepository::count_by_address(
    AddressColumn column, const AlertFilter& filter) {
  Where w = where_of(filter);
  const std::string col = address_sql(column);
  w.add(col + " != ''");
  // `+col`: grouped in a temporary tree over the interface's alerts, not by walking every alert in the
  // address index's order (each a row lookup) to skip the sort.
  auto stmt = conn_.prepare("SELECT +" + col + ", count(*) AS n FROM alerts" + w.sql +
                            " GROUP BY 1 ORDER BY n DESC, 1");
  if (!stmt) return unexpected(std::move(stmt).error());
  w.bind(*stmt);
  std::vector<AddressCount> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row) break;
    out.push_back({stmt->column_text(0), stmt->column_int64(1)});
  }
  return out;
}

Result<int64_t> AlertRepository::count_alerted_flows(const AlertFilter& filter, const std::string& ip,
                                                     bool as_client) {
  Where w = where_of(filter);
  w.add("entity = 4");
  w.add(as_client ? "cli_ip = ?" : "srv_ip = ?", ip);
  auto stmt = conn_.prepare("SELECT count(DISTINCT flow_id) FROM alerts" + w.sql);
  if (!stmt) return unexpected(std::move(stmt).error());
  w.bind(*stmt);
  auto row = stmt->step();
  if (!row) return unexpected(std::move(row).error());
  return *row ? stmt->column_int64(0) : 0;
}

Result<std::vector<AlertRepository::TypeSeverityCount>> AlertRepository::count_by_type_severity(
    const AlertFilter& filter) {
  Where w = where_of(filter);
  auto stmt = conn_.prepare("SELECT entity, alert_id, severity, count(*) FROM alerts" + w.sql +
                            " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
  if (!stmt) return unexpected(std::move(stmt).error());
  w.bind(*stmt);
  std::vector<TypeSeverityCount> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row) break;
    out.push_back(
        {stmt->column_int64(0), stmt->column_int64(1), stmt->column_int64(2), stmt->column_int64(3)});
  }
  return out;
}

}  // namespace netmeter::store
