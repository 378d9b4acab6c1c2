#pragma once

#include <cstdint>
#include <cstring>

namespace netmeter::core {

/// 64-bit finaliser (from the splitmix64 generator): cheap and well mixed, enough for hash tables.
constexpr uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

inline uint64_t load_u64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace netmeter::core
