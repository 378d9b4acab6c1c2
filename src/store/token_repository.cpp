#include "store/token_repository.hpp"

#include <algorithm>
#include <string_view>

namespace netmeter::store {

namespace {

constexpr std::string_view kSelect =
    "SELECT t.id, t.user_id, u.name, t.digest, t.permissions, t.description, t.created_at, t.expires_at, "
    "t.last_used_at, t.parent_token_id, t.parent_session_id FROM api_tokens t JOIN users u ON u.id = "
    "t.user_id ";

TokenRecord read_token(const Statement& stmt) {
  TokenRecord t;
  t.id = stmt.column_int64(0);
  t.user_id = stmt.column_int64(1);
  t.owner_name = stmt.column_text(2);
  const auto digest = stmt.column_blob(3);
  std::copy_n(digest.begin(), std::min(digest.size(), t.digest.size()), t.digest.begin());
  t.permissions = static_cast<uint32_t>(stmt.column_int64(4));
  t.description = stmt.column_text(5);
  t.created_at = stmt.column_int64(6);
  t.expires_at = stmt.column_optional_int64(7);
  t.last_used_at = stmt.column_optional_int64(8);
  t.parent_token_id = stmt.column_optional_int64(9);
  t.parent_session_id = stmt.column_optional_int64(10);
  return t;
}

}  // namespace

Result<int64_t> TokenRepository::insert(const TokenRecord& token) {
  auto stmt = conn_.prepare(
      "INSERT INTO api_tokens (user_id, digest, permissions, description, created_at, expires_at, "
      "last_used_at, parent_token_id, parent_session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, token.user_id)
      .bind_blob(2, token.digest)
      .bind(3, int64_t{token.permissions})
      .bind(4, token.description)
      .bind(5, token.created_at)
      .bind(6, token.expires_at)
      .bind(7, token.last_used_at)
      .bind(8, token.parent_token_id)
      .bind(9, token.parent_session_id);
  if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
  return conn_.last_insert_rowid();
}

Result<std::optional<TokenRecord>> TokenRepository::find_by_digest(const Digest& digest) {
  auto stmt = conn_.prepare(std::string(kSelect) + "WHERE t.digest = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind_blob(1, digest);
  auto row = stmt->step();
  if (!row) return unexpected(std::move(row).error());
  if (!*row) return std::optional<TokenRecord>();
  return std::optional<TokenRecord>(read_token(*stmt));
}

Result<std::vector<TokenRecord>> TokenRepository::list(std::optional<int64_t> user_id) {
  auto stmt = conn_.prepare(std::string(kSelect) + "WHERE ?1 IS NULL OR t.user_id = ?1 ORDER BY t.id");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, user_id);
  std::vector<TokenRecord> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row) break;
    out.push_back(read_token(*stmt));
  }
  return out;
}

Result<bool> TokenRepository::remove(int64_t id, std::optional<int64_t> user_id) {
  auto stmt = conn_.prepare("DELETE FROM api_tokens WHERE id = ?1 AND (?2 IS NULL OR user_id = ?2)");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, id).bind(2, user_id);
  if (auto s = stmt->run(); !s) return unexpected(std::move(s).error());
  return conn_.changes() > 0;
}

Status TokenRepository::set_last_used(int64_t id, int64_t when) {
  auto stmt = conn_.prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  return stmt->bind(1, when).bind(2, id).run();
}

Result<int64_t> TokenRepository::count_for_user(int64_t user_id) {
  auto stmt = conn_.prepare("SELECT count(*) FROM api_tokens WHERE user_id = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  stmt->bind(1, user_id);
  auto row = stmt->step();
  if (!row) return unexpected(std::move(row).error());
  return *row ? stmt->column_int64(0) : 0;
}

}  // namespace netmeter::store
