#include "filter/parser.hpp"

#include <utility>

#include "filter/l4_protocol.hpp"
#include "filter/lexer.hpp"
#include "filter/text.hpp"

namespace netmeter::filter {
namespace {

struct TypedValue {
  std::optional<Value> value;
  std::string error;  ///< when `value` is empty
};

TypedValue port_value(const std::string& text) {
  if (auto p = parse_decimal(text, 65535)) return {PortValue{static_cast<uint16_t>(*p)}, {}};
  std::string hint =
      text.find_first_of(",-") != std::string::npos ? " (use portrange for lists and ranges)" : "";
  return {std::nullopt,
          "invalid port " + quote_for_error(text) + ": expected a number from 0 to 65535" + hint};
}

TypedValue typed_value(Field field, Op op, const std::string& text) {
  if (text.empty()) return {std::nullopt, "empty value"};
  switch (field) {
    case Field::Ip:
      if (auto v = IpValue::parse(text)) return {*v, {}};
      return {std::nullopt,
              "invalid IP address " + quote_for_error(text) +
                  ": expected an IPv4 or IPv6 address or network (a.b.c.d, a.b.c.d/n, x::y, x::/n), "
                  "optionally with a port (a.b.c.d:port, [x::y]:port)"};
    case Field::Port:
      return port_value(text);
    case Field::PortRange:
      if (auto v = PortListValue::parse(text)) return {*v, {}};
      return {std::nullopt,
              "invalid port range list " + quote_for_error(text) +
                  ": expected items such as 80,100-120,-10,65000- (ports 0-65535, low before high)"};
    case Field::Mac:
      if (auto v = MacAddress::parse(text)) return {*v, {}};
      return {std::nullopt, "invalid MAC address " + quote_for_error(text) +
                                ": expected aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabb.ccdd.eeff"};
    case Field::Vlan:
      if (iequals(text, "none")) {
        if (op == Op::Eq || op == Op::Ne || op == Op::Exact) return {VlanValue{}, {}};
        return {std::nullopt, "'none' can only be compared with ==, != or ==="};
      }
      if (auto v = parse_decimal(text, 4095)) return {VlanValue{static_cast<uint16_t>(*v)}, {}};
      return {std::nullopt,
              "invalid VLAN " + quote_for_error(text) + ": expected an ID from 0 to 4095 or none"};
    case Field::L4Protocol:
      if (auto v = l4_protocol_from_text(text)) return {L4Value{*v}, {}};
      return {std::nullopt, "unknown L4 protocol " + quote_for_error(text) + ": expected one of " +
                                std::string(l4_protocol_list()) + " or a number from 0 to 255"};
    case Field::Dpi:
      return {DpiValue{text}, {}};
  }
  return {std::nullopt, "unknown field"};
}

class Parser {
 public:
  explicit Parser(std::string_view text) : lexer_(text) {}

  ParseResult run() {
    ParseResult result;
    auto e = parse_or();
    if (e) {
      Token t = lexer_.next();
      if (t.kind == Token::Kind::End) {
        result.expression = std::move(e);
        return result;
      }
      fail(t, t.kind == Token::Kind::RParen ? "unbalanced ')'" : "expected 'and', 'or' or the end");
    }
    result.error = std::move(error_);
    return result;
  }

 private:
  // Records the first error; a token that is itself invalid brings its own message.
  void fail(const Token& at, std::string message) {
    if (at.kind == Token::Kind::Invalid) {
      error_ = {at.column, at.text};
      return;
    }
    if (at.kind == Token::Kind::End) {
      error_ = {at.column, message + ", but the expression ended"};
      return;
    }
    error_ = {at.column, message + ", found " + quote_for_error(at.text)};
  }

  std::optional<Expression> parse_or() { return parse_chain(Token::Kind::Or); }

  // A chain of operands joined by one operator: `or` over and-chains, `and` over unary terms.
  std::optional<Expression> parse_chain(Token::Kind joint) {
    auto first = joint == Token::Kind::Or ? parse_chain(Token::Kind::And) : parse_unary();
    if (!first) return std::nullopt;
    if (lexer_.peek().kind != joint) return first;
    std::vector<Expression> operands;
    operands.push_back(std::move(*first));
    while (lexer_.peek().kind == joint) {
      lexer_.next();
      auto next = joint == Token::Kind::Or ? parse_chain(Token::Kind::And) : parse_unary();
      if (!next) return std::nullopt;
      operands.push_back(std::move(*next));
    }
    return Expression::combine(joint == Token::Kind::Or ? Expression::Kind::Or : Expression::Kind::And,
                               std::move(operands));
  }

  // `( expr )` with its closing parenthesis; `open` is the token that opened the group.
  std::optional<Expression> parse_group(const Token& open) {
    if (++depth_ > kMaxNestingDepth) {
      error_ = {open.column, "nesting deeper than " + std::to_string(kMaxNestingDepth) + " levels"};
      return std::nullopt;
    }
    auto inner = parse_or();
    if (!inner) return std::nullopt;
    Token close = lexer_.next();
    if (close.kind != Token::Kind::RParen) {
      fail(close, "expected ')' to close the '(' at column " + std::to_string(open.column));
      return std::nullopt;
    }
    --depth_;
    return inner;
  }

  std::optional<Expression> parse_unary() {
    Token t = lexer_.next();
    switch (t.kind) {
      case Token::Kind::LParen:
        return parse_group(t);
      case Token::Kind::Bang: {
        Token open = lexer_.next();
        if (open.kind != Token::Kind::LParen) {
          fail(open, "'!' must be followed by '(': write !( ... )");
          return std::nullopt;
        }
        auto inner = parse_group(open);
        if (!inner) return std::nullopt;
        return Expression::negate(std::move(*inner));
      }
      case Token::Kind::Word:
        return parse_comparison(t);
      default:
        fail(t, "expected a comparison (field op value), '(' or '!('");
        return std::nullopt;
    }
  }

  std::optional<Expression> parse_comparison(const Token& word) {
    const auto name = field_from_name(word.text);
    if (!name && iequals(word.text, "not")) {
      error_ = {word.column, "NOT is written !( ... )"};
      return std::nullopt;
    }
    if (!name) {
      error_ = {word.column, "unknown field " + quote_for_error(word.text) +
                                 " (fields: " + std::string(field_list()) + ")"};
      return std::nullopt;
    }
    Token op = lexer_.next_operator();
    if (op.kind == Token::Kind::Invalid) {
      fail(op, "");
      return std::nullopt;
    }
    if (!op_allowed(name->field, op.op)) {
      error_ = {op.column, "operator '" + std::string(op_text(op.op)) + "' is not supported for field '" +
                               std::string(field_name(name->field, name->side)) + "' (use " +
                               std::string(allowed_ops_text(name->field)) + ")"};
      return std::nullopt;
    }
    Token value = lexer_.next_value();
    if (value.kind == Token::Kind::Invalid) {
      fail(value, "");
      return std::nullopt;
    }
    TypedValue typed = typed_value(name->field, op.op, value.text);
    if (!typed.value) {
      error_ = {value.column, std::move(typed.error)};
      return std::nullopt;
    }
    return Expression::compare(Comparison{name->field, name->side, op.op, std::move(*typed.value)});
  }

  Lexer lexer_;
  int depth_ = 0;
  ParseError error_;
};

bool all_blank(std::string_view text) {
  Lexer lexer(text);
  return lexer.next().kind == Token::Kind::End;
}

}  // namespace

ParseResult parse(std::string_view text) {
  if (text.size() > kMaxExpressionLength) {
    ParseResult r;
    r.error = {kMaxExpressionLength + 1,
               "expression longer than " + std::to_string(kMaxExpressionLength) + " bytes"};
    return r;
  }
  if (all_blank(text)) {
    ParseResult r;
    r.error = {1, "empty expression"};
    return r;
  }
  return Parser(text).run();
}

}  // namespace netmeter::filter
