#include "history/query/topk_query.hpp"

#include <string>

#include "filter/text.hpp"
#include "history/query/column_names.hpp"

namespace netmeter::history::query {
namespace {

ParsedQuery failure(const char* clause, std::string message) {
  ParsedQuery r;
  r.error = {clause, 0, std::move(message)};
  return r;
}

}  // namespace

ParsedQuery parse_topk_query(const TopkClauses& c) {
  std::string_view keys = filter::trim_blanks(c.keys);
  if (keys.empty()) keys = "IPV4_SRC_ADDR,IPV4_DST_ADDR,L7_PROTO";
  std::string_view value = filter::trim_blanks(c.value);
  if (value.empty() || value == "BYTES" || value == "bytes") value = "TOTAL_BYTES";
  const auto column = resolve_column(value);
  if (!column || !is_numeric(column_at(*column).type))
    return failure("select_values_clause",
                   "expected BYTES, PACKETS or a numeric column, found " + quote_for_error(value));
  std::string_view topk = filter::trim_blanks(c.topk);
  if (topk.empty()) topk = "SUM";
  if (!is_aggregate_name(topk))
    return failure("topk_clause", "expected SUM, AVG, MIN, MAX or COUNT, found " + quote_for_error(topk));
  // Both words were checked against fixed lists above: the text below holds no client text but the keys,
  // which the clause parser reads like any select_clause.
  const std::string measure = std::string(topk) + "(" + std::string(column_at(*column).name) + ")";
  const std::string select = std::string(keys) + ", " + measure;
  const std::string order = measure + " DESC";
  ParsedQuery r = parse_flow_query({.select = select,
                                    .where = c.where,
                                    .group_by = keys,
                                    .order_by = order,
                                    .maxhits = c.maxhits,
                                    .begin_time = c.begin_time,
                                    .end_time = c.end_time});
  if (!r && (r.error.clause == "select_clause" || r.error.clause == "group_by_clause")) {
    r.error.clause = "select_keys_clause";
    r.error.column = 0;
  }
  return r;
}

}  // namespace netmeter::history::query
