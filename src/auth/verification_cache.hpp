#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/clock.hpp"
#include "auth/principal.hpp"

namespace netmeter::auth {

struct VerificationCacheConfig {
  std::chrono::seconds ttl{60};
  std::size_t capacity = 1024;
};

/// Remembers recent successful HTTP Basic verifications so that a client sending the same
/// user:password on every request pays for Argon2id once per TTL instead of once per request.
///
/// The key is a keyed BLAKE2b hash (crypto_generichash) of user and password under a random key
/// drawn per process (per cache instance): the cache never holds a password or anything that can be
/// tested offline against guesses once the process is gone. Entries live `ttl` at most; a change to a
/// user (password, role, permissions, disabled, deletion) removes that user's entries through
/// `invalidate_user`. A verification that raced with such a change cannot re-insert a stale entry:
/// callers read `generation()` before loading the user record and pass it to `insert`, which
/// ignores the entry if any invalidation happened in between. When full, expired entries go first,
/// then the one closest to expiry. Thread-safe (one mutex; operations are short).
class VerificationCache {
 public:
  VerificationCache(VerificationCacheConfig config, const Clock& clock);
  ~VerificationCache();
  VerificationCache(const VerificationCache&) = delete;
  VerificationCache& operator=(const VerificationCache&) = delete;

  std::optional<Principal> lookup(std::string_view user, std::string_view password);
  uint64_t generation() const;
  void insert(std::string_view user, std::string_view password, const Principal& principal,
              uint64_t generation_seen);
  void invalidate_user(std::string_view user);
  void clear();
  std::size_t size() const;

 private:
  using Key = std::array<uint8_t, 32>;
  struct KeyHash {
    std::size_t operator()(const Key& k) const;
  };
  struct Entry {
    TimePoint expires;
    Principal principal;
  };

  Key key_of(std::string_view user, std::string_view password) const;
  void make_room(TimePoint now);

  VerificationCacheConfig config_;
  const Clock& clock_;
  std::array<uint8_t, 32> secret_{};
  mutable std::mutex mutex_;
  uint64_t generation_ = 0;
  std::unordered_map<Key, Entry, KeyHash> entries_;
};

}  // namespace netmeter::auth
