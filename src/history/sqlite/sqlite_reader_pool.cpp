#include "history/sqlite/sqlite_reader_pool.hpp"

namespace netmeter::history {

SqliteReaderPool::Lease::~Lease() {
  if (db_) pool_->give_back(std::move(db_));
}

SqliteReaderPool::Lease SqliteReaderPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      SqliteHandle db = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(db));
    }
  }
  SqliteHandle db = open_history_handle(file_);
  exec_or_throw(db.get(), "PRAGMA query_only=1", "read-only connection");
  return Lease(*this, std::move(db));
}

void SqliteReaderPool::give_back(SqliteHandle db) {
  std::lock_guard lock(mutex_);
  if (idle_.size() < keep_) idle_.push_back(std::move(db));
}

}  // namespace netmeter::history
