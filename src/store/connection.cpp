#include "store/connection.hpp"

#include <sqlite3.h>

#include <string>

namespace netmeter::store {

namespace {

Error last_error(sqlite3* db) {
  return Error{sqlite3_extended_errcode(db), sqlite3_errmsg(db)};
}

}  // namespace

Result<Statement> Connection::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return unexpected(last_error(db_));
  }
  return Statement(db_, stmt);
}

Status Connection::exec(std::string_view sql) {
  const std::string text(sql);  // sqlite3_exec needs a terminated string
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    Error error{sqlite3_extended_errcode(db_), message != nullptr ? message : sqlite3_errstr(rc)};
    sqlite3_free(message);
    return unexpected(std::move(error));
  }
  return {};
}

Result<Transaction> Connection::begin() {
  if (auto s = exec("BEGIN IMMEDIATE"); !s) return unexpected(std::move(s).error());
  return Transaction(*this);
}

int64_t Connection::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

int64_t Connection::changes() const {
  return sqlite3_changes64(db_);
}

Transaction::~Transaction() {
  if (conn_ != nullptr && sqlite3_get_autocommit(conn_->handle()) == 0) (void)conn_->exec("ROLLBACK");
}

Status Transaction::commit() {
  auto s = conn_->exec("COMMIT");
  if (s) conn_ = nullptr;
  return s;
}

}  // namespace netmeter::store
