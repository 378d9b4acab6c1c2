#include "auth/rate_limiter.hpp"

#include <algorithm>

#include "auth/network_acl.hpp"
#include "core/ip_address.hpp"

namespace netmeter::auth {

namespace {

constexpr std::size_t kMaxRawKeyLength = 64;

}  // namespace

std::string LoginRateLimiter::address_key(std::string_view address) {
  auto ip = core::IpAddress::parse(address);
  if (!ip) return std::string(address.substr(0, kMaxRawKeyLength));
  if (ip->is_v4()) return ip->to_string();
  const auto& b = ip->bytes();
  const bool v4_mapped = std::all_of(b.begin(), b.begin() + 10, [](uint8_t x) { return x == 0; }) &&
                         b[10] == 0xff && b[11] == 0xff;
  if (v4_mapped) return core::IpAddress::v4(b.data() + 12).to_string();
  if (auto block = Cidr::parse(ip->to_string() + "/64")) return block->to_string();
  return ip->to_string();
}

void LoginRateLimiter::forget_old(Entry& entry, TimePoint now) const {
  while (!entry.failures.empty() && entry.failures.front() + config_.window <= now)
    entry.failures.pop_front();
}

std::optional<std::chrono::seconds> LoginRateLimiter::check(std::string_view address) {
  const auto key = address_key(address);
  const auto now = clock_.now();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  forget_old(it->second, now);
  if (it->second.failures.empty()) {  // all aged out: forget the address
    lru_.erase(it->second.lru);
    entries_.erase(it);
    return std::nullopt;
  }
  if (static_cast<int>(it->second.failures.size()) < config_.max_failures) return std::nullopt;
  ++counters_.refusals;
  const auto wait = it->second.failures.front() + config_.window - now;
  const auto seconds = std::chrono::ceil<std::chrono::seconds>(wait);
  return std::max(seconds, std::chrono::seconds(1));
}

void LoginRateLimiter::record_failure(std::string_view address) {
  auto key = address_key(address);
  const auto now = clock_.now();
  std::lock_guard lock(mutex_);
  ++counters_.failures;
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    if (entries_.size() >= config_.max_tracked && !lru_.empty()) {
      entries_.erase(lru_.front());
      lru_.pop_front();
      ++counters_.evictions;
    }
    if (config_.max_tracked == 0) return;
    lru_.push_back(key);
    it = entries_.emplace(std::move(key), Entry{{}, std::prev(lru_.end())}).first;
  } else {
    lru_.splice(lru_.end(), lru_, it->second.lru);
  }
  auto& failures = it->second.failures;
  forget_old(it->second, now);
  failures.push_back(now);
  while (static_cast<int>(failures.size()) > config_.max_failures)
    failures.pop_front();
}

RateLimitCounters LoginRateLimiter::counters() const {
  std::lock_guard lock(mutex_);
  auto c = counters_;
  c.tracked = entries_.size();
  return c;
}

}  // namespace netmeter::auth
