#pragma once

#include <string>
#include <string_view>

#include "history/flow_columns.hpp"

namespace netmeter::history::clickhouse {

/// The flow table's name in the configured database.
inline constexpr std::string_view kFlowTable = "flows";

/// ClickHouse's type for a column: UIntN, DateTime('UTC') (so that text answers and day partitions do
/// not depend on the server's time zone), UInt32 for IPv4 and FixedString(16) for IPv6 (18.16 has no
/// IPv4/IPv6 types), String.
std::string_view clickhouse_type(ColumnType type);

/// `CREATE DATABASE IF NOT EXISTS <database>`; `database` must be a plain identifier.
std::string create_database_sql(std::string_view database);

/// `CREATE TABLE IF NOT EXISTS flows (...)` from flow_columns(): MergeTree partitioned by day of
/// FIRST_SEEN (retention drops whole days) and sorted by (FIRST_SEEN, INTERFACE_ID) so a time window
/// reads only its granules. Syntax accepted by 18.16 and by current ClickHouse alike.
std::string create_flow_table_sql();

/// `INSERT INTO flows (<every column>) FORMAT Native` (native_block_encoder.hpp): naming the columns lets a
/// table with other columns too, or in another order (one created by hand for a cluster), take netmeter's
/// rows.
std::string insert_flows_sql();

}  // namespace netmeter::history::clickhouse
