#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "history/query/clause_error.hpp"
#include "history/query/flow_query.hpp"

namespace netmeter::history::query {

/// Longest clause accepted, in bytes, and deepest nesting of `(` and NOT in a where clause.
inline constexpr size_t kMaxClauseLength = 8192;
inline constexpr int kMaxNestingDepth = 32;
/// Most items in a select, group by or order by list, and most values in one IN list.
inline constexpr size_t kMaxListItems = 64;
inline constexpr size_t kMaxInValues = 1024;

/// The clause parameters of ntopng's get/db/flows.lua, as the client sent them (percent-decoded). An
/// empty or blank clause is absent: select is then `*`, maxhits kDefaultMaxHits, the rest unbounded.
struct FlowClauses {
  std::string_view select;      ///< select_clause
  std::string_view where;       ///< where_clause
  std::string_view group_by;    ///< group_by_clause
  std::string_view order_by;    ///< order_by_clause
  std::string_view maxhits;     ///< maxhits_clause: above kMaxHitsCap reads as the cap
  std::string_view begin_time;  ///< begin_time_clause or epoch_begin (epoch seconds)
  std::string_view end_time;    ///< end_time_clause or epoch_end
};

/// The typed query, or the first problem found.
struct ParsedQuery {
  std::optional<FlowQuery> query;
  ClauseError error;  ///< meaningful when `query` is empty

  explicit operator bool() const { return query.has_value(); }
};

/// Parses and checks the clauses (docs/history-queries.md): only columns of flow_columns(), values of
/// the column's type and range, aggregates only with grouped columns. Never throws on any input (only
/// std::bad_alloc can leave it).
ParsedQuery parse_flow_query(const FlowClauses& clauses);

}  // namespace netmeter::history::query
