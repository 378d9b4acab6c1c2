#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>

#include "store/connection.hpp"
#include "store/error.hpp"

struct sqlite3;

namespace netmeter::store {

struct DatabaseOptions {
  /// How long a statement waits for a lock held by another connection (another process, or a
  /// second connection added later) before failing with SQLITE_BUSY.
  std::chrono::milliseconds busy_timeout{5000};
};

/// The embedded SQLite store `<data_dir>/netmeter.db`.
///
/// Durability: WAL journal with `synchronous=FULL`, so a committed change is on disk when the
/// commit returns and survives `kill -9` and power loss (the data is low-volume configuration; the
/// fsync per commit is cheap at that rate). `foreign_keys=ON` makes deleting a user delete its
/// tokens and sessions. The file is created with mode 0600 (SQLite gives the -wal/-shm files the same
/// mode), because it holds password hashes and token digests.
///
/// Threads: one connection behind one mutex. Every use goes through `lock()`, which returns a
/// `Connection` holding the mutex, so statements and transactions of different HTTP threads never
/// interleave. The configuration workload is a few short statements per request, which one
/// serialized connection serves comfortably; bulk readers (historical flows) should open their own.
class Database {
 public:
  static constexpr const char* kFileName = "netmeter.db";

  /// Opens or creates the database in `data_dir` (created with mode 0700 if missing), applies the
  /// pragmas and brings the schema up to date. Fails if the file belongs to a newer netmeter.
  static Result<std::unique_ptr<Database>> open(const std::filesystem::path& data_dir,
                                                const DatabaseOptions& options = {});

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  /// Exclusive access to the connection until the returned handle is destroyed.
  Connection lock();

  const std::filesystem::path& path() const { return path_; }

 private:
  Database(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}

  std::mutex mutex_;
  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
};

}  // namespace netmeter::store
