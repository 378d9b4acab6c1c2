#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "history/query/clause_error.hpp"
#include "history/query/flow_query.hpp"

namespace netmeter::history::query {

template <typename T>
struct ListResult {
  std::optional<std::vector<T>> items;
  ClauseError error;  ///< when `items` is empty
};

/// `*`, or a comma-separated list of columns and aggregates (SUM, COUNT, AVG, MIN, MAX of a column,
/// COUNT(*), COUNT(DISTINCT column)), each with an optional alias (`AS name` or just `name`).
ListResult<SelectItem> parse_select(std::string_view text);

/// Columns, or aliases of plain columns of the select list.
ListResult<size_t> parse_group_by(std::string_view text, const std::vector<SelectItem>& select);

/// Aliases of the select list, columns or aggregates, each optionally followed by ASC or DESC.
ListResult<OrderItem> parse_order_by(std::string_view text, const std::vector<SelectItem>& select);

}  // namespace netmeter::history::query
