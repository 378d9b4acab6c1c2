#include "http/detail/connection_registry.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstring>
#include <vector>

namespace netmeter::http {

std::string client_key(std::string_view address) {
  std::string text(address);
  if (text.starts_with("::ffff:") && text.find('.') != std::string::npos) return text.substr(7);
  std::array<unsigned char, 16> v6{};
  if (inet_pton(AF_INET6, text.c_str(), v6.data()) != 1) return text;
  std::memset(v6.data() + 8, 0, 8);
  std::array<char, INET6_ADDRSTRLEN> out{};
  if (inet_ntop(AF_INET6, v6.data(), out.data(), out.size()) == nullptr) return text;
  return std::string(out.data()) + "/64";
}

uint64_t ConnectionRegistry::admit(const std::string& client, const ConnectionLimits& limits, Abort abort,
                                   uint64_t& evicted) {
  std::vector<Abort> victims;  // called outside the lock: an abort may finish a connection at once
  uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return 0;
    auto count = [&] {
      auto it = per_client_.find(client);
      return it == per_client_.end() ? size_t{0} : it->second;
    };
    if (count() >= limits.max_per_client) {
      uint64_t victim = oldest_idle(&client);
      if (victim == 0) return 0;
      victims.push_back(evict(victim));
    }
    if (entries_.size() >= limits.max_total) {
      const std::string* crowded = busiest_client_with_idle();
      uint64_t victim = crowded ? oldest_idle(crowded) : 0;
      if (victim == 0) return 0;
      victims.push_back(evict(victim));
    }
    id = next_id_++;
    entries_.emplace(id, Entry{client, std::move(abort), ++sequence_, false});
    ++per_client_[client];
  }
  evicted += victims.size();
  for (auto& victim : victims)
    victim();
  return id;
}

uint64_t ConnectionRegistry::oldest_idle(const std::string* client) const {
  uint64_t best = 0;
  uint64_t best_since = UINT64_MAX;
  for (const auto& [id, e] : entries_) {
    if (e.busy || (client && e.client != *client)) continue;
    if (e.idle_since < best_since) {
      best = id;
      best_since = e.idle_since;
    }
  }
  return best;
}

const std::string* ConnectionRegistry::busiest_client_with_idle() const {
  std::unordered_map<std::string_view, size_t> idle;
  for (const auto& [id, e] : entries_)
    if (!e.busy) ++idle[e.client];
  const std::string* best = nullptr;
  size_t best_count = 0;
  for (const auto& [client, n] : per_client_) {
    if (!idle.contains(client)) continue;
    if (n > best_count) {
      best = &client;
      best_count = n;
    }
  }
  return best;
}

ConnectionRegistry::Abort ConnectionRegistry::evict(uint64_t id) {
  auto it = entries_.find(id);
  Abort abort = std::move(it->second.abort);
  if (--per_client_[it->second.client] == 0) per_client_.erase(it->second.client);
  entries_.erase(it);
  return abort;
}

void ConnectionRegistry::set_busy(uint64_t id, bool busy) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.busy == busy) return;
  it->second.busy = busy;
  if (!busy) it->second.idle_since = ++sequence_;
}

void ConnectionRegistry::remove(uint64_t id) {
  std::lock_guard lock(mutex_);
  if (entries_.contains(id)) (void)evict(id);
}

void ConnectionRegistry::abort_all() {
  std::vector<Abort> aborts;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    for (auto& [id, e] : entries_)
      aborts.push_back(e.abort);
  }
  for (auto& abort : aborts)
    abort();
}

size_t ConnectionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

size_t ConnectionRegistry::busy() const {
  std::lock_guard lock(mutex_);
  size_t n = 0;
  for (const auto& [id, e] : entries_)
    n += e.busy ? 1 : 0;
  return n;
}

size_t ConnectionRegistry::size_of(const std::string& client) const {
  std::lock_guard lock(mutex_);
  auto it = per_client_.find(client);
  return it == per_client_.end() ? 0 : it->second;
}

}  // namespace netmeter::http
