#pragma once

// Small ASCII helpers shared by the parser, the value parsers and the evaluator. None of them allocates.

#include <cstdint>
#include <optional>
#include <string_view>

namespace netmeter::filter {

constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/// A decimal number of at most `max` written with digits only (leading zeros allowed, at most 10
/// digits); nullopt for anything else, including an empty text or a sign.
constexpr std::optional<uint32_t> parse_decimal(std::string_view text, uint32_t max) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > max) return std::nullopt;
  return static_cast<uint32_t>(v);
}

/// `text` without leading and trailing spaces and tabs.
constexpr std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

}  // namespace netmeter::filter
