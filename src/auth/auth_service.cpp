#include "auth/auth_service.hpp"

namespace netmeter::auth {

AuthService::AuthService(store::Database& db, const Clock& clock, AuthConfig config)
    : hasher_(config.hash_cost),
      cache_(config.verification_cache, clock),
      limiter_(config.rate_limit, clock),
      users_(db, hasher_, cache_, clock),
      tokens_(db, clock, config.tokens, &cache_),
      sessions_(db, clock, config.sessions, [this] { tokens_.forget_cached(); }),
      authenticator_(Authenticator::Parts{db, hasher_, cache_, limiter_, tokens_, sessions_}) {}

}  // namespace netmeter::auth
