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
inline constexpr int kSqliteFlowsSchemaVersion = 2;

/// What turns an older history.db into the current one (run before the index statements, which create
/// what is missing): indexes of earlier versions that no query uses any more.
std::vector<std::string> sqlite_flows_migration_sql();

/// INSERT of one row, every column in storage order as a `?` parameter.
std::string sqlite_flows_insert_sql();

}  // namespace netmeter::history
