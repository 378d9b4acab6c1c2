#include "auth/token_service.hpp"

#include "auth/crypto.hpp"
#include "auth/owner.hpp"
#include "auth/user_rules.hpp"
#include "store/token_repository.hpp"
#include "store/user_repository.hpp"

namespace netmeter::auth {

namespace {

store::Unexpected<Failure> internal(const store::Error& e) {
  return fail(Rc::InternalError, "store: " + e.message);
}

std::optional<TimePoint> optional_time(std::optional<int64_t> seconds) {
  if (!seconds) return std::nullopt;
  return from_epoch_seconds(*seconds);
}

std::string_view as_chars(const Sha256Digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

}  // namespace

Result<CreatedToken> TokenService::create(const NewToken& request) {
  if (request.permissions.empty()) return fail(Rc::InvalidArguments, "a token needs at least one permission");
  if (!request.permissions.is_subset_of(request.from.cap))
    return fail(Rc::NotGranted, "a token cannot have permissions the credential that asks lacks");
  if (!is_valid_label(request.description, kMaxDescriptionLength)) {
    return fail(Rc::InvalidArguments, "description is too long or contains control characters");
  }
  const auto now = clock_.now();
  if (request.expires && *request.expires <= now) {
    return fail(Rc::InvalidArguments, "expiry must lie in the future");
  }
  const auto expires = request.from.bound(request.expires);  // never after the credential that asks
  if (expires && *expires <= now) return fail(Rc::NotGranted, "the credential that asks has expired");

  CreatedToken created;
  created.secret = random_secret(32);
  auto digest = sha256(created.secret);
  if (!digest) return fail(Rc::InternalError, "SHA-256 failed");

  auto conn = db_.lock();
  auto tx = conn.begin();
  if (!tx) return internal(tx.error());
  auto owner = store::UserRepository(conn).find_by_name(request.owner);
  if (!owner) return internal(owner.error());
  if (!*owner) return fail(Rc::NotFound, "no such user");
  auto principal = principal_from_user(**owner, AuthMethod::Token);
  if (!principal) return fail(Rc::InternalError, "stored user has an unknown role");
  if (!request.permissions.is_subset_of(principal->permissions)) {
    return fail(Rc::NotGranted, "a token cannot have permissions its owner lacks (owner has: " +
                                    principal->permissions.to_string() + ")");
  }
  store::TokenRepository tokens(conn);
  auto count = tokens.count_for_user((*owner)->id);
  if (!count) return internal(count.error());
  if (*count >= config_.max_per_user) return fail(Rc::InvalidArguments, "too many tokens for this user");

  store::TokenRecord record;
  record.user_id = (*owner)->id;
  record.digest = *digest;
  record.permissions = request.permissions.bits();
  record.description = request.description;
  record.created_at = to_epoch_seconds(now);
  if (expires) record.expires_at = to_epoch_seconds(*expires);
  record.parent_token_id = request.from.parent_token_id;
  record.parent_session_id = request.from.parent_session_id;
  auto id = tokens.insert(record);
  if (!id) return internal(id.error());
  if (auto s = tx->commit(); !s) return internal(s.error());

  created.id = *id;
  created.permissions = request.permissions;
  created.created = from_epoch_seconds(record.created_at);
  created.expires = optional_time(record.expires_at);
  return created;
}

Result<std::vector<TokenInfo>> TokenService::list(std::optional<std::string_view> owner) {
  const auto now = to_epoch_seconds(clock_.now());
  auto conn = db_.lock();
  store::UserRepository users(conn);
  auto owner_id = auth::owner_id(conn, owner, "no such user");
  if (!owner_id) return unexpected(std::move(owner_id).error());
  auto records = store::TokenRepository(conn).list(*owner_id);
  if (!records) return internal(records.error());
  std::vector<TokenInfo> out;
  for (const auto& r : *records) {
    auto user = users.find_by_id(r.user_id);
    if (!user) return internal(user.error());
    std::optional<Principal> p;
    if (*user) p = principal_from_user(**user, AuthMethod::Token);
    const auto permissions = Permissions::from_bits(r.permissions);
    out.push_back(TokenInfo{r.id, r.owner_name, permissions, p ? permissions & p->permissions : Permissions{},
                            r.description, from_epoch_seconds(r.created_at), optional_time(r.expires_at),
                            optional_time(r.last_used_at), r.expires_at && *r.expires_at <= now});
  }
  return out;
}

Status TokenService::revoke(int64_t id, std::optional<std::string_view> owner) {
  auto conn = db_.lock();
  auto owner_id = auth::owner_id(conn, owner, "no such token");
  if (!owner_id) return unexpected(std::move(owner_id).error());
  auto removed = store::TokenRepository(conn).remove(id, *owner_id);
  if (!removed) return internal(removed.error());
  if (!*removed) return fail(Rc::NotFound, "no such token");
  // The store deleted every token made with this one (and with the sessions made with it) too: forget
  // them all, not just this one. Revocations are rare; the cache refills within one request per token.
  cache_.invalidate_all();
  return {};
}

Result<std::optional<Principal>> TokenService::authenticate(std::string_view secret) {
  auto digest = sha256(secret);
  if (!digest) return fail(Rc::InternalError, "SHA-256 failed");
  if (auto cached = cache_.lookup(*digest)) return cached;
  const auto generation = cache_.generation();  // before reading the records: see TokenCache
  const auto now = to_epoch_seconds(clock_.now());

  auto conn = db_.lock();
  store::TokenRepository tokens(conn);
  auto token = tokens.find_by_digest(*digest);
  if (!token) return internal(token.error());
  if (!*token || !constant_time_equal(as_chars((*token)->digest), as_chars(*digest))) {
    return std::optional<Principal>();
  }
  const auto& t = **token;
  if (t.expires_at && *t.expires_at <= now) return std::optional<Principal>();
  auto owner = store::UserRepository(conn).find_by_id(t.user_id);
  if (!owner) return internal(owner.error());
  if (!*owner || (*owner)->disabled) return std::optional<Principal>();
  auto principal = principal_from_user(**owner, AuthMethod::Token);
  if (!principal) return std::optional<Principal>();
  principal->permissions = principal->permissions & Permissions::from_bits(t.permissions);
  principal->token_id = t.id;
  principal->expires = optional_time(t.expires_at);
  principal->delegated = true;

  if (!t.last_used_at || now - *t.last_used_at >= config_.last_used_resolution.count()) {
    // Best effort: a failed bookkeeping write must not refuse a valid token.
    (void)tokens.set_last_used(t.id, now);
  }
  cache_.insert(*digest, *principal, optional_time(t.expires_at), generation);
  return principal;
}

}  // namespace netmeter::auth
