#include "store/alert_repository_sql.hpp"

#include "store/alert_order.hpp"

namespace netmeter::store::alert_sql {

int Where::bind(Statement& stmt, int first) const {
  int i = first;
  for (const auto& a : args) {
    if (const auto* n = std::get_if<int64_t>(&a))
      stmt.bind(i++, *n);
    else
      stmt.bind(i++, std::get<std::string>(a));
  }
  return i;
}

Where where_of(const AlertFilter& f, bool time_in_order) {
  Where w;
  const std::string col = f.ip ? "+" : "";  // a host's alerts: found by id (see the header)
  const std::string time = f.ip || !time_in_order ? "+tstamp" : "tstamp";
  if (f.entity) w.add(col + "entity = ?", *f.entity);
  if (f.ifids) {
    if (f.ifids->empty()) {
      w.add("0");
    } else {
      std::string in = col + "ifid IN (";
      for (size_t i = 0; i < f.ifids->size(); ++i)
        in += i ? ",?" : "?";
      w.add(in + ")");
      for (int64_t id : *f.ifids)
        w.args.emplace_back(id);
    }
  }
  if (f.alert_id) w.add(col + "alert_id = ?", *f.alert_id);
  if (f.severity) w.add(col + "severity = ?", *f.severity);
  if (f.epoch_begin) w.add(time + " >= ?", *f.epoch_begin);
  if (f.epoch_end) w.add(time + " <= ?", *f.epoch_end);
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

std::string order_by(AlertRepository::SortColumn column, bool descending) {
  return alert_order_by(column, descending, {"max(0, tstamp_end - tstamp)", "id"});
}

}  // namespace netmeter::store::alert_sql
