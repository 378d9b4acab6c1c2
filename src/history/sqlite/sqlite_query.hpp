#pragma once

#include "history/query_types.hpp"

struct sqlite3;

namespace netmeter::history {

/// Runs `query` on `db`: binds its params in order (never text into the SQL), reads each cell as the
/// answer's column type says (numbers, 16 address bytes, text; NULL as an empty Value). Throws
/// HistoryError when SQLite refuses the query or the answer does not have the columns announced.
ResultTable run_sqlite_query(sqlite3* db, const RenderedQuery& query);

}  // namespace netmeter::history
