#include "store/alert_repository.hpp"

#include <algorithm>
#include <variant>

namespace netmeter::store {

namespace {

constexpr const char* kColumns =
    "id, ifid, entity, alert_id, severity, score, tstamp, tstamp_end, acknowledged, ip, vlan_id, "
    "is_attacker, is_victim, value, threshold, flow_id, cli_ip, cli_port, srv_ip, srv_port, proto, "
    "l7_master_proto, l7_proto, flow_score, flow_risk, info";

/// A WHERE clause and its parameters, built from a filter (values are always bound, never spliced).
struct Where {
  std::string sql;
  std::vector<std::variant<int64_t, std::string>> args;

  void add(const char* condition) { sql += sql.empty() ? " WHERE " : " AND ", sql += condition; }
  template <typename T>
  void add(const char* condition, T value) {
    add(condition);
    args.emplace_back(std::move(value));
  }
  /// Binds the arguments from parameter `first` on; returns the next free index.
  int bind(Statement& stmt, int first = 1) const {
    int i = first;
    for (const auto& a : args) {
      if (const auto* n = std::get_if<int64_t>(&a))
        stmt.bind(i++, *n);
      else
        stmt.bind(i++, std::get<std::string>(a));
    }
    return i;
  }
};

Where where_of(const AlertFilter& f) {
  Where w;
  if (f.entity) w.add("entity = ?", *f.entity);
  if (f.ifids) {
    if (f.ifids->empty()) {
      w.add("0");
    } else {
      std::string in = "ifid IN (";
      for (size_t i = 0; i < f.ifids->size(); ++i)
        in += i ? ",?" : "?";
      in += ")";
      w.add(in.c_str());
      for (int64_t id : *f.ifids)
        w.args.emplace_back(id);
    }
  }
  if (f.alert_id) w.add("alert_id = ?", *f.alert_id);
  if (f.severity) w.add("severity = ?", *f.severity);
  if (f.epoch_begin) w.add("tstamp >= ?", *f.epoch_begin);
  if (f.epoch_end) w.add("tstamp <= ?", *f.epoch_end);
  if (f.ip) {  // one indexed lookup per column (migration 5), rather than an OR over every row
    w.add(
        "id IN (SELECT id FROM alerts WHERE ip = ? UNION ALL SELECT id FROM alerts WHERE cli_ip = ? "
        "UNION ALL SELECT id FROM alerts WHERE srv_ip = ?)",
        *f.ip);
    w.args.emplace_back(*f.ip);
    w.args.emplace_back(*f.ip);
  }
  if (f.row_id) w.add("id = ?", *f.row_id);
  if (f.acknowledged) w.add("acknowledged = ?", int64_t{*f.acknowledged});
  return w;
}

AlertRecord read_row(const Statement& s) {
  AlertRecord r;
  int c = 0;
  r.row_id = s.column_int64(c++);
  r.ifid = s.column_int64(c++);
  r.entity = s.column_int64(c++);
  r.alert_id = s.column_int64(c++);
  r.severity = s.column_int64(c++);
  r.score = s.column_int64(c++);
  r.tstamp = s.column_int64(c++);
  r.tstamp_end = s.column_int64(c++);
  r.acknowledged = s.column_int64(c++) != 0;
  r.ip = s.column_text(c++);
  r.vlan_id = s.column_int64(c++);
  r.is_attacker = s.column_int64(c++) != 0;
  r.is_victim = s.column_int64(c++) != 0;
  r.value = s.column_int64(c++);
  r.threshold = s.column_int64(c++);
  r.flow_id = s.column_int64(c++);
  r.cli_ip = s.column_text(c++);
  r.cli_port = s.column_int64(c++);
  r.srv_ip = s.column_text(c++);
  r.srv_port = s.column_int64(c++);
  r.proto = s.column_int64(c++);
  r.l7_master_proto = s.column_int64(c++);
  r.l7_proto = s.column_int64(c++);
  r.flow_score = s.column_int64(c++);
  r.flow_risk = s.column_int64(c++);
  r.info = s.column_text(c++);
  return r;
}

Result<int64_t> run_changes(Connection& conn, const std::string& sql, const Where& w) {
  auto stmt = conn.prepare(sql + w.sql);
  if (!stmt) return unexpected(std::move(stmt).error());
  w.bind(*stmt);
  if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
  return conn.changes();
}

Result<std::vector<AlertRecord>> read_rows(Statement& stmt) {
  std::vector<AlertRecord> out;
  for (;;) {
    auto row = stmt.step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row) break;
    out.push_back(read_row(stmt));
  }
  return out;
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

const char* sort_sql(AlertRepository::SortColumn c) {
  using C = AlertRepository::SortColumn;
  switch (c) {
    case C::Severity:
      return "severity";
    case C::Score:
      return "score";
    case C::AlertId:
      return "alert_id";
    case C::Duration:
      return "max(0, tstamp_end - tstamp)";
    case C::Ip:
      return "ip";
    case C::ClientIp:
      return "cli_ip";
    case C::ServerIp:
      return "srv_ip";
    case C::Time:
      break;
  }
  return "tstamp";
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
  return tx->commit();
}

Result<int64_t> AlertRepository::prune(int64_t max_days, int64_t max_count) {
  int64_t removed = 0;
  if (max_days > 0) {
    auto stmt = conn_.prepare(
        "DELETE FROM alerts WHERE tstamp < (SELECT max(newest.tstamp) FROM alerts AS newest "
        "WHERE newest.ifid = alerts.ifid) - ? * 86400");
    if (!stmt) return unexpected(std::move(stmt).error());
    stmt->bind(1, max_days);
    if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
    removed += conn_.changes();
  }
  if (max_count >= 0) {
    auto stmt = conn_.prepare(
        "DELETE FROM alerts WHERE id IN (SELECT id FROM alerts ORDER BY tstamp, id "
        "LIMIT max(0, (SELECT count(*) FROM alerts) - ?))");
    if (!stmt) return unexpected(std::move(stmt).error());
    stmt->bind(1, max_count);
    if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
    removed += conn_.changes();
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

Result<int64_t> AlertRepository::count(const AlertFilter& filter) {
  Where w = where_of(filter);
  auto stmt = conn_.prepare("SELECT count(*) FROM alerts" + w.sql);
  if (!stmt) return unexpected(std::move(stmt).error());
  w.bind(*stmt);
  auto row = stmt->step();
  if (!row) return unexpected(std::move(row).error());
  return *row ? stmt->column_int64(0) : 0;
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
  const char* dir = descending ? " DESC" : " ASC";
  std::string sql = std::string("SELECT ") + kColumns + " FROM alerts" + w.sql + " ORDER BY " +
                    sort_sql(column) + dir + ", id" + dir + " LIMIT ? OFFSET ?";
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
  w.add((col + " != ''").c_str());
  auto stmt = conn_.prepare("SELECT " + col + ", count(*) AS n FROM alerts" + w.sql +
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
