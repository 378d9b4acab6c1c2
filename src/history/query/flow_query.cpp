#include "history/query/flow_query.hpp"

#include "history/query/column_names.hpp"

namespace netmeter::history::query {

bool FlowQuery::aggregating() const {
  if (!group_by.empty()) return true;
  for (const SelectItem& s : select)
    if (s.expr.aggregate != Aggregate::None) return true;
  return false;
}

std::string_view aggregate_name(Aggregate aggregate) {
  switch (aggregate) {
    case Aggregate::None:
      return "";
    case Aggregate::Count:
    case Aggregate::CountDistinct:
      return "COUNT";
    case Aggregate::Sum:
      return "SUM";
    case Aggregate::Avg:
      return "AVG";
    case Aggregate::Min:
      return "MIN";
    case Aggregate::Max:
      return "MAX";
  }
  return "";
}

ColumnType answer_type(const ValueExpr& expr) {
  switch (expr.aggregate) {
    case Aggregate::Count:
    case Aggregate::CountDistinct:
    case Aggregate::Sum:
      return ColumnType::UInt64;
    case Aggregate::Avg:
      return ColumnType::String;
    case Aggregate::None:
    case Aggregate::Min:
    case Aggregate::Max:
      break;
  }
  return column_at(*expr.column).type;
}

Predicate compare_column(std::string_view name, CompareOp op, Value value) {
  Predicate p;
  p.kind = Predicate::Kind::Compare;
  p.column = *resolve_column(name);  // flow_columns()' own names: always there
  p.op = op;
  p.values.push_back(std::move(value));
  return p;
}

Predicate between_column(std::string_view name, Value low, Value high) {
  Predicate p;
  p.kind = Predicate::Kind::Between;
  p.column = *resolve_column(name);
  p.values = {std::move(low), std::move(high)};
  return p;
}

Predicate join_predicates(Predicate::Kind kind, std::vector<Predicate> operands) {
  if (operands.size() == 1) return std::move(operands.front());
  Predicate p;
  p.kind = kind;
  p.operands = std::move(operands);
  return p;
}

}  // namespace netmeter::history::query
