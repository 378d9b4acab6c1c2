#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace netmeter::l7 {

// Big-endian loads; callers check bounds first.
constexpr uint16_t load_be16(const uint8_t* p) {
  return static_cast<uint16_t>((p[0] << 8) | p[1]);
}
constexpr uint32_t load_be24(const uint8_t* p) {
  return (uint32_t{p[0]} << 16) | (uint32_t{p[1]} << 8) | p[2];
}
constexpr uint32_t load_be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

/// A bounds-checked cursor over packet bytes. A read past the end returns zeros (or an empty span),
/// moves the cursor to the end and sets `short_read()`, so a parser can read a fixed layout and check once.
class ByteReader {
 public:
  constexpr ByteReader() = default;
  constexpr explicit ByteReader(std::span<const uint8_t> data) : data_(data) {}

  constexpr size_t offset() const { return pos_; }
  constexpr size_t remaining() const { return data_.size() - pos_; }
  constexpr bool at_end() const { return pos_ == data_.size(); }
  constexpr bool short_read() const { return short_; }

  constexpr uint8_t u8() { return need(1) ? data_[pos_++] : 0; }
  constexpr uint16_t u16() { return need(2) ? advance(2, load_be16(data_.data() + pos_)) : 0; }
  constexpr uint32_t u24() { return need(3) ? advance(3, load_be24(data_.data() + pos_)) : 0; }
  constexpr uint32_t u32() { return need(4) ? advance(4, load_be32(data_.data() + pos_)) : 0; }
  constexpr std::span<const uint8_t> bytes(size_t n) {
    if (!need(n)) return {};
    auto s = data_.subspan(pos_, n);
    pos_ += n;
    return s;
  }
  constexpr void skip(size_t n) {
    if (need(n)) pos_ += n;
  }

 private:
  constexpr bool need(size_t n) {
    if (!short_ && n <= remaining()) return true;
    short_ = true;
    pos_ = data_.size();
    return false;
  }
  template <typename T>
  constexpr T advance(size_t n, T value) {
    pos_ += n;
    return value;
  }

  std::span<const uint8_t> data_;
  size_t pos_ = 0;
  bool short_ = false;
};

}  // namespace netmeter::l7
