#include "api/common/response_cache.hpp"

#include <string>

namespace netmeter::api {

namespace {

size_t cost(const std::string& key, const std::string& body) {
  return key.size() + body.size() + 64;  // list node and index entry, roughly
}

}  // namespace

std::optional<std::string> ResponseCache::get(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(key);
  if (it == index_.end()) {
    ++misses_;
    return std::nullopt;
  }
  ++hits_;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->body;
}

void ResponseCache::put(const std::string& key, std::string body) {
  const size_t c = cost(key, body);
  if (c > max_bytes_ / 8) return;
  std::lock_guard lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= cost(it->second->key, it->second->body);
    lru_.erase(it->second);
    index_.erase(it);
  }
  evict_locked(c);
  lru_.push_front({key, std::move(body)});
  index_.emplace(key, lru_.begin());
  bytes_ += c;
}

void ResponseCache::evict_locked(size_t needed) {
  while (!lru_.empty() && bytes_ + needed > max_bytes_) {
    const Entry& e = lru_.back();
    bytes_ -= cost(e.key, e.body);
    index_.erase(e.key);
    lru_.pop_back();
  }
}

ResponseCache::Counters ResponseCache::counters() const {
  std::lock_guard lock(mutex_);
  return {hits_, misses_, index_.size(), bytes_};
}

std::string view_cache_key(uint32_t slot_id, uint64_t generation, const Call& call) {
  std::string key = std::to_string(slot_id);
  key += '/';
  key += std::to_string(generation);
  key += ' ';
  key += call.request.method;
  key += ' ';
  key += call.request.target;
  if (!call.request.body.empty()) key.append("\nbody ").append(call.request.body);
  if (const auth::Principal* p = call.principal; p && !p->allowed_networks.unrestricted()) {
    key += "\nuser ";
    key += std::to_string(p->user_id);
    for (const auto& n : p->allowed_networks.networks())
      key.append(" ").append(n.to_string());
  }
  return key;
}

}  // namespace netmeter::api
