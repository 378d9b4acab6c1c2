#pragma once

// Helpers shared by the libFuzzer targets.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "core/link_type.hpp"

namespace netmeter::fuzz {

/// A broken invariant is a finding like a sanitizer report: print it and abort so libFuzzer saves the input.
#define NETMETER_FUZZ_CHECK(cond)                                                                       \
  do {                                                                                                  \
    if (!(cond)) {                                                                                      \
      std::fprintf(stderr, "netmeter fuzz: invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                                     \
    }                                                                                                   \
  } while (0)

constexpr int kLinkTypeCount = static_cast<int>(core::LinkType::CiscoHdlc) + 1;

/// The link type a selector byte names: its low nibble, modulo the number of link types.
inline core::LinkType link_type_from_byte(uint8_t b) {
  return static_cast<core::LinkType>((b & 0x0F) % kLinkTypeCount);
}

}  // namespace netmeter::fuzz
