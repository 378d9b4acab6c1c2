#include "history/query/clause_lexer.hpp"

#include "filter/text.hpp"
#include "history/query/clause_error.hpp"

namespace netmeter::history::query {
namespace {

using filter::is_digit;

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Characters of an unquoted value: digits, letters (hex digits of IPv6, exponents that are then
// refused with a clear message), dots and colons.
bool is_bare_char(char c) {
  return is_letter(c) || is_digit(c) || c == '.' || c == ':';
}

std::string hex_byte(char c) {
  constexpr char kHex[] = "0123456789abcdef";
  const auto b = static_cast<unsigned char>(c);
  return std::string("0x") + kHex[b >> 4] + kHex[b & 0xF];
}

}  // namespace

std::string quote_for_error(std::string_view text) {
  constexpr size_t kMax = 40;
  std::string out = "'";
  // Only printable ASCII: a cut multi-byte character would make the message invalid UTF-8.
  for (char c : text.substr(0, kMax))
    out += (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) ? '?' : c;
  if (text.size() > kMax) out += "...";
  out += "'";
  return out;
}

bool Token::is_keyword(std::string_view word) const {
  return kind == Kind::Identifier && filter::iequals(text, word);
}

void ClauseLexer::skip_blanks() {
  while (pos_ < text_.size() && is_blank(text_[pos_]))
    ++pos_;
}

Token ClauseLexer::make(Token::Kind kind, size_t start, size_t end) {
  Token t;
  t.kind = kind;
  t.column = start + 1;
  t.text = std::string(text_.substr(start, end - start));
  pos_ = end;
  return t;
}

Token ClauseLexer::invalid(size_t start, std::string message) {
  Token t;
  t.kind = Token::Kind::Invalid;
  t.column = start + 1;
  t.text = std::move(message);
  pos_ = text_.size();
  return t;
}

Token ClauseLexer::lex_string(size_t start) {
  const char quote = text_[start];
  Token t;
  t.kind = Token::Kind::String;
  t.column = start + 1;
  size_t i = start + 1;
  while (i < text_.size()) {
    const char c = text_[i];
    if (c == quote) {
      if (i + 1 < text_.size() && text_[i + 1] == quote) {
        t.text += quote;
        i += 2;
        continue;
      }
      pos_ = i + 1;
      return t;
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
      return invalid(i, "control byte " + hex_byte(c) + " inside a quoted value");
    if (c == '\\' && i + 1 < text_.size()) {
      const char n = text_[i + 1];
      if (n == '\'' || n == '"' || n == '\\') {
        t.text += n;  // `\\` is one backslash, as in ClickHouse's string literals
        i += 2;
        continue;
      }
    }
    t.text += c;
    ++i;
  }
  return invalid(start, std::string("missing closing ") + quote);
}

Token ClauseLexer::lex_bare(size_t start, size_t end) {
  while (end < text_.size() && is_bare_char(text_[end]))
    ++end;
  return make(Token::Kind::Bare, start, end);
}

Token ClauseLexer::lex_symbol(size_t start) {
  const std::string_view two = text_.substr(start, 2);
  struct Spelling {
    std::string_view text;
    CompareOp op;
  };
  // Longest first, so "<=" is not read as "<".
  static constexpr Spelling kSpellings[] = {
      {"==", CompareOp::Eq}, {"!=", CompareOp::Ne}, {"<>", CompareOp::Ne}, {"<=", CompareOp::Le},
      {">=", CompareOp::Ge}, {"=", CompareOp::Eq},  {"<", CompareOp::Lt},  {">", CompareOp::Gt}};
  for (const Spelling& s : kSpellings) {
    if (text_.substr(start, s.text.size()) == s.text) {
      Token t = make(Token::Kind::Compare, start, start + s.text.size());
      t.op = s.op;
      return t;
    }
  }
  if (two == "--" || two == "/*") return invalid(start, "comments are not allowed");
  switch (text_[start]) {
    case '(':
      return make(Token::Kind::LParen, start, start + 1);
    case ')':
      return make(Token::Kind::RParen, start, start + 1);
    case ',':
      return make(Token::Kind::Comma, start, start + 1);
    case '*':
      return make(Token::Kind::Star, start, start + 1);
    case ';':
      return invalid(start, "';' is not allowed: a clause is part of one query");
    case '`':
      return invalid(start, "quoted identifiers are not supported: write column names as they are");
    default:
      break;
  }
  const char c = text_[start];
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F)
    return invalid(start,
                   "unexpected byte " + hex_byte(c) + " (outside quotes only printable ASCII is allowed)");
  return invalid(start, "unexpected character " + quote_for_error(text_.substr(start, 1)));
}

Token ClauseLexer::next() {
  skip_blanks();
  const size_t start = pos_;
  if (start >= text_.size()) {
    Token t;
    t.column = text_.size() + 1;
    return t;
  }
  const char c = text_[start];
  if (c == '\'' || c == '"') return lex_string(start);
  if (is_digit(c) || c == ':') return lex_bare(start, start);
  if (c == '-' && start + 1 < text_.size() && is_digit(text_[start + 1])) return lex_bare(start, start + 1);
  if (is_letter(c)) {
    size_t end = start;
    while (end < text_.size() && (is_letter(text_[end]) || is_digit(text_[end])))
      ++end;
    // `fe80::1`: a word followed by a colon is the start of an IPv6 address.
    if (end < text_.size() && text_[end] == ':') return lex_bare(start, end);
    return make(Token::Kind::Identifier, start, end);
  }
  return lex_symbol(start);
}

Token ClauseLexer::peek() {
  const size_t saved = pos_;
  Token t = next();
  pos_ = saved;
  return t;
}

ClauseError error_at(std::string_view clause, const Token& at, std::string message) {
  ClauseError e{std::string(clause), at.column, {}};
  if (at.kind == Token::Kind::Invalid)
    e.message = at.text;
  else if (at.kind == Token::Kind::End)
    e.message = message + ", but the clause ended";
  else
    e.message = message + ", found " + quote_for_error(at.text);
  return e;
}

}  // namespace netmeter::history::query
