#pragma once

#include <cstdint>
#include <mutex>
#include <string_view>
#include <utility>

#include "store/error.hpp"
#include "store/statement.hpp"

struct sqlite3;

namespace netmeter::store {

class Transaction;

/// Exclusive use of the database's single connection: holds the database mutex for its lifetime.
/// Obtain one with `Database::lock()`, keep it for one short unit of work (never across slow work
/// such as password hashing), and let it go.
class Connection {
 public:
  Connection(std::unique_lock<std::mutex> lock, sqlite3* db) : lock_(std::move(lock)), db_(db) {}
  Connection(Connection&&) noexcept = default;
  Connection& operator=(Connection&&) noexcept = default;

  Result<Statement> prepare(std::string_view sql);
  /// Runs one or more SQL statements without parameters (DDL, pragmas).
  Status exec(std::string_view sql);
  /// BEGIN IMMEDIATE: takes the write lock up front so a read-then-write unit cannot deadlock.
  Result<Transaction> begin();

  int64_t last_insert_rowid() const;
  /// Rows changed by the most recent INSERT/UPDATE/DELETE.
  int64_t changes() const;
  sqlite3* handle() const { return db_; }

 private:
  std::unique_lock<std::mutex> lock_;
  sqlite3* db_ = nullptr;
};

/// An open transaction; rolled back on destruction unless `commit()` succeeded.
class Transaction {
 public:
  explicit Transaction(Connection& conn) : conn_(&conn) {}
  Transaction(Transaction&& other) noexcept : conn_(std::exchange(other.conn_, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();

  Status commit();

 private:
  Connection* conn_ = nullptr;
};

}  // namespace netmeter::store
