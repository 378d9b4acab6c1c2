#pragma once

#include <filesystem>
#include <mutex>
#include <vector>

#include "history/sqlite/sqlite_handle.hpp"

namespace netmeter::history {

/// Read-only connections for the API threads (one per query running at once; WAL lets them read while
/// the export thread writes). Each is `query_only`: whatever SQL reaches it cannot change the store.
class SqliteReaderPool {
 public:
  explicit SqliteReaderPool(std::filesystem::path file, size_t keep = 4)
      : file_(std::move(file)), keep_(keep) {}

  /// A connection lent for one query; returned to the pool on destruction.
  class Lease {
   public:
    Lease(SqliteReaderPool& pool, SqliteHandle db) : pool_(&pool), db_(std::move(db)) {}
    Lease(Lease&&) = default;
    ~Lease();
    sqlite3* get() const { return db_.get(); }

   private:
    SqliteReaderPool* pool_;
    SqliteHandle db_;
  };

  Lease acquire();

 private:
  void give_back(SqliteHandle db);

  std::filesystem::path file_;
  size_t keep_;
  std::mutex mutex_;
  std::vector<SqliteHandle> idle_;
};

}  // namespace netmeter::history
