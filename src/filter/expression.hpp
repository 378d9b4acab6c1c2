#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "filter/field.hpp"
#include "filter/value.hpp"

namespace netmeter::filter {

/// One `field op value` test. The parser guarantees that the operator is allowed for the field and
/// that `value` holds the alternative of the field (see Value).
struct Comparison {
  Field field = Field::Ip;
  Side side = Side::Any;
  Op op = Op::Eq;
  Value value;
  friend bool operator==(const Comparison&, const Comparison&) = default;
};

/// The typed tree of a filter expression. `a and b and c` is one And node with three operands; a
/// parenthesised group is its own node, so `(a and b) and c` keeps its shape.
struct Expression {
  enum class Kind : uint8_t { Compare, And, Or, Not };

  Kind kind = Kind::Compare;
  Comparison comparison;             ///< Compare
  std::vector<Expression> operands;  ///< And, Or: two or more; Not: one

  static Expression compare(Comparison c) { return {Kind::Compare, std::move(c), {}}; }
  static Expression negate(Expression e);
  static Expression combine(Kind kind, std::vector<Expression> operands);

  friend bool operator==(const Expression&, const Expression&) = default;
};

/// The canonical text of an expression, which parse() reads back into an equal tree:
/// `ip == 10.0.0.0/8 and !(port == 22 or dpi == "Amazon AWS")`.
std::string to_string(const Expression& expression);
std::string to_string(const Comparison& comparison);

/// Whether any comparison in the tree uses `field`.
bool uses_field(const Expression& expression, Field field);

/// The number of comparisons in the tree.
size_t comparison_count(const Expression& expression);

}  // namespace netmeter::filter
