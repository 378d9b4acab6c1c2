#include "history/query/sql_writer.hpp"

#include <limits>
#include <type_traits>

namespace netmeter::history::query {
namespace {

constexpr char kHex[] = "0123456789abcdef";

}  // namespace

std::string clickhouse_string(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '\\' || c == '\'') {
      out += '\\';
      out += c;
    } else if (b < 0x20 || b == 0x7F) {
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    } else {
      out += c;
    }
  }
  out += "'";
  return out;
}

SqlWriter& SqlWriter::identifier(std::string_view name) {
  const char quote = dialect_ == SqlDialect::Sqlite ? '"' : '`';
  sql_ += quote;
  sql_ += name;
  sql_ += quote;
  return *this;
}

SqlWriter& SqlWriter::value(const Value& v, ColumnType type) {
  if (dialect_ == SqlDialect::Sqlite) {
    sql_ += '?';
    // SQLite integers are signed 64-bit: a larger bound goes in as REAL, which SQLite compares
    // numerically with every stored integer (an int64 bind would wrap it to a negative number).
    const auto* n = std::get_if<uint64_t>(&v);
    if (n && *n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      params_.emplace_back(static_cast<double>(*n));
    else
      params_.push_back(v);
  } else {
    literal(v, type);
  }
  return *this;
}

void SqlWriter::literal(const Value& v, ColumnType type) {
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          sql_ += "NULL";
        } else if constexpr (std::is_same_v<T, std::string>) {
          sql_ += clickhouse_string(x);
        } else if constexpr (std::is_same_v<T, std::array<uint8_t, 16>>) {
          sql_ += "toFixedString(unhex('";
          for (uint8_t b : x) {
            sql_ += kHex[b >> 4];
            sql_ += kHex[b & 0xF];
          }
          sql_ += "'), 16)";
        } else if constexpr (std::is_same_v<T, double>) {
          sql_ += std::to_string(x);
        } else if (type == ColumnType::DateTime) {
          sql_ += "toDateTime(" + std::to_string(x) + ")";
        } else {
          sql_ += std::to_string(x);
        }
      },
      v);
}

}  // namespace netmeter::history::query
