#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/connection.hpp"
#include "store/digest.hpp"
#include "store/error.hpp"

namespace netmeter::store {

/// One row of `api_tokens`: only the SHA-256 digest of the token is kept.
struct TokenRecord {
  int64_t id = 0;  // assigned by insert()
  int64_t user_id = 0;
  std::string owner_name;  // filled by the queries (join on users); ignored by insert()
  Digest digest{};
  uint32_t permissions = 0;  // auth::Permissions bits chosen at creation
  std::string description;
  int64_t created_at = 0;                    // epoch seconds
  std::optional<int64_t> expires_at;         // epoch seconds; none = never
  std::optional<int64_t> last_used_at;       // epoch seconds
  std::optional<int64_t> parent_token_id;    // made with this token; deleted with it
  std::optional<int64_t> parent_session_id;  // made with this session; deleted with it
};

/// The `api_tokens` table, used through a locked connection.
class TokenRepository {
 public:
  explicit TokenRepository(Connection& conn) : conn_(conn) {}

  Result<int64_t> insert(const TokenRecord& token);
  Result<std::optional<TokenRecord>> find_by_digest(const Digest& digest);
  /// Tokens of one user, or of everyone when `user_id` is empty, ordered by id.
  Result<std::vector<TokenRecord>> list(std::optional<int64_t> user_id);
  /// Deletes a token; with `user_id`, only if that user owns it. False when nothing was deleted.
  Result<bool> remove(int64_t id, std::optional<int64_t> user_id);
  Status set_last_used(int64_t id, int64_t when);
  Result<int64_t> count_for_user(int64_t user_id);

 private:
  Connection& conn_;
};

}  // namespace netmeter::store
