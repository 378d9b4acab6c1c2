#include "store/session_repository.hpp"

#include <algorithm>
#include <vector>

namespace netmeter::store {

namespace {

Result<int64_t> run_counting(Connection& conn, Statement& stmt) {
  if (auto s = stmt.run(); !s) return unexpected(std::move(s).error());
  return conn.changes();
}

}  // namespace

Result<int64_t> SessionRepository::insert(const SessionRecord& session) {
  auto stmt = conn_.prepare(
      "INSERT INTO sessions (user_id, digest, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, session.user_id)
      .bind_blob(2, session.digest)
      .bind(3, session.csrf_token)
      .bind(4, session.created_at)
      .bind(5, session.expires_at);
  if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
  return conn_.last_insert_rowid();
}

Result<std::optional<SessionRecord>> SessionRepository::find_by_digest(const Digest& digest) {
  auto stmt = conn_.prepare(
      "SELECT id, user_id, digest, csrf_token, created_at, expires_at FROM sessions WHERE digest = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind_blob(1, digest);
  auto row = stmt->step();
  if (!row) return unexpected(std::move(row).error());
  if (!*row) return std::optional<SessionRecord>();
  SessionRecord s;
  s.id = stmt->column_int64(0);
  s.user_id = stmt->column_int64(1);
  const auto bytes = stmt->column_blob(2);
  std::copy_n(bytes.begin(), std::min(bytes.size(), s.digest.size()), s.digest.begin());
  s.csrf_token = stmt->column_text(3);
  s.created_at = stmt->column_int64(4);
  s.expires_at = stmt->column_int64(5);
  return std::optional<SessionRecord>(std::move(s));
}

Result<bool> SessionRepository::remove_by_digest(const Digest& digest) {
  auto stmt = conn_.prepare("DELETE FROM sessions WHERE digest = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind_blob(1, digest);
  auto n = run_counting(conn_, *stmt);
  if (!n) return unexpected(std::move(n).error());
  return *n > 0;
}

Result<int64_t> SessionRepository::remove_for_user(int64_t user_id, const std::optional<Digest>& keep) {
  auto stmt = conn_.prepare("DELETE FROM sessions WHERE user_id = ?1 AND (?2 IS NULL OR digest != ?2)");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, user_id);
  if (keep)
    stmt->bind_blob(2, *keep);
  else
    stmt->bind_null(2);
  return run_counting(conn_, *stmt);
}

Result<int64_t> SessionRepository::remove_expired(int64_t now) {
  auto stmt = conn_.prepare("DELETE FROM sessions WHERE expires_at <= ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, now);
  return run_counting(conn_, *stmt);
}

Result<int64_t> SessionRepository::trim_user(int64_t user_id, int64_t keep) {
  auto stmt = conn_.prepare(
      "DELETE FROM sessions WHERE user_id = ?1 AND id NOT IN "
      "(SELECT id FROM sessions WHERE user_id = ?1 ORDER BY expires_at DESC, id DESC LIMIT ?2)");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, user_id).bind(2, keep);
  return run_counting(conn_, *stmt);
}

}  // namespace netmeter::store
