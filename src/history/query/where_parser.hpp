#pragma once

#include <optional>
#include <string_view>

#include "history/query/clause_error.hpp"
#include "history/query/flow_query.hpp"

namespace netmeter::history::query {

struct WhereResult {
  std::optional<Predicate> predicate;
  ClauseError error;  ///< when `predicate` is empty
};

/// Parses a where clause (not blank): comparisons of a column with a value or another column, IN, LIKE,
/// BETWEEN, joined by AND, OR, NOT and parentheses, at most kMaxNestingDepth deep.
WhereResult parse_where(std::string_view text);

}  // namespace netmeter::history::query
