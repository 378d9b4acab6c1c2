#pragma once

#include <cstdint>
#include <optional>
#include <string>

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
  Digest digest{};
  std::string csrf_token;
  int64_t created_at = 0;  // epoch seconds
  int64_t expires_at = 0;  // epoch seconds
};

/// The `sessions` table, used through a locked connection.
class SessionRepository {
 public:
  explicit SessionRepository(Connection& conn) : conn_(conn) {}

  Result<int64_t> insert(const SessionRecord& session);
  Result<std::optional<SessionRecord>> find_by_digest(const Digest& digest);
  Result<bool> remove_by_digest(const Digest& digest);
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
