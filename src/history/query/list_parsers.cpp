#include "history/query/list_parsers.hpp"

#include <string>
#include <utility>

#include "history/query/clause_lexer.hpp"
#include "history/query/column_names.hpp"
#include "history/query/flow_query_parser.hpp"

namespace netmeter::history::query {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto l = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (l(a[i]) != l(b[i])) return false;
  }
  return true;
}

Aggregate aggregate_of(std::string_view name) {
  if (iequals(name, "count")) return Aggregate::Count;
  if (iequals(name, "sum")) return Aggregate::Sum;
  if (iequals(name, "avg")) return Aggregate::Avg;
  if (iequals(name, "min")) return Aggregate::Min;
  return Aggregate::Max;
}

// Words that end an item rather than name its alias.
bool reserved(const Token& t) {
  for (std::string_view w : {"as", "asc", "desc", "from", "where", "group", "order", "by", "limit", "union",
                             "select", "having", "and", "or", "not", "distinct"})
    if (t.is_keyword(w)) return true;
  return false;
}

// Parses one comma-separated list; `item` reads one element starting at its first token.
class ListParser {
 public:
  ListParser(std::string_view text, std::string clause) : lexer_(text), clause_(std::move(clause)) {}

  template <typename T, typename ItemFn>
  ListResult<T> run(ItemFn item) {
    ListResult<T> result;
    std::vector<T> items;
    for (;;) {
      Token first = lexer_.next();
      if (items.size() == kMaxListItems) {
        fail_at(first.column, "more than " + std::to_string(kMaxListItems) + " items");
        break;
      }
      std::optional<T> one = item(first);
      if (!one) break;
      items.push_back(std::move(*one));
      Token sep = lexer_.next();
      if (sep.kind == Token::Kind::End) {
        result.items = std::move(items);
        return result;
      }
      if (sep.kind != Token::Kind::Comma) {
        fail(sep, "expected ',' or the end");
        break;
      }
    }
    result.error = std::move(error_);
    return result;
  }

  void fail(const Token& at, std::string message) {
    if (error_.message.empty()) error_ = error_at(clause_, at, std::move(message));
  }
  void fail_at(size_t column, std::string message) {
    if (!error_.message.empty()) return;
    error_ = {clause_, column, std::move(message)};
  }

  std::optional<size_t> column(const Token& t) {
    if (t.kind != Token::Kind::Identifier) {
      fail(t, "expected a column name");
      return std::nullopt;
    }
    auto c = resolve_column(t.text);
    if (!c) fail_at(t.column, "unknown column " + quote_for_error(t.text));
    return c;
  }

  // `name(...)` after its name token: COUNT(*), COUNT(DISTINCT c), SUM(c), ...; `written` gets the
  // answer column name.
  std::optional<ValueExpr> aggregate(const Token& name, std::string& written) {
    if (!is_aggregate_name(name.text)) {
      fail_at(name.column,
              "unknown function " + quote_for_error(name.text) + " (use sum, count, avg, min, max)");
      return std::nullopt;
    }
    lexer_.next();  // '('
    ValueExpr e;
    e.aggregate = aggregate_of(name.text);
    written = name.text + "(";
    Token t = lexer_.next();
    if (t.kind == Token::Kind::RParen && e.aggregate == Aggregate::Count) {
      written += ")";  // ClickHouse's count()
      return e;
    }
    if (t.kind == Token::Kind::Star && e.aggregate == Aggregate::Count) {
      written += "*";
    } else {
      if (t.is_keyword("distinct")) {
        if (e.aggregate != Aggregate::Count) {
          fail_at(t.column, "DISTINCT is supported in COUNT(DISTINCT column) only");
          return std::nullopt;
        }
        e.aggregate = Aggregate::CountDistinct;
        written += "DISTINCT ";
        t = lexer_.next();
      }
      e.column = column(t);
      if (!e.column) return std::nullopt;
      const ColumnInfo& info = column_at(*e.column);
      if ((e.aggregate == Aggregate::Sum || e.aggregate == Aggregate::Avg) && !is_summable(info.type)) {
        fail_at(t.column, std::string(aggregate_name(e.aggregate)) + " needs a numeric column; " +
                              std::string(info.name) + " is not one");
        return std::nullopt;
      }
      written += info.name;
    }
    Token close = lexer_.next();
    if (close.kind != Token::Kind::RParen) {
      fail(close, "expected ')' to close " + quote_for_error(name.text));
      return std::nullopt;
    }
    written += ")";
    return e;
  }

  // A column or an aggregate starting at `first`.
  std::optional<ValueExpr> value_expr(const Token& first, std::string& written) {
    if (first.kind == Token::Kind::Identifier && lexer_.peek().kind == Token::Kind::LParen)
      return aggregate(first, written);
    auto c = column(first);
    if (!c) return std::nullopt;
    written = first.text;
    return ValueExpr{Aggregate::None, c};
  }

  // `AS alias` or a bare alias after an item, if there is one.
  std::optional<std::string> alias(const ValueExpr& e, bool& ok) {
    ok = true;
    Token t = lexer_.peek();
    const bool with_as = t.is_keyword("as");
    if (!with_as && (t.kind != Token::Kind::Identifier || reserved(t))) return std::nullopt;
    lexer_.next();
    if (with_as) t = lexer_.next();
    if (t.kind != Token::Kind::Identifier || reserved(t) || t.text.size() > 64) {
      fail(t, "expected an alias (letters, digits and '_', at most 64)");
      ok = false;
      return std::nullopt;
    }
    const auto named = resolve_column(t.text);
    if (named && !(e.aggregate == Aggregate::None && e.column == named)) {
      fail_at(t.column, "alias " + quote_for_error(t.text) + " is the name of a column");
      ok = false;
      return std::nullopt;
    }
    return t.text;
  }

  ClauseLexer& lexer() { return lexer_; }

 private:
  ClauseLexer lexer_;
  std::string clause_;
  ClauseError error_;
};

const SelectItem* find_alias(const std::vector<SelectItem>& select, std::string_view name) {
  for (const SelectItem& s : select)
    if (iequals(s.name, name)) return &s;
  return nullptr;
}

}  // namespace

ListResult<SelectItem> parse_select(std::string_view text) {
  ClauseLexer probe(text);
  if (probe.next().kind == Token::Kind::Star && probe.next().kind == Token::Kind::End) {
    ListResult<SelectItem> all;
    all.items.emplace();
    const auto columns = flow_columns();
    for (size_t i = 0; i < columns.size(); ++i)
      all.items->push_back({ValueExpr{Aggregate::None, i}, std::string(columns[i].name)});
    return all;
  }
  ListParser p(text, "select_clause");
  return p.run<SelectItem>([&p](const Token& first) -> std::optional<SelectItem> {
    if (first.kind == Token::Kind::Star) {
      p.fail_at(first.column, "'*' must be the whole select clause");
      return std::nullopt;
    }
    SelectItem item;
    auto e = p.value_expr(first, item.name);
    if (!e) return std::nullopt;
    item.expr = *e;
    bool ok = true;
    if (auto a = p.alias(item.expr, ok)) item.name = *a;
    if (!ok) return std::nullopt;
    return item;
  });
}

ListResult<size_t> parse_group_by(std::string_view text, const std::vector<SelectItem>& select) {
  ListParser p(text, "group_by_clause");
  return p.run<size_t>([&](const Token& first) -> std::optional<size_t> {
    if (first.kind == Token::Kind::Identifier) {
      if (p.lexer().peek().kind == Token::Kind::LParen) {
        p.fail_at(first.column, "group by columns, not functions");
        return std::nullopt;
      }
      if (!resolve_column(first.text)) {
        const SelectItem* s = find_alias(select, first.text);
        if (s && s->expr.aggregate == Aggregate::None) return s->expr.column;
        if (s) {
          p.fail_at(first.column, "cannot group by the aggregate " + quote_for_error(first.text));
          return std::nullopt;
        }
      }
    }
    return p.column(first);
  });
}

ListResult<OrderItem> parse_order_by(std::string_view text, const std::vector<SelectItem>& select) {
  ListParser p(text, "order_by_clause");
  return p.run<OrderItem>([&](const Token& first) -> std::optional<OrderItem> {
    OrderItem item;
    const SelectItem* s = nullptr;
    if (first.kind == Token::Kind::Identifier && p.lexer().peek().kind != Token::Kind::LParen)
      s = find_alias(select, first.text);
    if (s) {
      item.expr = s->expr;
    } else {
      std::string unused;
      auto e = p.value_expr(first, unused);
      if (!e) return std::nullopt;
      item.expr = *e;
    }
    const Token dir = p.lexer().peek();
    if (dir.is_keyword("asc") || dir.is_keyword("desc")) {
      p.lexer().next();
      item.descending = dir.is_keyword("desc");
    }
    return item;
  });
}

}  // namespace netmeter::history::query
