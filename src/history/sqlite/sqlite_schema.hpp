#pragma once

#include <string>
#include <vector>

namespace netmeter::history {

/// The SQLite schema of the historical flow table, generated from flow_columns() (so it can never
/// disagree with the columns the clause parser knows): table `flows`, one column per flow column,
/// INTEGER / BLOB / TEXT, STRICT so that a mistyped value is refused rather than stored.
std::string sqlite_flows_table_sql();

/// The indexes the queries need: the rendered time window (FIRST_SEEN, LAST_SEEN, INTERFACE_ID)
/// with, inside it, the destination IPv4 address and the application (L7_PROTO); and the source address
/// first, then the window (the top talkers: groups read in order).
std::vector<std::string> sqlite_flows_index_sql();

/// The schema version create_schema() writes in `PRAGMA user_version`.
inline constexpr int kSqliteFlowsSchemaVersion = 3;

/// What turns an older history.db into the current one (run before the index statements, which create
/// what is missing): indexes of earlier versions that no query uses any more.
std::vector<std::string> sqlite_flows_migration_sql();

/// Table `flow_numbers`: per slot, the first flow number (core::flow_number) its stored flows have not
/// used, raised by every insert's transaction (version 3).
std::string sqlite_flow_numbers_table_sql();
/// Fills flow_numbers from the flows of a store written before version 3 (one scan, once).
std::string sqlite_flow_numbers_fill_sql();
/// Raises one slot's number: ?1 the slot, ?2 a number its flows have not used.
std::string sqlite_flow_numbers_raise_sql();

/// INSERT of one row, every column in storage order as a `?` parameter.
std::string sqlite_flows_insert_sql();

}  // namespace netmeter::history
