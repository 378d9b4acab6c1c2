#include "auth/verification_cache.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace netmeter::auth {

VerificationCache::VerificationCache(VerificationCacheConfig config, const Clock& clock)
    : config_(config), clock_(clock) {
  randombytes_buf(secret_.data(), secret_.size());
}

VerificationCache::~VerificationCache() {
  sodium_memzero(secret_.data(), secret_.size());
}

std::size_t VerificationCache::KeyHash::operator()(const Key& k) const {
  std::size_t h = 0;
  std::memcpy(&h, k.data(), sizeof h);  // already a keyed hash: any 8 bytes are uniform
  return h;
}

VerificationCache::Key VerificationCache::key_of(std::string_view user, std::string_view password) const {
  // Length-prefix the user so that ("ab", "c") and ("a", "bc") hash differently.
  crypto_generichash_state state;
  crypto_generichash_init(&state, secret_.data(), secret_.size(), sizeof(Key));
  const uint64_t user_size = user.size();
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(&user_size), sizeof user_size);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(user.data()), user.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(password.data()), password.size());
  Key key{};
  crypto_generichash_final(&state, key.data(), key.size());
  return key;
}

std::optional<Principal> VerificationCache::lookup(std::string_view user, std::string_view password) {
  const auto key = key_of(user, password);
  const auto now = clock_.now();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.expires <= now) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.principal;
}

uint64_t VerificationCache::generation() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

void VerificationCache::insert(std::string_view user, std::string_view password, const Principal& principal,
                               uint64_t generation_seen) {
  if (config_.capacity == 0 || config_.ttl.count() <= 0) return;
  const auto key = key_of(user, password);
  const auto now = clock_.now();
  std::lock_guard lock(mutex_);
  if (generation_seen != generation_) return;  // the user changed while we verified
  if (entries_.size() >= config_.capacity && !entries_.contains(key)) make_room(now);
  entries_.insert_or_assign(key, Entry{now + config_.ttl, principal});
}

void VerificationCache::make_room(TimePoint now) {
  std::erase_if(entries_, [now](const auto& item) { return item.second.expires <= now; });
  if (entries_.size() < config_.capacity) return;
  auto oldest = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
    return a.second.expires < b.second.expires;
  });
  entries_.erase(oldest);
}

void VerificationCache::invalidate_user(std::string_view user) {
  std::lock_guard lock(mutex_);
  ++generation_;
  std::erase_if(entries_, [user](const auto& item) { return item.second.principal.user_name == user; });
}

void VerificationCache::clear() {
  std::lock_guard lock(mutex_);
  ++generation_;
  entries_.clear();
}

std::size_t VerificationCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace netmeter::auth
