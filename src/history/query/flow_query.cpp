#include "history/query/flow_query.hpp"

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

}  // namespace netmeter::history::query
