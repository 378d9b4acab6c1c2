#include "history/clickhouse/alert_schema.hpp"

#include <cstring>

#include "history/clickhouse/row_binary_encoder.hpp"
#include "history/history_store.hpp"
#include "history/query/sql_writer.hpp"
#include "store/alert_order.hpp"

namespace netmeter::history::clickhouse {
namespace {

constexpr std::string_view kColumns =
    "row_id, ifid, entity, alert_id, severity, score, tstamp, tstamp_end, acknowledged, ip, vlan_id, "
    "is_attacker, is_victim, value, threshold, flow_id, cli_ip, cli_port, srv_ip, srv_port, proto, "
    "l7_master_proto, l7_proto, flow_score, flow_risk, info";

void put_int(std::string& out, int64_t v) {
  char bytes[8];
  std::memcpy(bytes, &v, 8);  // little-endian (static_assert in row_binary_encoder.cpp)
  out.append(bytes, 8);
}

void put_flag(std::string& out, bool v) {
  out += static_cast<char>(v ? 1 : 0);
}

std::string text_of(const Value& cell) {
  const auto* text = std::get_if<std::string>(&cell);
  if (!text) throw HistoryError("ClickHouse answered an alert whose text column is not text");
  return *text;
}

}  // namespace

std::string create_alert_table_sql() {
  return "CREATE TABLE IF NOT EXISTS " + std::string(kAlertTable) +
         " (\n  row_id Int64,\n  ifid Int64,\n  entity Int64,\n  alert_id Int64,\n  severity Int64,\n"
         "  score Int64,\n  tstamp Int64,\n  tstamp_end Int64,\n  acknowledged UInt8,\n  ip String,\n"
         "  vlan_id Int64,\n  is_attacker UInt8,\n  is_victim UInt8,\n  value Int64,\n  threshold Int64,\n"
         "  flow_id Int64,\n  cli_ip String,\n  cli_port Int64,\n  srv_ip String,\n  srv_port Int64,\n"
         "  proto Int64,\n  l7_master_proto Int64,\n  l7_proto Int64,\n  flow_score Int64,\n"
         "  flow_risk Int64,\n  info String\n) ENGINE = MergeTree()\nPARTITION BY intDiv(tstamp, 86400)\n"
         "ORDER BY (ifid, entity, tstamp, row_id)\nSETTINGS index_granularity = 8192";
}

std::string insert_alerts_sql() {
  return "INSERT INTO " + std::string(kAlertTable) + " (" + std::string(kColumns) + ") FORMAT RowBinary";
}

void encode_alerts(std::span<const store::AlertRecord> alerts, std::string& out) {
  out.clear();
  for (const auto& a : alerts) {
    for (int64_t v : {a.row_id, a.ifid, a.entity, a.alert_id, a.severity, a.score, a.tstamp, a.tstamp_end})
      put_int(out, v);
    put_flag(out, a.acknowledged);
    put_row_binary_string(out, a.ip);
    put_int(out, a.vlan_id);
    put_flag(out, a.is_attacker);
    put_flag(out, a.is_victim);
    for (int64_t v : {a.value, a.threshold, a.flow_id})
      put_int(out, v);
    put_row_binary_string(out, a.cli_ip);
    put_int(out, a.cli_port);
    put_row_binary_string(out, a.srv_ip);
    for (int64_t v : {a.srv_port, a.proto, a.l7_master_proto, a.l7_proto, a.flow_score, a.flow_risk})
      put_int(out, v);
    put_row_binary_string(out, a.info);
  }
}

std::string_view alert_columns_sql() {
  return kColumns;
}

std::string alert_where_sql(const store::AlertFilter& f) {
  std::string sql;
  auto add = [&](const std::string& condition) { sql += (sql.empty() ? " WHERE " : " AND ") + condition; };
  auto number = [&](const char* column, const char* op, int64_t v) {
    add(std::string(column) + " " + op + " " + std::to_string(v));
  };
  if (f.entity) number("entity", "=", *f.entity);
  if (f.ifids) {
    std::string in;
    for (int64_t id : *f.ifids)
      in += (in.empty() ? "" : ", ") + std::to_string(id);
    add(in.empty() ? "0" : "ifid IN (" + in + ")");
  }
  if (f.alert_id) number("alert_id", "=", *f.alert_id);
  if (f.severity) number("severity", "=", *f.severity);
  if (f.epoch_begin) number("tstamp", ">=", *f.epoch_begin);
  if (f.epoch_end) number("tstamp", "<=", *f.epoch_end);
  if (f.ip) {
    const std::string ip = query::clickhouse_string(*f.ip);
    add("(ip = " + ip + " OR cli_ip = " + ip + " OR srv_ip = " + ip + ")");
  }
  if (f.row_id) number("row_id", "=", *f.row_id);
  if (f.acknowledged) number("acknowledged", "=", *f.acknowledged ? 1 : 0);
  return sql;
}

std::string alert_order_by_sql(store::AlertStore::SortColumn column, bool descending) {
  return store::alert_order_by(column, descending, {"greatest(tstamp_end - tstamp, toInt64(0))", "row_id"});
}

std::string limit_sql(int64_t offset, int64_t limit) {
  if (limit < 0) return offset > 0 ? " LIMIT " + std::to_string(offset) + ", 18446744073709551615" : "";
  return " LIMIT " + std::to_string(std::max<int64_t>(offset, 0)) + ", " + std::to_string(limit);
}

int64_t number_of(const Value& cell) {
  if (const auto* n = std::get_if<int64_t>(&cell)) return *n;
  if (const auto* n = std::get_if<uint64_t>(&cell)) return static_cast<int64_t>(*n);
  throw HistoryError("ClickHouse answered a number column that is not a number");
}

std::vector<store::AlertRecord> read_alerts(const ResultTable& table) {
  std::vector<store::AlertRecord> out;
  out.reserve(table.rows.size());
  for (const auto& row : table.rows) {
    if (row.size() != 26) throw HistoryError("ClickHouse answered an alert with another number of columns");
    store::AlertRecord r;
    size_t c = 0;
    auto n = [&] { return number_of(row[c++]); };
    auto t = [&] { return text_of(row[c++]); };
    r.row_id = n();
    r.ifid = n();
    r.entity = n();
    r.alert_id = n();
    r.severity = n();
    r.score = n();
    r.tstamp = n();
    r.tstamp_end = n();
    r.acknowledged = n() != 0;
    r.ip = t();
    r.vlan_id = n();
    r.is_attacker = n() != 0;
    r.is_victim = n() != 0;
    r.value = n();
    r.threshold = n();
    r.flow_id = n();
    r.cli_ip = t();
    r.cli_port = n();
    r.srv_ip = t();
    r.srv_port = n();
    r.proto = n();
    r.l7_master_proto = n();
    r.l7_proto = n();
    r.flow_score = n();
    r.flow_risk = n();
    r.info = t();
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace netmeter::history::clickhouse
