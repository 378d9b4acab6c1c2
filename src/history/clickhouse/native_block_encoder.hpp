#pragma once

#include <span>
#include <string>
#include <vector>

#include "history/clickhouse/row_binary_encoder.hpp"
#include "history/flow_record.hpp"

namespace netmeter::history::clickhouse {

/// Writes a batch of FlowRecords as one block of ClickHouse's Native format, the column-oriented one
/// the server reads with a bulk copy per column instead of a call per cell (RowBinary's parse was about a
/// sixth of the server's insert CPU): the column and row counts (LEB128), then per column of
/// flow_columns() its name, its ClickHouse type (flow_schema's) and every row's value encoded as in
/// RowBinary (fixed-width little-endian numbers, FixedString(16) bytes, LEB128-prefixed Strings).
class NativeBlockEncoder {
 public:
  /// Replaces `out`'s content by the batch's block, keeping its capacity. Not thread-safe (reuses its
  /// column buffers).
  void encode_into(std::span<const FlowRecord> batch, std::string& out);

 private:
  RowBinaryEncoder cells_;
  /// One buffer per column, filled a few hundred rows at a time: each record is read while it is in the
  /// cache, not once per column pass over the whole batch (which cost twice the CPU of RowBinary).
  std::vector<std::string> columns_;
};

}  // namespace netmeter::history::clickhouse
