#pragma once

// Helpers for building application-layer messages byte by byte in the l7 tests.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace netmeter::l7::test {

using Message = std::vector<uint8_t>;

/// Bytes from hex digits; spaces and line breaks between them are ignored.
inline Message from_hex(std::string_view hex) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  Message out;
  int high = -1;
  for (char c : hex) {
    if (c == ' ' || c == '\n') continue;
    if (high < 0) {
      high = nibble(c);
    } else {
      out.push_back(static_cast<uint8_t>(high << 4 | nibble(c)));
      high = -1;
    }
  }
  return out;
}

inline Message from_text(std::string_view text) {
  return Message(text.begin(), text.end());
}

inline void put8(Message& m, unsigned v) {
  m.push_back(static_cast<uint8_t>(v));
}
inline void put16(Message& m, unsigned v) {
  put8(m, v >> 8);
  put8(m, v);
}
inline void put24(Message& m, unsigned v) {
  put8(m, v >> 16);
  put16(m, v);
}
inline void put32(Message& m, uint32_t v) {
  put16(m, v >> 16);
  put16(m, v);
}
// Byte by byte: vector::insert of a range trips GCC 12's -Wstringop-overflow false positives here.
inline void append(Message& m, std::span<const uint8_t> bytes) {
  for (uint8_t b : bytes)
    m.push_back(b);
}
inline void append(Message& m, std::string_view text) {
  for (char c : text)
    m.push_back(static_cast<uint8_t>(c));
}

/// Calls f with each prefix of `m` (lengths 0 .. m.size()), each in a buffer of exactly that size so
/// that a sanitizer build catches any read past its end.
template <typename F>
void for_each_prefix(const Message& m, F f) {
  for (size_t n = 0; n <= m.size(); ++n) {
    Message prefix(m.begin(), m.begin() + static_cast<std::ptrdiff_t>(n));
    f(std::span<const uint8_t>(prefix), n);
  }
}

}  // namespace netmeter::l7::test
