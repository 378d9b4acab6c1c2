#include "filter/expression.hpp"

#include "filter/l4_protocol.hpp"

namespace netmeter::filter {
namespace {

// A dpi name is printed bare when the lexer would read it back whole, quoted otherwise.
bool needs_quotes(std::string_view name) {
  for (char c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '_' || c == '-' || c == '+' || c == '/' || c == ':';
    if (!plain) return true;
  }
  return name.empty();
}

std::string value_text(const Value& value) {
  struct Printer {
    std::string operator()(const IpValue& v) const { return v.to_string(); }
    std::string operator()(const PortValue& v) const { return std::to_string(v.port); }
    std::string operator()(const PortListValue& v) const { return v.to_string(); }
    std::string operator()(const MacAddress& v) const { return v.to_string(); }
    std::string operator()(const VlanValue& v) const { return v.id ? std::to_string(*v.id) : "none"; }
    std::string operator()(const L4Value& v) const {
      const std::string_view name = l4_protocol_name(v.protocol);
      return name.empty() ? std::to_string(v.protocol) : std::string(name);
    }
    std::string operator()(const DpiValue& v) const {
      return needs_quotes(v.name) ? "\"" + v.name + "\"" : v.name;
    }
  };
  return std::visit(Printer{}, value);
}

void print(const Expression& e, std::string& out) {
  switch (e.kind) {
    case Expression::Kind::Compare:
      out += to_string(e.comparison);
      return;
    case Expression::Kind::Not:
      out += "!(";
      print(e.operands.front(), out);
      out += ')';
      return;
    case Expression::Kind::And:
    case Expression::Kind::Or: {
      const char* joint = e.kind == Expression::Kind::And ? " and " : " or ";
      for (size_t i = 0; i < e.operands.size(); ++i) {
        if (i > 0) out += joint;
        const Expression& o = e.operands[i];
        // A nested And or Or came from parentheses (the parser flattens chains): keep them.
        const bool group = o.kind == Expression::Kind::And || o.kind == Expression::Kind::Or;
        if (group) out += '(';
        print(o, out);
        if (group) out += ')';
      }
      return;
    }
  }
}

}  // namespace

Expression Expression::negate(Expression e) {
  Expression n;
  n.kind = Kind::Not;
  n.operands.push_back(std::move(e));
  return n;
}

Expression Expression::combine(Kind kind, std::vector<Expression> operands) {
  Expression n;
  n.kind = kind;
  n.operands = std::move(operands);
  return n;
}

std::string to_string(const Comparison& c) {
  std::string out(field_name(c.field, c.side));
  out += ' ';
  out += op_text(c.op);
  out += ' ';
  out += value_text(c.value);
  return out;
}

std::string to_string(const Expression& expression) {
  std::string out;
  print(expression, out);
  return out;
}

bool uses_field(const Expression& e, Field field) {
  if (e.kind == Expression::Kind::Compare) return e.comparison.field == field;
  for (const Expression& o : e.operands)
    if (uses_field(o, field)) return true;
  return false;
}

size_t comparison_count(const Expression& e) {
  if (e.kind == Expression::Kind::Compare) return 1;
  size_t n = 0;
  for (const Expression& o : e.operands)
    n += comparison_count(o);
  return n;
}

}  // namespace netmeter::filter
