#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "history/flow_columns.hpp"
#include "history/query_types.hpp"

namespace netmeter::history::query {

/// The typed form of ntopng's historical flow clauses (select, where, group by, order by, maxhits and the
/// time window). Only the clause parser (flow_query_parser.hpp) builds one from client text; the renderer
/// (render.hpp) turns it into SQL. Columns are indexes into flow_columns().

/// Rows answered when maxhits_clause is absent (ntopng's default) and the most ever answered.
inline constexpr uint32_t kDefaultMaxHits = 10;
inline constexpr uint32_t kMaxHitsCap = 100000;

/// The flow column at `index` of flow_columns().
inline const ColumnInfo& column_at(size_t index) {
  return flow_columns()[index];
}

enum class Aggregate : uint8_t { None, Count, CountDistinct, Sum, Avg, Min, Max };

/// A column, or an aggregate over one (`column` is empty only for COUNT(*)).
struct ValueExpr {
  Aggregate aggregate = Aggregate::None;
  std::optional<size_t> column;
  friend bool operator==(const ValueExpr&, const ValueExpr&) = default;
};

/// One answer column: what it computes and the name the client gave it (alias, or the expression as
/// written: `IPV4_SRC_ADDR`, `SUM(TOTAL_BYTES)`).
struct SelectItem {
  ValueExpr expr;
  std::string name;
  friend bool operator==(const SelectItem&, const SelectItem&) = default;
};

struct OrderItem {
  ValueExpr expr;
  bool descending = false;
  friend bool operator==(const OrderItem&, const OrderItem&) = default;
};

enum class CompareOp : uint8_t { Eq, Ne, Lt, Le, Gt, Ge };

/// A LIKE pattern, typed: literal text, `%` (any run of characters) and `_` (any one character).
struct LikePiece {
  enum class Kind : uint8_t { Text, AnyRun, AnyOne };
  Kind kind = Kind::Text;
  std::string text;  ///< Text only
  friend bool operator==(const LikePiece&, const LikePiece&) = default;
};

/// The where tree. Every value is typed for its column (ColumnType): integers, IPv4 addresses and times
/// are uint64_t, IPv6 addresses their 16 bytes, text a std::string.
struct Predicate {
  enum class Kind : uint8_t { Compare, CompareColumns, In, Between, Like, And, Or, Not };

  Kind kind = Kind::Compare;
  size_t column = 0;                ///< the column tested (all kinds but And, Or, Not)
  CompareOp op = CompareOp::Eq;     ///< Compare, CompareColumns
  size_t other_column = 0;          ///< CompareColumns: `column op other_column`
  std::vector<Value> values;        ///< Compare: one; In: one or more; Between: low, high
  std::vector<LikePiece> pattern;   ///< Like
  bool negated = false;             ///< NOT IN, NOT BETWEEN, NOT LIKE
  std::vector<Predicate> operands;  ///< And, Or: two or more; Not: one

  friend bool operator==(const Predicate&, const Predicate&) = default;
};

struct FlowQuery {
  std::vector<SelectItem> select;  ///< never empty (`*` is every column in storage order)
  std::optional<Predicate> where;
  std::vector<size_t> group_by;
  std::vector<OrderItem> order_by;
  uint32_t limit = kDefaultMaxHits;
  std::optional<uint32_t> begin_time;    ///< epoch s: FIRST_SEEN >= begin
  std::optional<uint32_t> end_time;      ///< epoch s: FIRST_SEEN <= end AND LAST_SEEN <= end
  std::optional<uint16_t> interface_id;  ///< set by the caller (ifid): INTERFACE_ID = id

  /// Whether the answer has one row per group (GROUP BY or an aggregate in the select list).
  bool aggregating() const;

  friend bool operator==(const FlowQuery&, const FlowQuery&) = default;
};

/// `SUM`, `COUNT`, ... as ntopng's clauses spell them.
std::string_view aggregate_name(Aggregate aggregate);

/// The type of an answer column: the column's own, UInt64 for counts and sums, String for averages (a
/// double; query_types.hpp).
ColumnType answer_type(const ValueExpr& expr);

/// Conditions built by netmeter itself (a user's networks, an Allegro filter), on columns named by
/// flow_columns()' own names (a name outside them is a programming error).
Predicate compare_column(std::string_view name, CompareOp op, Value value);
Predicate between_column(std::string_view name, Value low, Value high);
/// `kind` (And, Or) of the operands; a single operand stands alone.
Predicate join_predicates(Predicate::Kind kind, std::vector<Predicate> operands);

}  // namespace netmeter::history::query
