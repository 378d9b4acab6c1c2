#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace netmeter::history::query {

/// The flow_columns() index of the column a clause names: ntopng's names in any letter case, and for the
/// address columns also ntopng's `_FORMATTED` spelling (`IPV4_DST_ADDR_FORMATTED`: the same column;
/// answers carry addresses typed, the API formats them).
std::optional<size_t> resolve_column(std::string_view name);

/// Whether `name` is one of the aggregate functions (sum, count, avg, min, max) in any letter case.
bool is_aggregate_name(std::string_view name);

}  // namespace netmeter::history::query
