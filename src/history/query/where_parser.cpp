#include "history/query/where_parser.hpp"

#include <utility>

#include "history/query/clause_lexer.hpp"
#include "history/query/column_names.hpp"
#include "history/query/flow_query_parser.hpp"
#include "history/query/typed_literal.hpp"

namespace netmeter::history::query {
namespace {

bool comparable(ColumnType a, ColumnType b) {
  auto integer = [](ColumnType t) {
    return t == ColumnType::UInt8 || t == ColumnType::UInt16 || t == ColumnType::UInt32 ||
           t == ColumnType::UInt64 || t == ColumnType::DateTime;
  };
  return a == b || (integer(a) && integer(b));
}

CompareOp flipped(CompareOp op) {
  switch (op) {
    case CompareOp::Lt:
      return CompareOp::Gt;
    case CompareOp::Le:
      return CompareOp::Ge;
    case CompareOp::Gt:
      return CompareOp::Lt;
    case CompareOp::Ge:
      return CompareOp::Le;
    default:
      return op;
  }
}

bool is_value(const Token& t) {
  return t.kind == Token::Kind::Bare || t.kind == Token::Kind::String;
}

class WhereParser {
 public:
  explicit WhereParser(std::string_view text) : lexer_(text) {}

  WhereResult run() {
    WhereResult result;
    auto p = parse_or();
    if (p) {
      Token t = lexer_.next();
      if (t.kind == Token::Kind::End) {
        result.predicate = std::move(p);
        return result;
      }
      if (t.kind == Token::Kind::RParen)
        fail_at(t.column, "unbalanced ')'");
      else
        fail(t, "expected AND, OR or the end");
    }
    result.error = std::move(error_);
    return result;
  }

 private:
  // Records the first error; an invalid token brings its own message.
  void fail(const Token& at, std::string message) {
    if (error_.message.empty()) error_ = error_at("where_clause", at, std::move(message));
  }
  void fail_at(size_t column, std::string message) {
    if (!error_.message.empty()) return;
    error_ = {"where_clause", column, std::move(message)};
  }

  std::optional<Predicate> parse_or() { return parse_chain(Predicate::Kind::Or); }

  std::optional<Predicate> parse_chain(Predicate::Kind joint) {
    const char* keyword = joint == Predicate::Kind::Or ? "or" : "and";
    auto operand = [&]() {
      return joint == Predicate::Kind::Or ? parse_chain(Predicate::Kind::And) : parse_unary();
    };
    auto first = operand();
    if (!first || !lexer_.peek().is_keyword(keyword)) return first;
    Predicate chain;
    chain.kind = joint;
    chain.operands.push_back(std::move(*first));
    while (lexer_.peek().is_keyword(keyword)) {
      lexer_.next();
      auto next = operand();
      if (!next) return std::nullopt;
      chain.operands.push_back(std::move(*next));
    }
    return chain;
  }

  bool enter(const Token& at) {
    if (++depth_ <= kMaxNestingDepth) return true;
    fail_at(at.column, "nesting deeper than " + std::to_string(kMaxNestingDepth) + " levels");
    return false;
  }

  std::optional<Predicate> parse_unary() {
    Token t = lexer_.next();
    if (t.is_keyword("not")) {
      if (!enter(t)) return std::nullopt;
      auto inner = parse_unary();
      if (!inner) return std::nullopt;
      --depth_;
      Predicate p;
      p.kind = Predicate::Kind::Not;
      p.operands.push_back(std::move(*inner));
      return p;
    }
    if (t.kind == Token::Kind::LParen) {
      if (!enter(t)) return std::nullopt;
      auto inner = parse_or();
      if (!inner) return std::nullopt;
      Token close = lexer_.next();
      if (close.kind != Token::Kind::RParen) {
        fail(close, "expected ')' to close the '(' at column " + std::to_string(t.column));
        return std::nullopt;
      }
      --depth_;
      return inner;
    }
    return parse_predicate(t);
  }

  // A column named by `t`, or an error saying what `t` is instead.
  std::optional<size_t> column_of(const Token& t) {
    if (t.kind != Token::Kind::Identifier) {
      fail(t, "expected a column name");
      return std::nullopt;
    }
    if (lexer_.peek().kind == Token::Kind::LParen) {
      fail_at(t.column, is_aggregate_name(t.text)
                            ? "aggregate " + quote_for_error(t.text) + " is not allowed in where_clause"
                            : "unknown function " + quote_for_error(t.text));
      return std::nullopt;
    }
    auto c = resolve_column(t.text);
    if (!c) fail_at(t.column, "unknown column " + quote_for_error(t.text));
    return c;
  }

  // A value token, also written in parentheses as ntopng's clients do: IPV4_SRC_ADDR=("10.0.0.1").
  std::optional<Token> value_token() {
    Token t = lexer_.next();
    if (t.kind != Token::Kind::LParen) {
      if (is_value(t)) return t;
      fail(t, "expected a value");
      return std::nullopt;
    }
    Token inner = lexer_.next();
    if (!is_value(inner)) {
      fail(inner, "expected a value (subqueries are not supported)");
      return std::nullopt;
    }
    Token close = lexer_.next();
    if (close.kind != Token::Kind::RParen) {
      fail(close, "expected ')' after the value");
      return std::nullopt;
    }
    return inner;
  }

  std::optional<Value> typed(size_t column, const Token& t) {
    TypedLiteral v = typed_literal(column_at(column), t);
    if (!v.value) fail_at(t.column, std::move(v.error));
    return std::move(v.value);
  }

  std::optional<Predicate> parse_predicate(const Token& first) {
    if (is_value(first)) return parse_reversed(first);
    auto column = column_of(first);
    if (!column) return std::nullopt;
    Predicate p;
    p.column = *column;
    Token t = lexer_.next();
    if (t.is_keyword("not")) {
      p.negated = true;
      t = lexer_.next();
      if (!t.is_keyword("in") && !t.is_keyword("like") && !t.is_keyword("between")) {
        fail(t, "expected IN, LIKE or BETWEEN after NOT");
        return std::nullopt;
      }
    }
    if (t.is_keyword("in")) return parse_in(std::move(p));
    if (t.is_keyword("like")) return parse_like(std::move(p), t);
    if (t.is_keyword("between")) return parse_between(std::move(p));
    if (t.kind != Token::Kind::Compare) {
      fail(t, "expected a comparison (=, !=, <>, <, <=, >, >=), IN, LIKE or BETWEEN");
      return std::nullopt;
    }
    p.op = t.op;
    return parse_right_operand(std::move(p));
  }

  std::optional<Predicate> parse_right_operand(Predicate p) {
    const Token next = lexer_.peek();
    if (next.kind == Token::Kind::Identifier) {
      lexer_.next();
      auto other = column_of(next);
      if (!other) return std::nullopt;
      if (!comparable(column_at(p.column).type, column_at(*other).type)) {
        fail_at(next.column, "columns " + std::string(column_at(p.column).name) + " and " +
                                 std::string(column_at(*other).name) + " hold different kinds of values");
        return std::nullopt;
      }
      p.kind = Predicate::Kind::CompareColumns;
      p.other_column = *other;
      return p;
    }
    auto token = value_token();
    if (!token) return std::nullopt;
    auto v = typed(p.column, *token);
    if (!v) return std::nullopt;
    p.kind = Predicate::Kind::Compare;
    p.values.push_back(std::move(*v));
    return p;
  }

  // `value op column`, read as `column flipped-op value`.
  std::optional<Predicate> parse_reversed(const Token& value) {
    Token op = lexer_.next();
    if (op.kind != Token::Kind::Compare) {
      fail(op, "expected a comparison after the value");
      return std::nullopt;
    }
    Token name = lexer_.next();
    if (name.kind != Token::Kind::Identifier) {
      fail(name, "compare a column with a value: expected a column name");
      return std::nullopt;
    }
    auto column = column_of(name);
    if (!column) return std::nullopt;
    auto v = typed(*column, value);
    if (!v) return std::nullopt;
    Predicate p;
    p.column = *column;
    p.op = flipped(op.op);
    p.values.push_back(std::move(*v));
    return p;
  }

  std::optional<Predicate> parse_in(Predicate p) {
    p.kind = Predicate::Kind::In;
    Token open = lexer_.next();
    if (open.kind != Token::Kind::LParen) {
      fail(open, "expected '(' and a list of values after IN");
      return std::nullopt;
    }
    for (;;) {
      Token t = lexer_.next();
      if (!is_value(t)) {
        fail(t, "expected a value in the IN list (subqueries are not supported)");
        return std::nullopt;
      }
      auto v = typed(p.column, t);
      if (!v) return std::nullopt;
      if (p.values.size() == kMaxInValues) {
        fail_at(t.column, "more than " + std::to_string(kMaxInValues) + " values in one IN list");
        return std::nullopt;
      }
      p.values.push_back(std::move(*v));
      Token sep = lexer_.next();
      if (sep.kind == Token::Kind::RParen) return p;
      if (sep.kind != Token::Kind::Comma) {
        fail(sep, "expected ',' or ')' in the IN list");
        return std::nullopt;
      }
    }
  }

  std::optional<Predicate> parse_like(Predicate p, const Token& like) {
    p.kind = Predicate::Kind::Like;
    if (column_at(p.column).type != ColumnType::String) {
      fail_at(like.column, "LIKE applies to text columns, not to " + std::string(column_at(p.column).name));
      return std::nullopt;
    }
    auto t = value_token();
    if (!t) return std::nullopt;
    if (t->kind != Token::Kind::String) {
      fail_at(t->column, "expected a quoted LIKE pattern");
      return std::nullopt;
    }
    p.pattern = like_pattern(t->text);
    return p;
  }

  std::optional<Predicate> parse_between(Predicate p) {
    p.kind = Predicate::Kind::Between;
    auto low = value_token();
    if (!low) return std::nullopt;
    auto lv = typed(p.column, *low);
    if (!lv) return std::nullopt;
    Token a = lexer_.next();
    if (!a.is_keyword("and")) {
      fail(a, "expected AND between the two BETWEEN values");
      return std::nullopt;
    }
    auto high = value_token();
    if (!high) return std::nullopt;
    auto hv = typed(p.column, *high);
    if (!hv) return std::nullopt;
    p.values.push_back(std::move(*lv));
    p.values.push_back(std::move(*hv));
    return p;
  }

  ClauseLexer lexer_;
  int depth_ = 0;
  ClauseError error_;
};

}  // namespace

WhereResult parse_where(std::string_view text) {
  return WhereParser(text).run();
}

}  // namespace netmeter::history::query
