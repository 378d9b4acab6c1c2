#include "ringbuffer/key_set.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "core/hash.hpp"

namespace netmeter::ringbuffer {

namespace {

constexpr int kProbes = 4;

uint64_t tagged(uint64_t tag, uint64_t value) {
  return core::mix64(value * 0x9e3779b97f4a7c15ULL ^ (tag << 56));
}

}  // namespace

namespace key {

uint64_t ip(const core::IpAddress& address) {
  const auto& b = address.bytes();
  uint64_t h = core::mix64(core::load_u64(b.data()) ^ address.version());
  return tagged(1, h ^ core::load_u64(b.data() + 8));
}

uint64_t port(uint16_t value) {
  return tagged(2, value);
}

uint64_t vlan(uint16_t id) {
  return tagged(3, id);
}

uint64_t mac(const filter::MacAddress& m) {
  uint64_t v = 0;
  std::memcpy(&v, m.bytes.data(), m.bytes.size());
  return tagged(4, v);
}

}  // namespace key

KeySummary::KeySummary(size_t distinct_keys, size_t max_bits) {
  size_t bits = std::bit_ceil(std::max(distinct_keys * 16, kMinBits));
  bits = std::min(bits, std::bit_floor(std::clamp(max_bits, kMinBits, kMaxBits)));
  words_.assign(bits / 64, 0);
}

void KeySummary::add(uint64_t k) {
  if (words_.empty()) return;
  const uint64_t mask = words_.size() * 64 - 1;
  uint64_t h1 = k;
  uint64_t h2 = core::mix64(k) | 1;
  for (int i = 0; i < kProbes; ++i) {
    uint64_t bit = (h1 + static_cast<uint64_t>(i) * h2) & mask;
    words_[bit >> 6] |= uint64_t{1} << (bit & 63);
  }
}

bool KeySummary::may_hold(uint64_t k) const {
  if (words_.empty()) return true;
  const uint64_t mask = words_.size() * 64 - 1;
  uint64_t h1 = k;
  uint64_t h2 = core::mix64(k) | 1;
  for (int i = 0; i < kProbes; ++i) {
    uint64_t bit = (h1 + static_cast<uint64_t>(i) * h2) & mask;
    if (!(words_[bit >> 6] & (uint64_t{1} << (bit & 63)))) return false;
  }
  return true;
}

}  // namespace netmeter::ringbuffer
