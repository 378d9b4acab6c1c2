#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "history/clickhouse/flow_schema.hpp"
#include "history/clickhouse/native_block_encoder.hpp"
#include "history/clickhouse/row_binary_encoder.hpp"
#include "history/flow_columns.hpp"

namespace netmeter::history::clickhouse {
namespace {

/// Reads a Native block back: the counts, then per column its name, type and `rows` values, each value
/// delimited as RowBinary delimits it (fixed width, or LEB128 length + bytes for String).
struct Reader {
  const std::string& body;
  size_t at = 0;

  uint64_t varint() {
    uint64_t value = 0;
    for (int shift = 0;; shift += 7) {
      const auto byte = static_cast<uint8_t>(body.at(at++));
      value |= uint64_t{byte & 0x7fu} << shift;
      if (!(byte & 0x80)) return value;
    }
  }
  std::string text() {
    const auto n = varint();
    std::string out = body.substr(at, n);
    at += n;
    return out;
  }
  std::string bytes(size_t n) {
    std::string out = body.substr(at, n);
    at += n;
    return out;
  }
};

size_t width(ColumnType type) {
  switch (type) {
    case ColumnType::UInt8:
      return 1;
    case ColumnType::UInt16:
      return 2;
    case ColumnType::UInt32:
    case ColumnType::Ipv4:
    case ColumnType::DateTime:
      return 4;
    case ColumnType::UInt64:
      return 8;
    case ColumnType::Ipv6:
      return 16;
    case ColumnType::String:
      return 0;
  }
  return 0;
}

std::vector<FlowRecord> sample_flows(size_t n) {
  std::vector<FlowRecord> flows(n);
  for (size_t i = 0; i < n; ++i) {
    flows[i].flow_id = 1000 + i;
    flows[i].first_seen = 1'700'000'000 + static_cast<uint32_t>(i);
    flows[i].ipv4_src = 0x0a000001 + static_cast<uint32_t>(i);
    flows[i].src2dst_bytes = 7 * i;
    flows[i].info = i % 3 ? "host" + std::to_string(i) : "";
  }
  return flows;
}

// The block holds, column after column, exactly the cells RowBinary writes row after row: same values,
// same encodings, the names and types of the table.
TEST(NativeBlockEncoder, ColumnsHoldTheRowBinaryCellsInTableOrder) {
  const auto flows = sample_flows(700);  // more than one of the encoder's passes of 256 rows
  std::string native;
  NativeBlockEncoder().encode_into(flows, native);
  const std::string rows = RowBinaryEncoder().encode(flows);

  const auto columns = flow_columns();
  std::vector<std::vector<std::string>> by_row(flows.size());
  Reader block{native};
  ASSERT_EQ(block.varint(), columns.size());
  ASSERT_EQ(block.varint(), flows.size());
  for (const auto& column : columns) {
    EXPECT_EQ(block.text(), column.name);
    EXPECT_EQ(block.text(), clickhouse_type(column.type));
    for (size_t r = 0; r < flows.size(); ++r) {
      if (column.type == ColumnType::String) {
        const size_t start = block.at;
        block.at += block.varint();  // the length, then the text
        by_row[r].push_back(native.substr(start, block.at - start));
        continue;
      }
      by_row[r].push_back(block.bytes(width(column.type)));
    }
  }
  EXPECT_EQ(block.at, native.size());
  std::string rejoined;
  for (const auto& cells : by_row)
    for (const auto& cell : cells)
      rejoined += cell;
  EXPECT_EQ(rejoined, rows);
}

TEST(NativeBlockEncoder, ReusedBufferHoldsOnlyTheLastBatch) {
  NativeBlockEncoder encoder;
  std::string body;
  encoder.encode_into(sample_flows(300), body);
  encoder.encode_into(sample_flows(2), body);
  std::string fresh;
  NativeBlockEncoder().encode_into(sample_flows(2), fresh);
  EXPECT_EQ(body, fresh);
}

}  // namespace
}  // namespace netmeter::history::clickhouse
