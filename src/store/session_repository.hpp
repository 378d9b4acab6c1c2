#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/connection.hpp"
#include "store/digest.hpp"
#include "store/error.hpp"

namespace netmeter::store {

/// One row of `sessions`: the session id is stored as its SHA-256 digest. The CSRF token is kept
/// in clear: it is not a credential on its own (it is useless without the session cookie), and the
/// web UI must be able to fetch it again after a page reload.
struct SessionRecord {
  int64_t id = 0;  // assigned by insert()
  int64_t user_id = 0;
  std::string user_name;  // filled by the queries (join on users); ignored by insert()
  Digest digest{};
  std::string csrf_token;
  int64_t created_at = 0;                    // epoch seconds
  int64_t expires_at = 0;                    // epoch seconds
  uint32_t permissions = 15;                 // cap: auth::Permissions bits; all = as its user
  std::optional<int64_t> parent_token_id;    // made with this token; deleted with it
  std::optional<int64_t> parent_session_id;  // made with this session; deleted with it
  bool delegated = false;                    // a token is among the credentials it was made with
  std::string client_address;                // who asked for it
  std::string user_agent;
  std::optional<int64_t> last_used_at;  // epoch seconds
};

/// The `sessions` table, used through a locked connection.
class SessionRepository {
 public:
  explicit SessionRepository(Connection& conn) : conn_(conn) {}

  Result<int64_t> insert(const SessionRecord& session);
  Result<std::optional<SessionRecord>> find_by_digest(const Digest& digest);
  /// Sessions of one user, or of everyone when `user_id` is empty, ordered by id.
  Result<std::vector<SessionRecord>> list(std::optional<int64_t> user_id);
  Result<bool> remove_by_digest(const Digest& digest);
  /// Deletes a session by id; with `user_id`, only if it is that user's. False when nothing was deleted.
  /// Whatever was made with it goes too (foreign keys).
  Result<bool> remove(int64_t id, std::optional<int64_t> user_id);
  Status set_last_used(int64_t id, int64_t when);
  /// Deletes every session of a user except the one with digest `keep` (if given); returns how many.
  Result<int64_t> remove_for_user(int64_t user_id, const std::optional<Digest>& keep);
  /// Deletes sessions with expires_at <= now; returns how many.
  Result<int64_t> remove_expired(int64_t now);
  /// Keeps only the `keep` sessions of a user that expire last; returns how many were deleted.
  Result<int64_t> trim_user(int64_t user_id, int64_t keep);

 private:
  Connection& conn_;
};

}  // namespace netmeter::store
