#include "history/sqlite/sqlite_handle.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "history/history_store.hpp"

namespace netmeter::history {

void SqliteCloser::operator()(sqlite3* db) const {
  sqlite3_close_v2(db);
}

void SqliteStatementCloser::operator()(sqlite3_stmt* statement) const {
  sqlite3_finalize(statement);
}

void exec_or_throw(sqlite3* db, const char* sql, const char* what) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return;
  std::string text = std::string("history store: ") + what + ": " + (message ? message : sqlite3_errmsg(db));
  sqlite3_free(message);
  throw HistoryError(text);
}

SqliteHandle open_history_handle(const std::filesystem::path& file) {
  // The file is created owner-only before SQLite sees it (SQLite would use 0644); -wal and -shm
  // inherit its mode.
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) throw HistoryError("history store: cannot create or open the database file");
  ::close(fd);
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW;
  int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  SqliteHandle db(raw);
  if (rc != SQLITE_OK) throw HistoryError(std::string("history store: cannot open: ") + sqlite3_errstr(rc));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 10000);
  // 32 KiB pages, for a new file only (an existing one keeps its size: changing it needs a VACUUM out of
  // WAL mode). The inserts scatter over flows_src_time (a place per active source) and the rollups' keys;
  // larger pages mean fewer leaves to split, write and checkpoint per row: 10 M flows went in at 6.7
  // instead of 10.0 us a flow of CPU, rollup rows at 5.0 instead of 8.6 us, with reads as fast or faster
  // (bench/README.md). 64 KiB wrote faster still but made past connections' row reads 50 % slower.
  exec_or_throw(raw, "PRAGMA page_size=32768", "page size");
  exec_or_throw(raw,
                "PRAGMA auto_vacuum=INCREMENTAL; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA trusted_schema=OFF; PRAGMA cache_size=-32768",
                "settings");
  return db;
}

}  // namespace netmeter::history
