#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/ip_address.hpp"
#include "filter/mac_address.hpp"

namespace netmeter::ringbuffer {

/// The hashed values a segment's summary records and an extraction asks for: addresses, ports, VLAN IDs
/// and MAC addresses, each in its own key space.
namespace key {
uint64_t ip(const core::IpAddress& address);
uint64_t port(uint16_t port);
uint64_t vlan(uint16_t id);
uint64_t mac(const filter::MacAddress& mac);
}  // namespace key

/// A Bloom filter over keys: "may hold" answers have false positives (about 0.2 % at 16 bits per key),
/// never false negatives. Sized once from the number of distinct keys it will hold: 16 bits per key,
/// rounded up to a power of two, from kMinBits to `max_bits` (beyond, it answers "may hold" more often).
class KeySummary {
 public:
  KeySummary() = default;
  explicit KeySummary(size_t distinct_keys, size_t max_bits = kMaxBits);
  /// Takes the words of a summary read back from an index; they must be a power of two in number.
  explicit KeySummary(std::vector<uint64_t> words) : words_(std::move(words)) {}

  void add(uint64_t key);
  bool may_hold(uint64_t key) const;
  /// An empty summary (none was kept) holds everything.
  bool empty() const { return words_.empty(); }
  const std::vector<uint64_t>& words() const { return words_; }

  static constexpr size_t kMinBits = 4096;
  static constexpr size_t kMaxBits = size_t{1} << 22;

 private:
  std::vector<uint64_t> words_;
};

}  // namespace netmeter::ringbuffer
