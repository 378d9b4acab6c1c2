#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "history/flow_record.hpp"

namespace netmeter::history::clickhouse {

/// Writes FlowRecords in ClickHouse's RowBinary format, columns in flow_columns() order: integers and
/// DateTime little-endian at their width, FixedString(16) as its 16 bytes, String as a LEB128 length and
/// the bytes. Appends to one body buffer; nothing else is allocated per row.
class RowBinaryEncoder {
 public:
  /// Throws std::logic_error when flow_columns() names a column this encoder cannot write, or with a
  /// type other than the one it writes (the shared column list changed without this file).
  RowBinaryEncoder();

  void append(const FlowRecord& flow, std::string& out) const;
  /// The whole batch as one INSERT body.
  std::string encode(std::span<const FlowRecord> batch) const;
  /// The same into `out`, replacing its content but keeping its capacity (no page faults for a buffer
  /// reused batch after batch).
  void encode_into(std::span<const FlowRecord> batch, std::string& out) const;

  using FieldWriter = void (*)(const FlowRecord&, std::string&);
  /// The writer of each column, in flow_columns() order (NativeBlockEncoder writes them column-wise).
  std::span<const FieldWriter> writers() const { return writers_; }

 private:
  std::vector<FieldWriter> writers_;
};

/// Appends a RowBinary String: its length as an unsigned LEB128, then its bytes.
void put_row_binary_string(std::string& out, std::string_view text);

}  // namespace netmeter::history::clickhouse
