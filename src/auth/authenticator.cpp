#include "auth/authenticator.hpp"

#include "auth/credentials.hpp"
#include "auth/crypto.hpp"
#include "store/user_repository.hpp"

namespace netmeter::auth {

namespace {

store::Unexpected<AuthFailure> failure(AuthFailureReason reason, std::chrono::seconds retry_after = {}) {
  return {AuthFailure{reason, retry_after}};
}

bool blank(std::string_view s) {
  return s.find_first_not_of(" \t") == std::string_view::npos;
}

}  // namespace

std::string_view auth_failure_name(AuthFailureReason reason) {
  switch (reason) {
    case AuthFailureReason::Missing:
      return "missing";
    case AuthFailureReason::Invalid:
      return "invalid";
    case AuthFailureReason::RateLimited:
      return "rate_limited";
    case AuthFailureReason::Internal:
      return "internal";
  }
  return "invalid";
}

Authenticator::Authenticator(Parts parts) : parts_(parts) {
  // Same cost as real hashes, so verifying an unknown user takes as long as a known one.
  dummy_hash_ = parts_.hasher.hash(random_secret(16)).value_or("");
}

AuthOutcome Authenticator::authenticate(const AuthRequest& request) {
  if (!blank(request.authorization)) {
    if (auto wait = parts_.limiter.check(request.client_address)) {
      return failure(AuthFailureReason::RateLimited, *wait);
    }
    auto credentials = parse_authorization(request.authorization);
    if (!credentials) return failed(request.client_address);
    if (auto* b = std::get_if<BasicCredentials>(&*credentials)) {
      return basic(b->user, b->password, request.client_address);
    }
    return token(std::get<TokenCredentials>(*credentials).token, request.client_address);
  }
  if (!blank(request.session_cookie)) return session(request.session_cookie);
  return failure(AuthFailureReason::Missing);
}

AuthOutcome Authenticator::failed(std::string_view address) {
  parts_.limiter.record_failure(address);
  return failure(AuthFailureReason::Invalid);
}

AuthOutcome Authenticator::basic(const std::string& user, const std::string& password,
                                 std::string_view address) {
  if (auto cached = parts_.cache.lookup(user, password)) return std::move(*cached);
  const auto generation = parts_.cache.generation();  // before reading the record: see VerificationCache

  std::optional<store::UserRecord> record;
  {
    auto conn = parts_.db.lock();
    auto found = store::UserRepository(conn).find_by_name(user);
    if (!found) return failure(AuthFailureReason::Internal);
    record = std::move(*found);
  }
  if (!record) {
    (void)parts_.hasher.verify(dummy_hash_, password);
    return failed(address);
  }
  if (!parts_.hasher.verify(record->password_hash, password) || record->disabled) return failed(address);
  auto principal = principal_from_user(*record, AuthMethod::Basic);
  if (!principal) return failure(AuthFailureReason::Internal);
  if (parts_.hasher.needs_rehash(record->password_hash)) upgrade_hash(*record, password);
  parts_.cache.insert(user, password, *principal, generation);
  return std::move(*principal);
}

void Authenticator::upgrade_hash(const store::UserRecord& user, std::string_view password) {
  auto fresh = parts_.hasher.hash(password);
  if (!fresh) return;
  auto conn = parts_.db.lock();
  // Compare-and-set: a password change that happened meanwhile wins. Best effort.
  (void)store::UserRepository(conn).replace_password_hash(user.id, user.password_hash, *fresh);
}

AuthOutcome Authenticator::token(const std::string& secret, std::string_view address) {
  auto principal = parts_.tokens.authenticate(secret);
  if (!principal) return failure(AuthFailureReason::Internal);
  if (!*principal) return failed(address);
  return std::move(**principal);
}

AuthOutcome Authenticator::session(std::string_view session_id) {
  auto principal = parts_.sessions.authenticate(session_id);
  if (!principal) return failure(AuthFailureReason::Internal);
  if (!*principal) return failure(AuthFailureReason::Invalid);
  return std::move(**principal);
}

}  // namespace netmeter::auth
