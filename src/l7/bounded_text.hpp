#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace netmeter::l7 {

/// A byte from a packet as a character that is safe to print, log or put in JSON: printable ASCII stays,
/// anything else (control characters, DEL, bytes >= 0x80) becomes '?'.
constexpr char printable_char(uint8_t byte) {
  return byte >= 0x20 && byte < 0x7F ? static_cast<char>(byte) : '?';
}

constexpr uint8_t ascii_lower(uint8_t byte) {
  return byte >= 'A' && byte <= 'Z' ? static_cast<uint8_t>(byte + ('a' - 'A')) : byte;
}

/// Text copied out of a packet into a fixed buffer, so that parsing never allocates. It holds printable
/// ASCII only (see printable_char) and at most N characters; `truncated` says the text was longer than
/// the buffer or was cut by the end of the captured bytes.
template <size_t N>
struct BoundedText {
  static_assert(N > 0 && N <= 0xFFFF);
  static constexpr size_t kCapacity = N;

  std::array<char, N> chars{};
  uint16_t length = 0;
  bool truncated = false;

  std::string_view view() const { return {chars.data(), length}; }
  bool empty() const { return length == 0; }
  bool full() const { return length == N; }

  /// Appends one character as is (the caller passes printable ASCII); false once the buffer is full.
  bool push(char c) {
    if (full()) {
      truncated = true;
      return false;
    }
    chars[length++] = c;
    return true;
  }
  /// Appends packet bytes made printable, lower-cased when `lower` (for case-insensitive names).
  void append(std::span<const uint8_t> bytes, bool lower = false) {
    for (uint8_t b : bytes)
      if (!push(printable_char(lower ? ascii_lower(b) : b))) return;
  }
  void assign(std::span<const uint8_t> bytes, bool lower = false) {
    clear();
    append(bytes, lower);
  }
  void assign(std::string_view text) {
    clear();
    for (char c : text)
      if (!push(printable_char(static_cast<uint8_t>(c)))) return;
  }
  void clear() {
    length = 0;
    truncated = false;
  }
};

}  // namespace netmeter::l7
