#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace netmeter::history::query {

/// Why a clause was refused: which parameter (`where_clause`, ...), where in it (1-based byte column; 0
/// when the whole clause is meant) and what is wrong. The API answers INVALID_ARGUMENTS with to_string().
struct ClauseError {
  std::string clause;
  size_t column = 0;
  std::string message;

  /// "where_clause, column 12: unknown column 'FOO'".
  std::string to_string() const {
    if (column == 0) return clause + ": " + message;
    return clause + ", column " + std::to_string(column) + ": " + message;
  }
};

/// The text quoted in an error message: at most 40 bytes, then "..."; bytes outside printable ASCII
/// read as `?`.
std::string quote_for_error(std::string_view text);

}  // namespace netmeter::history::query
