#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/call.hpp"

namespace netmeter::api {

/// Recently computed answers, by a key naming everything the answer depends on (the caller includes the
/// data's generation, so an entry is never served once the data changed: it just ages out). Least
/// recently used entries go first when `max_bytes` would be exceeded; an answer larger than an eighth of
/// it is not kept. Thread-safe.
class ResponseCache {
 public:
  explicit ResponseCache(size_t max_bytes = 32u << 20) : max_bytes_(max_bytes) {}

  std::optional<std::string> get(const std::string& key);
  void put(const std::string& key, std::string body);

  struct Counters {
    uint64_t hits = 0;
    uint64_t misses = 0;
    size_t entries = 0;
    size_t bytes = 0;
  };
  Counters counters() const;

 private:
  struct Entry {
    std::string key;
    std::string body;
  };
  void evict_locked(size_t needed);

  size_t max_bytes_;
  mutable std::mutex mutex_;
  std::list<Entry> lru_;  ///< most recent first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  size_t bytes_ = 0;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

/// What a statistics answer depends on besides the data: the slot and its generation, the request
/// (method, target and body) and who asks (what they may see). Dialects add what else selects their data.
std::string view_cache_key(uint32_t slot_id, uint64_t generation, const Call& call);

}  // namespace netmeter::api
