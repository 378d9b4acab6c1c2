#pragma once

#include "history/query/flow_query.hpp"
#include "history/query/sql_writer.hpp"
#include "history/query_types.hpp"

namespace netmeter::history::query {

/// The SQL of a parsed query on table `flows` for one dialect (docs/history-queries.md):
/// `SELECT ... FROM flows WHERE <time window> AND <interface> AND (<where>) GROUP BY ... ORDER BY ...
/// LIMIT n`. SQLite gets every value, the limit too, as a `?` parameter; ClickHouse gets typed literals.
/// Client aliases never enter the SQL: they only name the answer columns (column_names). ClickHouse
/// answers times as epoch seconds (toUInt32) and IPv6 addresses as 32 hex digits (hex), so its backend
/// reads them without time zones or binary escapes; SQLite answers them as stored (integer, 16-byte blob).
RenderedQuery render(const FlowQuery& query, SqlDialect dialect);

/// Appends the where tree (fully parenthesised). LIKE becomes GLOB on SQLite, whose LIKE ignores case:
/// both backends then match case-sensitively.
void render_predicate(const Predicate& predicate, SqlWriter& out);

}  // namespace netmeter::history::query
