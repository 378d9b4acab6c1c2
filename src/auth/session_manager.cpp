#include "auth/session_manager.hpp"

#include <algorithm>

#include "auth/crypto.hpp"
#include "auth/owner.hpp"
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
  SessionRequest request;
  request.user = std::string(user);
  request.duration = duration;
  return create(request);
}

Result<NewSession> SessionManager::create(const SessionRequest& request) {
  Permissions cap = request.from.cap;
  if (request.permissions) {
    if (request.permissions->empty())
      return fail(Rc::InvalidArguments, "a session needs at least one permission");
    if (!request.permissions->is_subset_of(cap))
      return fail(Rc::NotGranted, "a session cannot have permissions the credential that asks lacks");
    cap = *request.permissions;
  }
  auto lifetime = config_.duration;
  if (request.duration && request.duration->count() > 0) {
    lifetime = std::clamp(*request.duration, std::chrono::seconds(1), config_.max_duration);
  }
  const TimePoint now = std::chrono::floor<std::chrono::seconds>(clock_.now());  // the store keeps seconds
  TimePoint expires = *request.from.bound(now + lifetime);
  if (expires <= now) return fail(Rc::NotGranted, "the credential that asks has expired");
  NewSession session{0, random_secret(32), random_secret(32), expires, cap};
  auto digest = sha256(session.id);
  if (!digest) return fail(Rc::InternalError, "SHA-256 failed");

  int64_t trimmed = 0;
  {
    auto conn = db_.lock();
    auto tx = conn.begin();
    if (!tx) return internal(tx.error());
    auto found = store::UserRepository(conn).find_by_name(request.user);
    if (!found) return internal(found.error());
    if (!*found) return fail(Rc::NotFound, "no such user");
    if ((*found)->disabled) return fail(Rc::NotGranted, "user is disabled");

    store::SessionRepository sessions(conn);
    if (auto purged = sessions.remove_expired(to_epoch_seconds(now)); !purged)
      return internal(purged.error());
    store::SessionRecord record;
    record.user_id = (*found)->id;
    record.digest = *digest;
    record.csrf_token = session.csrf_token;
    record.created_at = to_epoch_seconds(now);
    record.expires_at = to_epoch_seconds(session.expires);
    record.permissions = cap.bits();
    record.parent_token_id = request.from.parent_token_id;
    record.parent_session_id = request.from.parent_session_id;
    record.delegated = request.from.delegated || request.from.parent_token_id.has_value();
    record.client_address = request.client_address.substr(0, 64);
    record.user_agent = request.user_agent.substr(0, 256);
    auto id = sessions.insert(record);
    if (!id) return internal(id.error());
    session.row_id = *id;
    auto trim = sessions.trim_user(record.user_id, config_.max_per_user);
    if (!trim) return internal(trim.error());
    trimmed = *trim;
    if (auto s = tx->commit(); !s) return internal(s.error());
  }
  if (trimmed > 0) removed();
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
  const store::SessionRecord& record = **found;
  if (record.expires_at <= now) {
    (void)sessions.remove_by_digest(*digest);  // housekeeping only
    return std::optional<Principal>();
  }
  auto user = store::UserRepository(conn).find_by_id(record.user_id);
  if (!user) return internal(user.error());
  if (!*user || (*user)->disabled) return std::optional<Principal>();
  auto principal = principal_from_user(**user, AuthMethod::Session);
  if (!principal) return std::optional<Principal>();
  principal->permissions = principal->permissions & Permissions::from_bits(record.permissions);
  principal->session_id = std::string(session_id);
  principal->session_row_id = record.id;
  principal->csrf_token = record.csrf_token;
  principal->expires = from_epoch_seconds(record.expires_at);
  principal->delegated = record.delegated;
  if (!record.last_used_at || now - *record.last_used_at >= config_.last_used_resolution.count()) {
    (void)sessions.set_last_used(record.id, now);  // bookkeeping: never refuses a valid session
  }
  return principal;
}

Status SessionManager::destroy(std::string_view session_id) {
  auto digest = sha256(session_id);
  if (!digest) return fail(Rc::InternalError, "SHA-256 failed");
  {
    auto conn = db_.lock();
    auto gone = store::SessionRepository(conn).remove_by_digest(*digest);
    if (!gone) return internal(gone.error());
    if (!*gone) return fail(Rc::NotFound, "no such session");
  }
  removed();
  return {};
}

namespace {

std::string origin_of(const store::SessionRecord& r) {
  if (r.parent_token_id) return "token";
  if (r.parent_session_id) return "session";
  return r.delegated ? "token" : "password";
}

}  // namespace

Result<std::vector<SessionInfo>> SessionManager::list(std::optional<std::string_view> owner) {
  const auto now = to_epoch_seconds(clock_.now());
  auto conn = db_.lock();
  store::UserRepository users(conn);
  auto owner_id = auth::owner_id(conn, owner, "no such user");
  if (!owner_id) return unexpected(std::move(owner_id).error());
  auto records = store::SessionRepository(conn).list(*owner_id);
  if (!records) return internal(records.error());
  std::vector<SessionInfo> out;
  for (const auto& r : *records) {
    if (r.expires_at <= now) continue;
    auto user = users.find_by_id(r.user_id);
    if (!user) return internal(user.error());
    std::optional<Principal> p;
    if (*user) p = principal_from_user(**user, AuthMethod::Session);
    Permissions cap = Permissions::from_bits(r.permissions);
    std::optional<TimePoint> last_used;
    if (r.last_used_at) last_used = from_epoch_seconds(*r.last_used_at);
    out.push_back(SessionInfo{r.id, r.user_name, from_epoch_seconds(r.created_at),
                              from_epoch_seconds(r.expires_at), last_used, r.client_address, r.user_agent,
                              p ? cap & p->permissions : Permissions{}, origin_of(r)});
  }
  return out;
}

Status SessionManager::end(int64_t id, std::optional<std::string_view> owner) {
  {
    auto conn = db_.lock();
    auto owner_id = auth::owner_id(conn, owner, "no such session");
    if (!owner_id) return unexpected(std::move(owner_id).error());
    auto gone = store::SessionRepository(conn).remove(id, *owner_id);
    if (!gone) return internal(gone.error());
    if (!*gone) return fail(Rc::NotFound, "no such session");
  }
  removed();
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
