#include "filter/lexer.hpp"

#include "filter/text.hpp"

namespace netmeter::filter {
namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

bool is_printable(char c) {
  return c > 0x20 && c < 0x7F;
}

// Characters that end an unquoted value: they start operators, groups or quotes.
bool ends_value(char c) {
  switch (c) {
    case '(':
    case ')':
    case '"':
    case '&':
    case '|':
    case '!':
    case '=':
    case '<':
    case '>':
    case '~':
      return true;
    default:
      return !is_printable(c);
  }
}

}  // namespace

std::string quote_for_error(std::string_view text) {
  constexpr size_t kMax = 40;
  std::string out = "'";
  out += text.substr(0, kMax);
  if (text.size() > kMax) out += "...";
  out += "'";
  return out;
}

bool Lexer::at_space(size_t pos) const {
  if (pos >= text_.size()) return false;
  const char c = text_[pos];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return true;
  return text_.substr(pos, 3) == "%20";
}

void Lexer::skip_blanks() {
  while (at_space(pos_))
    pos_ += text_[pos_] == '%' ? 3 : 1;
}

Token Lexer::make(Token::Kind kind, size_t start, size_t length) {
  Token t;
  t.kind = kind;
  t.column = start + 1;
  t.text = std::string(text_.substr(start, length));
  pos_ = start + length;
  return t;
}

Token Lexer::invalid(size_t start, std::string message) const {
  Token t;
  t.kind = Token::Kind::Invalid;
  t.column = start + 1;
  t.text = std::move(message);
  return t;
}

Token Lexer::unexpected_character(size_t pos) const {
  const char c = text_[pos];
  if (!is_printable(c)) {
    return invalid(pos, "unexpected byte 0x" + std::string(1, "0123456789abcdef"[(c >> 4) & 0xF]) +
                            std::string(1, "0123456789abcdef"[c & 0xF]) +
                            " (only printable ASCII is allowed)");
  }
  return invalid(pos, "unexpected character " + quote_for_error(text_.substr(pos, 1)));
}

Token Lexer::next() {
  skip_blanks();
  const size_t start = pos_;
  if (start >= text_.size()) {
    Token t;
    t.column = text_.size() + 1;
    return t;
  }
  const char c = text_[start];
  const std::string_view two = text_.substr(start, 2);
  if (c == '(') return make(Token::Kind::LParen, start, 1);
  if (c == ')') return make(Token::Kind::RParen, start, 1);
  if (two == "&&") return make(Token::Kind::And, start, 2);
  if (two == "||") return make(Token::Kind::Or, start, 2);
  if (c == '&') return invalid(start, "use '&&' or 'and', not '&'");
  if (c == '|') return invalid(start, "use '||' or 'or', not '|'");
  if (c == '!') return make(Token::Kind::Bang, start, 1);
  if (is_word_char(c)) {
    size_t end = start;
    while (end < text_.size() && is_word_char(text_[end]))
      ++end;
    Token t = make(Token::Kind::Word, start, end - start);
    if (iequals(t.text, "and")) t.kind = Token::Kind::And;
    if (iequals(t.text, "or")) t.kind = Token::Kind::Or;
    return t;
  }
  return unexpected_character(start);
}

Token Lexer::peek() {
  const size_t saved = pos_;
  Token t = next();
  pos_ = saved;
  return t;
}

Token Lexer::next_operator() {
  skip_blanks();
  const size_t start = pos_;
  if (start >= text_.size())
    return invalid(start, "expected a comparison operator, but the expression ended");
  struct Spelling {
    std::string_view text;
    Op op;
  };
  // Longest first, so "===" is not read as "==" and "<=" not as "<".
  static constexpr Spelling kSpellings[] = {{"===", Op::Exact}, {"==", Op::Eq},   {"!=", Op::Ne},
                                            {"<=", Op::Le},     {">=", Op::Ge},   {"<", Op::Lt},
                                            {">", Op::Gt},      {"~", Op::Approx}};
  for (const Spelling& s : kSpellings) {
    if (text_.substr(start, s.text.size()) == s.text) {
      Token t = make(Token::Kind::Operator, start, s.text.size());
      t.op = s.op;
      return t;
    }
  }
  size_t end = start;
  while (end < text_.size() && is_word_char(text_[end]))
    ++end;
  const std::string_view word = text_.substr(start, end - start);
  if (iequals(word, "eq") || iequals(word, "ne")) {
    Token t = make(Token::Kind::Operator, start, 2);
    t.op = iequals(word, "eq") ? Op::Eq : Op::Ne;
    return t;
  }
  if (text_[start] == '=') return invalid(start, "use '==' to compare, not '='");
  const std::string_view found = word.empty() ? text_.substr(start, 1) : word;
  return invalid(start, "expected a comparison operator (==, eq, !=, ne, ===, <, <=, >, >=, ~), found " +
                            quote_for_error(found));
}

Token Lexer::next_value() {
  skip_blanks();
  const size_t start = pos_;
  if (start >= text_.size()) return invalid(start, "expected a value, but the expression ended");
  Token t;
  t.kind = Token::Kind::Literal;
  t.column = start + 1;
  if (text_[start] == '"') {
    size_t end = start + 1;
    while (end < text_.size() && text_[end] != '"') {
      if (text_.substr(end, 3) == "%20") {
        t.text += ' ';
        end += 3;
        continue;
      }
      const char c = text_[end];
      if (!is_printable(c) && c != ' ') return unexpected_character(end);
      t.text += c;
      ++end;
    }
    if (end >= text_.size()) return invalid(start, "missing closing '\"'");
    pos_ = end + 1;
    return t;
  }
  size_t end = start;
  while (end < text_.size() && !ends_value(text_[end]) && !at_space(end))
    ++end;
  if (end == start) {
    if (!is_printable(text_[start])) return unexpected_character(start);
    return invalid(start, "expected a value, found " + quote_for_error(text_.substr(start, 1)));
  }
  return make(Token::Kind::Literal, start, end - start);
}

}  // namespace netmeter::filter
