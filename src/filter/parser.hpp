#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "filter/expression.hpp"

namespace netmeter::filter {

/// Longest expression accepted, in bytes.
inline constexpr size_t kMaxExpressionLength = 4096;
/// Deepest nesting of `(` and `!(` accepted.
inline constexpr int kMaxNestingDepth = 64;

/// Why an expression was refused, and where: `column` is 1-based, in bytes of the text given.
struct ParseError {
  size_t column = 0;
  std::string message;

  /// "column 9: invalid IP address '1.2.3.256' ...".
  std::string to_string() const { return "column " + std::to_string(column) + ": " + message; }
};

/// The tree, or the first error.
struct ParseResult {
  std::optional<Expression> expression;
  ParseError error;  ///< meaningful when `expression` is empty

  explicit operator bool() const { return expression.has_value(); }
};

/// Parses an Allegro filter expression (docs/filter.md) into a typed tree. Every value is checked
/// against its field here; the text is expected percent-decoded already (a stray `%20` is read as a
/// space). An empty or blank text is an error: callers treat a missing expression as "no filter".
/// Never throws on any input (only std::bad_alloc can leave it).
ParseResult parse(std::string_view text);

}  // namespace netmeter::filter
