#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "history/flow_columns.hpp"

namespace netmeter::history {

/// A typed value: a bound query parameter or a result cell. Ipv6 addresses are their 16 bytes.
using Value = std::variant<std::monostate, int64_t, uint64_t, double, std::string, std::array<uint8_t, 16>>;

/// The SQL a backend runs: never text from a client, only what the clause renderer produced from a
/// typed query (history/query/), with every client value as a parameter.
struct RenderedQuery {
  std::string sql;            ///< `?` placeholders (SQLite) or inlined typed literals (ClickHouse 18.16)
  std::vector<Value> params;  ///< bound in order (empty when the dialect inlines literals)
  std::vector<std::string> column_names;  ///< of the answer, as the client named them
  std::vector<ColumnType> column_types;   ///< of the answer (aggregates: UInt64 or a double as String)
};

/// Rows of an answer, cells in column order.
struct ResultTable {
  std::vector<std::string> column_names;
  std::vector<ColumnType> column_types;
  std::vector<std::vector<Value>> rows;
};

enum class SqlDialect : uint8_t { Sqlite, ClickHouse };

}  // namespace netmeter::history
