// Cells of past-flow answers as ntopng writes them (docs/history-queries.md, "Answers").
#include "api/ntopng/db_flow_json.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "core/ip_address.hpp"

namespace netmeter::api::ntopng {

namespace {

using history::ColumnType;

std::string ipv4_text(uint64_t number) {
  const auto n = static_cast<uint32_t>(number);
  const std::array<uint8_t, 4> bytes{static_cast<uint8_t>(n >> 24), static_cast<uint8_t>(n >> 16),
                                     static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n)};
  return core::IpAddress::v4(bytes.data()).to_string();
}

std::string ipv6_text(const std::array<uint8_t, 16>& bytes) {
  return core::IpAddress::v6(bytes.data()).to_string();
}

/// ClickHouse answers IPv6 columns as hex(...) (32 hex digits; render.hpp): the address they spell.
std::optional<std::array<uint8_t, 16>> from_hex(const std::string& text) {
  if (text.size() != 32) return std::nullopt;
  std::array<uint8_t, 16> out{};
  for (size_t i = 0; i < 16; ++i) {
    auto [end, ec] = std::from_chars(text.data() + 2 * i, text.data() + 2 * i + 2, out[i], 16);
    if (ec != std::errc() || end != text.data() + 2 * i + 2) return std::nullopt;
  }
  return out;
}

/// One cell: `type` says how to read a number (an IPv4 address) or 16 bytes.
struct CellText {
  ColumnType type;
  std::string operator()(std::monostate) const { return ""; }
  std::string operator()(int64_t v) const { return std::to_string(v); }
  std::string operator()(uint64_t v) const {
    return type == ColumnType::Ipv4 ? ipv4_text(v) : std::to_string(v);
  }
  std::string operator()(double v) const {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);  // shortest round-trip form
    return ec == std::errc() ? std::string(buffer, end) : std::string();
  }
  std::string operator()(const std::string& v) const {
    if (type != ColumnType::Ipv6) return v;
    auto bytes = from_hex(v);
    return bytes ? ipv6_text(*bytes) : v;
  }
  std::string operator()(const std::array<uint8_t, 16>& v) const { return ipv6_text(v); }
};

}  // namespace

boost::json::array db_flow_records(const history::ResultTable& table, const std::vector<ColumnType>& types) {
  boost::json::array out;
  out.reserve(table.rows.size());
  for (const auto& row : table.rows) {
    boost::json::object record;
    for (size_t i = 0; i < row.size() && i < table.column_names.size(); ++i) {
      const ColumnType type = i < types.size() ? types[i] : ColumnType::String;
      record[table.column_names[i]] = std::visit(CellText{type}, row[i]);
    }
    out.push_back(std::move(record));
  }
  return out;
}

}  // namespace netmeter::api::ntopng
