#include "history/clickhouse/native_block_encoder.hpp"

#include <algorithm>

#include "history/clickhouse/flow_schema.hpp"
#include "history/flow_columns.hpp"

namespace netmeter::history::clickhouse {
namespace {

void put_varint(std::string& out, uint64_t value) {
  do {
    auto byte = static_cast<uint8_t>(value & 0x7f);
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out += static_cast<char>(byte);
  } while (value != 0);
}

void put_text(std::string& out, std::string_view text) {
  put_varint(out, text.size());
  out += text;
}

}  // namespace

void NativeBlockEncoder::encode_into(std::span<const FlowRecord> batch, std::string& out) {
  constexpr size_t kRowsPerPass = 256;
  const auto columns = flow_columns();
  const auto writers = cells_.writers();
  columns_.resize(columns.size());
  for (auto& column : columns_)
    column.clear();
  for (size_t at = 0; at < batch.size(); at += kRowsPerPass) {
    const auto rows = batch.subspan(at, std::min(kRowsPerPass, batch.size() - at));
    for (size_t c = 0; c < columns.size(); ++c)
      for (const auto& flow : rows)
        writers[c](flow, columns_[c]);
  }
  size_t size = 16;
  for (size_t c = 0; c < columns.size(); ++c)
    size += 64 + columns_[c].size();
  out.clear();
  out.reserve(size);
  put_varint(out, columns.size());
  put_varint(out, batch.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    put_text(out, columns[c].name);
    put_text(out, clickhouse_type(columns[c].type));
    out += columns_[c];
  }
}

}  // namespace netmeter::history::clickhouse
