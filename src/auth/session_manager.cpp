#include "auth/session_manager.hpp"

#include <algorithm>

#include "auth/crypto.hpp"
#include "store/session_repository.hpp"
#include "store/user_repository.hpp"

namespace netmeter::auth {

namespace {

constexpr std::size_t kMaxSessionIdLength = 256;

store::Unexpected<Failure> internal(const store::Error& e) {
  return fail(Rc::InternalError, "store: " + e.message);
}

}  // namespace

Result<NewSession> SessionManager::create_session(std::string_view user,
                                                  std::optional<std::chrono::seconds> duration) {
  auto lifetime = config_.duration;
  if (duration && duration->count() > 0) {
    lifetime = std::clamp(*duration, std::chrono::seconds(1), config_.max_duration);
  }
  const TimePoint now = std::chrono::floor<std::chrono::seconds>(clock_.now());  // the store keeps seconds
  NewSession session{random_secret(32), random_secret(32), now + lifetime};
  auto digest = sha256(session.id);
  if (!digest) return fail(Rc::InternalError, "SHA-256 failed");

  auto conn = db_.lock();
  auto tx = conn.begin();
  if (!tx) return internal(tx.error());
  auto found = store::UserRepository(conn).find_by_name(user);
  if (!found) return internal(found.error());
  if (!*found) return fail(Rc::NotFound, "no such user");
  if ((*found)->disabled) return fail(Rc::NotGranted, "user is disabled");

  store::SessionRepository sessions(conn);
  if (auto purged = sessions.remove_expired(to_epoch_seconds(now)); !purged) return internal(purged.error());
  store::SessionRecord record;
  record.user_id = (*found)->id;
  record.digest = *digest;
  record.csrf_token = session.csrf_token;
  record.created_at = to_epoch_seconds(now);
  record.expires_at = to_epoch_seconds(session.expires);
  if (auto id = sessions.insert(record); !id) return internal(id.error());
  if (auto trimmed = sessions.trim_user(record.user_id, config_.max_per_user); !trimmed) {
    return internal(trimmed.error());
  }
  if (auto s = tx->commit(); !s) return internal(s.error());
  return session;
}

Result<std::optional<Principal>> SessionManager::authenticate(std::string_view session_id) {
  if (session_id.empty() || session_id.size() > kMaxSessionIdLength) return std::optional<Principal>();
  auto digest = sha256(session_id);
  if (!digest) return fail(Rc::InternalError, "SHA-256 failed");
  const auto now = to_epoch_seconds(clock_.now());

  auto conn = db_.lock();
  store::SessionRepository sessions(conn);
  auto found = sessions.find_by_digest(*digest);
  if (!found) return internal(found.error());
  if (!*found) return std::optional<Principal>();
  if ((*found)->expires_at <= now) {
    (void)sessions.remove_by_digest(*digest);  // housekeeping only
    return std::optional<Principal>();
  }
  auto user = store::UserRepository(conn).find_by_id((*found)->user_id);
  if (!user) return internal(user.error());
  if (!*user || (*user)->disabled) return std::optional<Principal>();
  auto principal = principal_from_user(**user, AuthMethod::Session);
  if (!principal) return std::optional<Principal>();
  principal->session_id = std::string(session_id);
  principal->csrf_token = (*found)->csrf_token;
  return principal;
}

Status SessionManager::destroy(std::string_view session_id) {
  auto digest = sha256(session_id);
  if (!digest) return fail(Rc::InternalError, "SHA-256 failed");
  auto conn = db_.lock();
  auto removed = store::SessionRepository(conn).remove_by_digest(*digest);
  if (!removed) return internal(removed.error());
  if (!*removed) return fail(Rc::NotFound, "no such session");
  return {};
}

Result<int64_t> SessionManager::purge_expired() {
  const auto now = to_epoch_seconds(clock_.now());
  auto conn = db_.lock();
  auto purged = store::SessionRepository(conn).remove_expired(now);
  if (!purged) return internal(purged.error());
  return *purged;
}

}  // namespace netmeter::auth
