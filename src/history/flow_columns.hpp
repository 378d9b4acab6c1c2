#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace netmeter::history {

/// How a stored flow column is typed. Both backends map these to their own column types (SQLite:
/// INTEGER / BLOB / TEXT; ClickHouse 18.16: UIntN, DateTime, FixedString(16), String).
enum class ColumnType : uint8_t {
  UInt8,
  UInt16,
  UInt32,
  UInt64,
  DateTime,  ///< epoch seconds (ClickHouse DateTime)
  Ipv4,      ///< a number, as ntopng's IPV4_*_ADDR (UInt32); clauses may write it dotted
  Ipv6,      ///< 16 bytes (FixedString(16)); clauses may write it as text
  String,
};

/// One column of the historical flow table. Names are those of ntopng's own historical flow table
/// (httpdocs/misc/db_schema_clickhouse.sql), so clients' clauses work unchanged; `ntopng` is false for
/// the few columns netmeter adds (documented in docs/history.md).
struct ColumnInfo {
  std::string_view name;
  ColumnType type;
  bool ntopng = true;
};

/// Every column, in storage order.
std::span<const ColumnInfo> flow_columns();

/// The column called `name` (exact, upper case as ntopng spells it), or nothing.
std::optional<ColumnInfo> find_flow_column(std::string_view name);

/// Whether values of this type are numbers, times and IPv4 addresses included (min/max and top-k values
/// apply).
bool is_numeric(ColumnType type);

/// Whether values of this type are counts that add up (the unsigned integers: sum and avg apply).
bool is_summable(ColumnType type);

}  // namespace netmeter::history
