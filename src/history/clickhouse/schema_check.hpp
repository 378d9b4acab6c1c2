#pragma once

#include <optional>
#include <string>

#include "history/query_types.hpp"

namespace netmeter::history::clickhouse {

class ClickHouseClient;

/// What is wrong with the flow table's columns for netmeter, or nothing: a column netmeter writes is
/// missing or has another type than flow_schema.hpp gives it. `columns` is system.columns' (name,
/// type) rows of the table. Extra columns are fine (they take their defaults).
std::optional<std::string> flow_table_mismatch(const ResultTable& columns);

/// Reads the flow table's columns from system.columns and throws HistoryError naming the first
/// mismatch: a table left by another program or version fails at start, not at the first insert.
void check_flow_table(ClickHouseClient& client);

}  // namespace netmeter::history::clickhouse
