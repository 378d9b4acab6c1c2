#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace netmeter::core {

/// An IPv4 or IPv6 address. IPv4 addresses occupy the first four bytes; the rest stay zero so that
/// equality and hashing can look at all sixteen bytes.
class IpAddress {
 public:
  constexpr IpAddress() = default;

  static IpAddress v4(const uint8_t* bytes) {
    IpAddress a;
    a.version_ = 4;
    std::memcpy(a.bytes_.data(), bytes, 4);
    return a;
  }
  static IpAddress v6(const uint8_t* bytes) {
    IpAddress a;
    a.version_ = 6;
    std::memcpy(a.bytes_.data(), bytes, 16);
    return a;
  }
  static std::optional<IpAddress> parse(std::string_view text);

  uint8_t version() const { return version_; }
  bool is_v4() const { return version_ == 4; }
  bool is_v6() const { return version_ == 6; }
  bool empty() const { return version_ == 0; }
  /// 224.0.0.0/4 or ff00::/8.
  bool is_multicast() const { return is_v4() ? (bytes_[0] & 0xF0) == 0xE0 : is_v6() && bytes_[0] == 0xFF; }
  /// 255.255.255.255.
  bool is_limited_broadcast() const {
    return is_v4() && bytes_[0] == 255 && bytes_[1] == 255 && bytes_[2] == 255 && bytes_[3] == 255;
  }
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }
  std::string to_string() const;
  /// Bytes 8i..8i+7 as a big-endian number (i = 0 or 1): prefix tests are two masked compares.
  uint64_t numeric(int i) const { return __builtin_bswap64(word(i)); }

  // Comparisons run per packet (flow keys); two 64-bit loads beat a memcmp call. The order is
  // version first, then the address bytes as a big-endian number, i.e. the usual numeric order.
  friend bool operator==(const IpAddress& a, const IpAddress& b) {
    return a.word(0) == b.word(0) && a.word(1) == b.word(1) && a.version_ == b.version_;
  }
  friend std::strong_ordering operator<=>(const IpAddress& a, const IpAddress& b) {
    if (auto c = a.version_ <=> b.version_; c != 0) return c;
    if (auto c = a.numeric(0) <=> b.numeric(0); c != 0) return c;
    return a.numeric(1) <=> b.numeric(1);
  }

 private:
  uint64_t word(int i) const {
    uint64_t w;
    std::memcpy(&w, bytes_.data() + 8 * i, sizeof w);
    return w;
  }

  std::array<uint8_t, 16> bytes_{};
  uint8_t version_ = 0;
};

}  // namespace netmeter::core
