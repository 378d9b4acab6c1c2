#include "auth/token_cache.hpp"

#include <algorithm>
#include <cstring>

namespace netmeter::auth {

std::size_t TokenCache::DigestHash::operator()(const Sha256Digest& d) const {
  // The digest is uniformly distributed already.
  std::size_t h;
  std::memcpy(&h, d.data(), sizeof h);
  return h;
}

std::optional<Principal> TokenCache::lookup(const Sha256Digest& digest) {
  const auto now = clock_.now();
  const uint64_t users = users_generation();  // its own lock, taken before ours: no lock order
  std::lock_guard lock(mutex_);
  auto it = entries_.find(digest);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.expires <= now || it->second.users_generation != users) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.principal;
}

TokenCache::Generation TokenCache::generation() const {
  const uint64_t users = users_generation();
  std::lock_guard lock(mutex_);
  return {generation_, users};
}

void TokenCache::insert(const Sha256Digest& digest, const Principal& principal,
                        std::optional<TimePoint> expires, Generation generation_seen) {
  const auto now = clock_.now();
  auto until = now + config_.ttl;
  if (expires) until = std::min(until, *expires);
  if (until <= now || config_.capacity == 0) return;
  const uint64_t users = users_generation();
  std::lock_guard lock(mutex_);
  if (generation_seen != Generation{generation_, users}) return;  // revoked or owner changed meanwhile
  if (entries_.size() >= config_.capacity && !entries_.contains(digest)) make_room(now);
  entries_.insert_or_assign(digest, Entry{until, principal, users});
}

void TokenCache::make_room(TimePoint now) {
  std::erase_if(entries_, [&](const auto& e) { return e.second.expires <= now; });
  if (entries_.size() < config_.capacity) return;
  auto oldest = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
    return a.second.expires < b.second.expires;
  });
  entries_.erase(oldest);
}

void TokenCache::invalidate_token(int64_t token_id) {
  std::lock_guard lock(mutex_);
  ++generation_;
  std::erase_if(entries_, [&](const auto& e) { return e.second.principal.token_id == token_id; });
}

void TokenCache::invalidate_all() {
  std::lock_guard lock(mutex_);
  ++generation_;
  entries_.clear();
}

std::size_t TokenCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace netmeter::auth
