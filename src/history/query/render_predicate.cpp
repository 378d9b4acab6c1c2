#include "history/query/render.hpp"

namespace netmeter::history::query {
namespace {

std::string_view op_text(CompareOp op) {
  switch (op) {
    case CompareOp::Eq:
      return " = ";
    case CompareOp::Ne:
      return " != ";
    case CompareOp::Lt:
      return " < ";
    case CompareOp::Le:
      return " <= ";
    case CompareOp::Gt:
      return " > ";
    case CompareOp::Ge:
      return " >= ";
  }
  return " = ";
}

// SQLite GLOB: `*`, `?` and `[` written as one-character classes when they are literal text.
std::string glob_pattern(const std::vector<LikePiece>& pieces) {
  std::string out;
  for (const LikePiece& p : pieces) {
    if (p.kind == LikePiece::Kind::AnyRun) {
      out += '*';
    } else if (p.kind == LikePiece::Kind::AnyOne) {
      out += '?';
    } else {
      for (char c : p.text) {
        if (c == '*' || c == '?' || c == '[') {
          out += '[';
          out += c;
          out += ']';
        } else {
          out += c;
        }
      }
    }
  }
  return out;
}

// ClickHouse LIKE: `%`, `_` and `\` escaped with a backslash when they are literal text.
std::string like_text(const std::vector<LikePiece>& pieces) {
  std::string out;
  for (const LikePiece& p : pieces) {
    if (p.kind == LikePiece::Kind::AnyRun) {
      out += '%';
    } else if (p.kind == LikePiece::Kind::AnyOne) {
      out += '_';
    } else {
      for (char c : p.text) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
      }
    }
  }
  return out;
}

void render_like(const Predicate& p, SqlWriter& out) {
  const bool sqlite = out.dialect() == SqlDialect::Sqlite;
  out.identifier(column_at(p.column).name).raw(p.negated ? " NOT " : " ").raw(sqlite ? "GLOB " : "LIKE ");
  out.value(Value{sqlite ? glob_pattern(p.pattern) : like_text(p.pattern)}, ColumnType::String);
}

void render_list(const Predicate& p, SqlWriter& out) {
  const ColumnType type = column_at(p.column).type;
  out.identifier(column_at(p.column).name).raw(p.negated ? " NOT IN (" : " IN (");
  for (size_t i = 0; i < p.values.size(); ++i) {
    if (i) out.raw(", ");
    out.value(p.values[i], type);
  }
  out.raw(")");
}

void render_joined(const Predicate& p, SqlWriter& out) {
  const std::string_view joint = p.kind == Predicate::Kind::And ? " AND " : " OR ";
  for (size_t i = 0; i < p.operands.size(); ++i) {
    if (i) out.raw(joint);
    render_predicate(p.operands[i], out);
  }
}

}  // namespace

void render_predicate(const Predicate& p, SqlWriter& out) {
  out.raw("(");
  const ColumnType type = column_at(p.column).type;
  switch (p.kind) {
    case Predicate::Kind::Compare:
      out.identifier(column_at(p.column).name).raw(op_text(p.op)).value(p.values.at(0), type);
      break;
    case Predicate::Kind::CompareColumns:
      out.identifier(column_at(p.column).name).raw(op_text(p.op)).identifier(column_at(p.other_column).name);
      break;
    case Predicate::Kind::In:
      render_list(p, out);
      break;
    case Predicate::Kind::Between:
      // ClickHouse 18.16 has no `x NOT BETWEEN a AND b`: NOT (x BETWEEN a AND b) on both.
      out.raw(p.negated ? "NOT (" : "").identifier(column_at(p.column).name).raw(" BETWEEN ");
      out.value(p.values.at(0), type).raw(" AND ").value(p.values.at(1), type).raw(p.negated ? ")" : "");
      break;
    case Predicate::Kind::Like:
      render_like(p, out);
      break;
    case Predicate::Kind::And:
    case Predicate::Kind::Or:
      render_joined(p, out);
      break;
    case Predicate::Kind::Not:
      out.raw("NOT ");
      render_predicate(p.operands.at(0), out);
      break;
  }
  out.raw(")");
}

}  // namespace netmeter::history::query
