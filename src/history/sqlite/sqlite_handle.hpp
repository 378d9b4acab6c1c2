#pragma once

#include <filesystem>
#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace netmeter::history {

struct SqliteCloser {
  void operator()(sqlite3* db) const;
};
/// An open SQLite connection, closed on destruction.
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

struct SqliteStatementCloser {
  void operator()(sqlite3_stmt* statement) const;
};
/// A prepared statement, finalized on destruction.
using SqliteStatement = std::unique_ptr<sqlite3_stmt, SqliteStatementCloser>;

/// Opens (and creates, mode 0600) `file` for the history store: WAL, synchronous=NORMAL (a process
/// crash loses no committed batch; WAL keeps the file consistent), a busy timeout so that a reader
/// never fails on the writer's checkpoint. Throws HistoryError (no path in its message).
SqliteHandle open_history_handle(const std::filesystem::path& file);

/// Runs SQL without parameters (DDL, pragmas); throws HistoryError naming `what`.
void exec_or_throw(sqlite3* db, const char* sql, const char* what);

}  // namespace netmeter::history
