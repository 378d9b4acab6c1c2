#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "filter/field.hpp"

namespace netmeter::filter {

/// One token. `column` is 1-based, in bytes of the original text.
struct Token {
  enum class Kind : uint8_t {
    End,
    LParen,
    RParen,
    Bang,      ///< `!` (NOT; the parser wants `(` next)
    And,       ///< `and`, `&&`
    Or,        ///< `or`, `||`
    Word,      ///< a field name (letters, digits, `_`)
    Operator,  ///< `op` is set
    Literal,   ///< a value: `text` holds it, quotes removed and `%20` read as a space
    Invalid,   ///< `text` holds what is wrong
  };

  Kind kind = Kind::End;
  size_t column = 0;
  std::string text;
  Op op = Op::Eq;
};

/// Splits an expression into tokens. The grammar decides what comes next, so the parser asks for a
/// structural token, an operator or a value. Blanks (space, tab, CR, LF) separate tokens, and so does
/// the text `%20`, which the lexer reads as a space everywhere (also inside quotes) for clients that
/// encode spaces twice; no other percent sequence is decoded. Bytes outside printable ASCII are errors.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  /// `(`, `)`, `!`, `&&`, `||`, a word (`and`/`or` in any case become And/Or), or the end.
  Token next();
  /// The token next() would return, without consuming it.
  Token peek();
  /// `==`, `eq`, `!=`, `ne`, `===`, `<`, `<=`, `>`, `>=`, `~`.
  Token next_operator();
  /// A double-quoted value, or a run of characters other than blanks and `( ) " & | ! = < > ~`.
  Token next_value();

 private:
  void skip_blanks();
  bool at_space(size_t pos) const;
  Token make(Token::Kind kind, size_t start, size_t length);
  Token invalid(size_t start, std::string message) const;
  Token unexpected_character(size_t pos) const;

  std::string_view text_;
  size_t pos_ = 0;
};

/// The text quoted for an error message: at most 40 characters, then "...".
std::string quote_for_error(std::string_view text);

}  // namespace netmeter::filter
