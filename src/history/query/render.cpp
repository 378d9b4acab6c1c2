#include "history/query/render.hpp"

namespace netmeter::history::query {
namespace {

constexpr std::string_view kTable = "flows";

void render_value_expr(const ValueExpr& e, SqlWriter& out) {
  const bool sqlite = out.dialect() == SqlDialect::Sqlite;
  if (e.aggregate == Aggregate::None) {
    out.identifier(column_at(*e.column).name);
    return;
  }
  if (e.aggregate == Aggregate::Count && !e.column) {
    out.raw("COUNT(*)");
    return;
  }
  // SQLite's SUM of no rows is NULL, ClickHouse's 0: answer 0 on both.
  const bool coalesce = sqlite && e.aggregate == Aggregate::Sum;
  if (coalesce) out.raw("COALESCE(");
  out.raw(aggregate_name(e.aggregate)).raw("(");
  if (e.aggregate == Aggregate::CountDistinct) out.raw("DISTINCT ");
  out.identifier(column_at(*e.column).name).raw(")");
  if (coalesce) out.raw(", 0)");
}

// ClickHouse answers times as numbers and IPv6 addresses as hex (see render.hpp).
void render_answer_column(const ValueExpr& e, SqlWriter& out) {
  const ColumnType type = answer_type(e);
  const bool wrap = out.dialect() == SqlDialect::ClickHouse &&
                    (type == ColumnType::DateTime || type == ColumnType::Ipv6) && e.column.has_value();
  if (wrap) out.raw(type == ColumnType::DateTime ? "toUInt32(" : "hex(");
  render_value_expr(e, out);
  if (wrap) out.raw(")");
}

void render_time_value(uint32_t t, SqlWriter& out) {
  out.value(Value{uint64_t{t}}, ColumnType::DateTime);
}

// ntopng's window: flows that began at or after `begin` and ended by `end`
// (FIRST_SEEN >= begin AND FIRST_SEEN <= end AND LAST_SEEN <= end).
void render_conditions(const FlowQuery& q, SqlWriter& out) {
  bool first = true;
  auto next = [&]() {
    out.raw(first ? " WHERE " : " AND ");
    first = false;
  };
  if (q.begin_time) {
    next();
    out.identifier("FIRST_SEEN").raw(" >= ");
    render_time_value(*q.begin_time, out);
  }
  if (q.end_time) {
    next();
    out.identifier("FIRST_SEEN").raw(" <= ");
    render_time_value(*q.end_time, out);
    out.raw(" AND ").identifier("LAST_SEEN").raw(" <= ");
    render_time_value(*q.end_time, out);
  }
  if (q.interface_id) {
    next();
    out.identifier("INTERFACE_ID").raw(" = ").value(Value{uint64_t{*q.interface_id}}, ColumnType::UInt16);
  }
  if (q.where) {
    next();
    render_predicate(*q.where, out);
  }
}

void render_tail(const FlowQuery& q, SqlWriter& out) {
  for (size_t i = 0; i < q.group_by.size(); ++i) {
    out.raw(i ? ", " : " GROUP BY ");
    out.identifier(column_at(q.group_by[i]).name);
  }
  for (size_t i = 0; i < q.order_by.size(); ++i) {
    out.raw(i ? ", " : " ORDER BY ");
    render_value_expr(q.order_by[i].expr, out);
    out.raw(q.order_by[i].descending ? " DESC" : " ASC");
  }
  out.raw(" LIMIT ").value(Value{uint64_t{q.limit}}, ColumnType::UInt32);
}

}  // namespace

RenderedQuery render(const FlowQuery& query, SqlDialect dialect) {
  SqlWriter out(dialect);
  RenderedQuery r;
  out.raw("SELECT ");
  for (size_t i = 0; i < query.select.size(); ++i) {
    if (i) out.raw(", ");
    render_answer_column(query.select[i].expr, out);
    r.column_names.push_back(query.select[i].name);
    r.column_types.push_back(answer_type(query.select[i].expr));
  }
  out.raw(" FROM ").identifier(kTable);
  render_conditions(query, out);
  render_tail(query, out);
  r.sql = out.take_sql();
  r.params = out.take_params();
  return r;
}

}  // namespace netmeter::history::query
