#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "auth/clock.hpp"
#include "auth/crypto.hpp"
#include "auth/principal.hpp"
#include "auth/verification_cache.hpp"

namespace netmeter::auth {

struct TokenCacheConfig {
  std::chrono::seconds ttl{30};
  std::size_t capacity = 1024;
};

/// Remembers recent successful API-token verifications so that a client presenting the same token on
/// every request skips the store lookup (one SQLite query behind the database mutex, two with the
/// owner) and pays for one SHA-256 and a hash-map lookup.
///
/// Keyed by the token's SHA-256 digest, which is what the store holds anyway: the cache keeps nothing
/// a memory dump would not already reveal from the database. Entries live `ttl` at most and never past
/// the token's own expiry. Invalidation follows VerificationCache's generation counter: revocation
/// (`invalidate_token`) bumps this cache's generation, and any change to any user (role, permissions,
/// disabled, deletion) bumps the VerificationCache's, which UserService already does; an entry records
/// both at insert and is a miss as soon as either moved. Callers read `generation()` before loading the
/// token and its owner and pass it to `insert`, which drops the entry if an invalidation happened in
/// between. Owner changes are rare, so any of them empties the cache in effect instead of tracking
/// which tokens belong to whom. Thread-safe (one mutex, short sections).
class TokenCache {
 public:
  struct Generation {
    uint64_t tokens = 0;
    uint64_t users = 0;
    bool operator==(const Generation&) const = default;
  };

  /// `user_changes` (may be null in tests): its generation moves whenever a user changes.
  TokenCache(TokenCacheConfig config, const Clock& clock, const VerificationCache* user_changes)
      : config_(config), clock_(clock), user_changes_(user_changes) {}
  TokenCache(const TokenCache&) = delete;
  TokenCache& operator=(const TokenCache&) = delete;

  std::optional<Principal> lookup(const Sha256Digest& digest);
  Generation generation() const;
  /// `expires`: the token's own expiry, if any.
  void insert(const Sha256Digest& digest, const Principal& principal, std::optional<TimePoint> expires,
              Generation generation_seen);
  void invalidate_token(int64_t token_id);
  void invalidate_all();
  std::size_t size() const;

 private:
  struct DigestHash {
    std::size_t operator()(const Sha256Digest& d) const;
  };
  struct Entry {
    TimePoint expires;
    Principal principal;
    uint64_t users_generation;
  };
  uint64_t users_generation() const { return user_changes_ ? user_changes_->generation() : 0; }
  void make_room(TimePoint now);

  TokenCacheConfig config_;
  const Clock& clock_;
  const VerificationCache* user_changes_;
  mutable std::mutex mutex_;
  uint64_t generation_ = 0;
  std::unordered_map<Sha256Digest, Entry, DigestHash> entries_;
};

}  // namespace netmeter::auth
