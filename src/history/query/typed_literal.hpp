#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "history/flow_columns.hpp"
#include "history/query/clause_lexer.hpp"
#include "history/query/flow_query.hpp"
#include "history/query_types.hpp"

namespace netmeter::history::query {

/// A value typed for its column, or why it cannot be.
struct TypedLiteral {
  std::optional<Value> value;
  std::string error;  ///< when `value` is empty
};

/// The value a Bare or String token means for `column`: integers within the column type's range
/// (uint64_t), IPv4 addresses dotted or as a number (uint64_t), IPv6 addresses as text (16 bytes),
/// times as epoch seconds (uint64_t), text only quoted (std::string). Numbers may be quoted too.
TypedLiteral typed_literal(const ColumnInfo& column, const Token& token);

/// The pieces of a LIKE pattern: `%` any run, `_` any one character, `\%`, `\_` and `\\` the character
/// itself, anything else literal text.
std::vector<LikePiece> like_pattern(std::string_view text);

/// The largest value a column of this type holds.
uint64_t max_of(ColumnType type);

}  // namespace netmeter::history::query
