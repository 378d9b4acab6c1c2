#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "history/query/clause_error.hpp"
#include "history/query/flow_query.hpp"

namespace netmeter::history::query {

/// One token of a clause. `column` is 1-based, in bytes of the clause.
struct Token {
  enum class Kind : uint8_t {
    End,
    Identifier,  ///< letters, digits, `_`, not starting with a digit: a column, keyword, function or alias
    Bare,        ///< an unquoted value: a number, `-5`, a dotted IPv4 or an IPv6 address (`fe80::1`)
    String,      ///< a quoted value, quotes removed and escapes read (`text`)
    LParen,
    RParen,
    Comma,
    Star,
    Compare,  ///< `=`, `==`, `!=`, `<>`, `<`, `<=`, `>`, `>=` (`op`)
    Invalid,  ///< `text` says what is wrong
  };

  Kind kind = Kind::End;
  size_t column = 0;
  std::string text;
  CompareOp op = CompareOp::Eq;

  bool is_keyword(std::string_view word) const;
};

/// The error `message` found at token `at` of `clause` (an invalid token brings its own message; the end
/// of the clause and other tokens are named after it).
ClauseError error_at(std::string_view clause, const Token& at, std::string message);

/// Splits a clause into tokens. Blanks separate tokens. Strings are quoted with `'` or `"` (ntopng's
/// clients use both for values); inside, a doubled quote or `\'` / `\"` is the quote, `\\` a backslash,
/// and any other `\x` stays as written (LIKE reads `\%` and `\_`). What SQL could use to break out of
/// a value is refused here, with a message: `;`, comments (`--`, `/*`), backquoted identifiers, control
/// bytes, and bytes above 0x7F outside strings.
class ClauseLexer {
 public:
  explicit ClauseLexer(std::string_view text) : text_(text) {}

  Token next();
  Token peek();

 private:
  void skip_blanks();
  Token make(Token::Kind kind, size_t start, size_t end);
  Token invalid(size_t start, std::string message);
  Token lex_string(size_t start);
  Token lex_bare(size_t start, size_t end);
  Token lex_symbol(size_t start);

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace netmeter::history::query
