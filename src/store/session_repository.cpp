#include "store/session_repository.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

namespace netmeter::store {

namespace {

Result<int64_t> run_counting(Connection& conn, Statement& stmt) {
  if (auto s = stmt.run(); !s) return unexpected(std::move(s).error());
  return conn.changes();
}

constexpr std::string_view kSelect =
    "SELECT s.id, s.user_id, u.name, s.digest, s.csrf_token, s.created_at, s.expires_at, s.permissions, "
    "s.parent_token_id, s.parent_session_id, s.delegated, s.client_address, s.user_agent, s.last_used_at "
    "FROM sessions s JOIN users u ON u.id = s.user_id ";

SessionRecord read_session(const Statement& stmt) {
  SessionRecord s;
  s.id = stmt.column_int64(0);
  s.user_id = stmt.column_int64(1);
  s.user_name = stmt.column_text(2);
  const auto bytes = stmt.column_blob(3);
  std::copy_n(bytes.begin(), std::min(bytes.size(), s.digest.size()), s.digest.begin());
  s.csrf_token = stmt.column_text(4);
  s.created_at = stmt.column_int64(5);
  s.expires_at = stmt.column_int64(6);
  s.permissions = static_cast<uint32_t>(stmt.column_int64(7));
  s.parent_token_id = stmt.column_optional_int64(8);
  s.parent_session_id = stmt.column_optional_int64(9);
  s.delegated = stmt.column_int64(10) != 0;
  s.client_address = stmt.column_text(11);
  s.user_agent = stmt.column_text(12);
  s.last_used_at = stmt.column_optional_int64(13);
  return s;
}

}  // namespace

Result<int64_t> SessionRepository::insert(const SessionRecord& session) {
  auto stmt = conn_.prepare(
      "INSERT INTO sessions (user_id, digest, csrf_token, created_at, expires_at, permissions, "
      "parent_token_id, "
      "parent_session_id, delegated, client_address, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, session.user_id)
      .bind_blob(2, session.digest)
      .bind(3, session.csrf_token)
      .bind(4, session.created_at)
      .bind(5, session.expires_at)
      .bind(6, int64_t{session.permissions})
      .bind(7, session.parent_token_id)
      .bind(8, session.parent_session_id)
      .bind(9, int64_t{session.delegated ? 1 : 0})
      .bind(10, session.client_address)
      .bind(11, session.user_agent);
  if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
  return conn_.last_insert_rowid();
}

Result<std::optional<SessionRecord>> SessionRepository::find_by_digest(const Digest& digest) {
  auto stmt = conn_.prepare(std::string(kSelect) + "WHERE s.digest = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind_blob(1, digest);
  auto row = stmt->step();
  if (!row) return unexpected(std::move(row).error());
  if (!*row) return std::optional<SessionRecord>();
  return std::optional<SessionRecord>(read_session(*stmt));
}

Result<std::vector<SessionRecord>> SessionRepository::list(std::optional<int64_t> user_id) {
  auto stmt = conn_.prepare(std::string(kSelect) + "WHERE ?1 IS NULL OR s.user_id = ?1 ORDER BY s.id");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, user_id);
  std::vector<SessionRecord> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row) return out;
    out.push_back(read_session(*stmt));
  }
}

Result<bool> SessionRepository::remove(int64_t id, std::optional<int64_t> user_id) {
  auto stmt = conn_.prepare("DELETE FROM sessions WHERE id = ?1 AND (?2 IS NULL OR user_id = ?2)");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, id).bind(2, user_id);
  auto n = run_counting(conn_, *stmt);
  if (!n) return unexpected(std::move(n).error());
  return *n > 0;
}

Status SessionRepository::set_last_used(int64_t id, int64_t when) {
  auto stmt = conn_.prepare("UPDATE sessions SET last_used_at = ? WHERE id = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  return stmt->bind(1, when).bind(2, id).run();
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
