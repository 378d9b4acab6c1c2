#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "history/flow_columns.hpp"
#include "history/flow_record.hpp"

namespace netmeter::history {

/// One field of a FlowRecord as a backend writes it: a number (UIntN, DateTime, Ipv4), 16 bytes (Ipv6)
/// or text (String). Views into the record: valid while it lives.
struct FieldCell {
  enum class Kind : uint8_t { Number, Bytes, Text } kind = Kind::Number;
  uint64_t number = 0;
  std::span<const uint8_t> bytes;
  std::string_view text;
};

/// Which FlowRecord field a column holds: an index into the fields known to field_cell().
using FieldId = uint8_t;

/// The field of every column of flow_columns(), in storage order (resolved once by name, so a column
/// added to flow_columns() without a field here is caught by the unit test, not silently skipped).
/// A column with no field maps to kNoField.
std::vector<FieldId> fields_in_column_order();
inline constexpr FieldId kNoField = 0xff;

/// The value of field `id` of `record`.
FieldCell field_cell(const FlowRecord& record, FieldId id);

}  // namespace netmeter::history
