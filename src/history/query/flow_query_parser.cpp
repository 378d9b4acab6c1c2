#include "history/query/flow_query_parser.hpp"

#include <algorithm>
#include <utility>

#include "filter/text.hpp"
#include "history/query/list_parsers.hpp"
#include "history/query/where_parser.hpp"

namespace netmeter::history::query {
namespace {

bool blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

ParsedQuery failure(ClauseError error) {
  ParsedQuery r;
  r.error = std::move(error);
  return r;
}

// Digits only; `cap` for anything larger (also past 64 bits).
std::optional<uint64_t> digits_capped(std::string_view text, uint64_t cap) {
  if (text.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    if (v <= cap) v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return std::min(v, cap);
}

std::optional<ClauseError> parse_maxhits(std::string_view text, FlowQuery& q) {
  if (blank(text)) return std::nullopt;
  const auto v = digits_capped(filter::trim_blanks(text), kMaxHitsCap);
  if (!v)
    return ClauseError{"maxhits_clause", 0,
                       "expected a whole number of rows, found " + quote_for_error(text)};
  if (*v == 0) return ClauseError{"maxhits_clause", 0, "must be at least 1"};
  q.limit = static_cast<uint32_t>(*v);
  return std::nullopt;
}

std::optional<ClauseError> parse_time(std::string_view text, const char* clause,
                                      std::optional<uint32_t>& out) {
  if (blank(text)) return std::nullopt;
  constexpr uint64_t kMax = 0xFFFFFFFFULL;
  const auto v = digits_capped(filter::trim_blanks(text), kMax + 1);
  if (!v || *v > kMax)
    return ClauseError{clause, 0, "expected epoch seconds (0 to 4294967295), found " + quote_for_error(text)};
  out = static_cast<uint32_t>(*v);
  return std::nullopt;
}

bool grouped(const FlowQuery& q, const ValueExpr& e) {
  if (e.aggregate != Aggregate::None) return true;
  return std::find(q.group_by.begin(), q.group_by.end(), *e.column) != q.group_by.end();
}

// Aggregates mixed with ungrouped columns, duplicate names and duplicate group columns.
std::optional<ClauseError> check_consistency(const FlowQuery& q) {
  for (size_t i = 0; i < q.group_by.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (q.group_by[i] == q.group_by[j])
        return ClauseError{"group_by_clause", 0,
                           "column " + std::string(column_at(q.group_by[i]).name) + " twice"};
  for (size_t i = 0; i < q.select.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (q.select[i].name == q.select[j].name)
        return ClauseError{
            "select_clause", 0,
            "two answer columns named " + quote_for_error(q.select[i].name) + " (give one an alias)"};
  if (!q.aggregating()) {
    for (const OrderItem& o : q.order_by)
      if (o.expr.aggregate != Aggregate::None)
        return ClauseError{"order_by_clause", 0,
                           "an aggregate orders grouped rows only: add group_by_clause or an aggregate to "
                           "select_clause"};
    return std::nullopt;
  }
  for (const SelectItem& s : q.select)
    if (!grouped(q, s.expr))
      return ClauseError{
          "select_clause", 0,
          "column " + std::string(column_at(*s.expr.column).name) +
              " must be in group_by_clause or inside an aggregate (sum, count, avg, min, max)"};
  for (const OrderItem& o : q.order_by)
    if (!grouped(q, o.expr))
      return ClauseError{"order_by_clause", 0,
                         "column " + std::string(column_at(*o.expr.column).name) +
                             " must be in group_by_clause or inside an aggregate to order grouped rows"};
  return std::nullopt;
}

std::optional<ClauseError> too_long(const FlowClauses& c) {
  const std::pair<const char*, std::string_view> all[] = {
      {"select_clause", c.select},     {"where_clause", c.where},     {"group_by_clause", c.group_by},
      {"order_by_clause", c.order_by}, {"maxhits_clause", c.maxhits}, {"begin_time_clause", c.begin_time},
      {"end_time_clause", c.end_time}};
  for (const auto& [name, text] : all)
    if (text.size() > kMaxClauseLength)
      return ClauseError{name, 0, "longer than " + std::to_string(kMaxClauseLength) + " bytes"};
  return std::nullopt;
}

// Parses the clauses into `q`; the first error, if any.
std::optional<ClauseError> parse_into(const FlowClauses& c, FlowQuery& q) {
  if (auto e = too_long(c)) return e;
  auto select = parse_select(blank(c.select) ? std::string_view("*") : c.select);
  if (!select.items) return select.error;
  q.select = std::move(*select.items);
  if (!blank(c.where)) {
    auto where = parse_where(c.where);
    if (!where.predicate) return where.error;
    q.where = std::move(where.predicate);
  }
  if (!blank(c.group_by)) {
    auto group = parse_group_by(c.group_by, q.select);
    if (!group.items) return group.error;
    q.group_by = std::move(*group.items);
  }
  if (!blank(c.order_by)) {
    auto order = parse_order_by(c.order_by, q.select);
    if (!order.items) return order.error;
    q.order_by = std::move(*order.items);
  }
  if (auto e = parse_maxhits(c.maxhits, q)) return e;
  if (auto e = parse_time(c.begin_time, "begin_time_clause", q.begin_time)) return e;
  if (auto e = parse_time(c.end_time, "end_time_clause", q.end_time)) return e;
  if (q.begin_time && q.end_time && *q.begin_time > *q.end_time)
    return ClauseError{"end_time_clause", 0, "the end of the time window is before its begin"};
  return check_consistency(q);
}

}  // namespace

ParsedQuery parse_flow_query(const FlowClauses& clauses) {
  FlowQuery q;
  if (auto e = parse_into(clauses, q)) return failure(std::move(*e));
  ParsedQuery r;
  r.query = std::move(q);
  return r;
}

}  // namespace netmeter::history::query
