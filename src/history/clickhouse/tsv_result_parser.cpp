#include "history/clickhouse/tsv_result_parser.hpp"

#include <charconv>
#include <cstdlib>
#include <cstring>

#include "history/history_store.hpp"

namespace netmeter::history::clickhouse {
namespace {

enum class CellKind : uint8_t { Unsigned, Signed, Float, DateTimeUtc, Fixed16, Text };

struct CellType {
  CellKind kind = CellKind::Text;
  bool nullable = false;
  ColumnType column_type = ColumnType::String;
};

[[noreturn]] void malformed(const std::string& what) {
  throw HistoryError("ClickHouse answer not understood: " + what);
}

std::string unescape(std::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\' || i + 1 == field.size()) {
      out += field[i];
      continue;
    }
    switch (char c = field[++i]) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'r':
        out += '\r';
        break;
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case '0':
        out += '\0';
        break;
      default:
        out += c;
        break;  // \\ \' and anything else stand for the character itself
    }
  }
  return out;
}

CellType cell_type(std::string_view type) {
  CellType cell;
  if (type.starts_with("Nullable(") && type.ends_with(")")) {
    cell.nullable = true;
    type = type.substr(9, type.size() - 10);
  }
  if (type == "UInt8" || type == "UInt16" || type == "UInt32" || type == "UInt64") {
    cell.kind = CellKind::Unsigned;
    cell.column_type = type == "UInt8"    ? ColumnType::UInt8
                       : type == "UInt16" ? ColumnType::UInt16
                       : type == "UInt32" ? ColumnType::UInt32
                                          : ColumnType::UInt64;
  } else if (type.starts_with("Int")) {
    cell.kind = CellKind::Signed;
  } else if (type.starts_with("Float")) {
    cell.kind = CellKind::Float;
  } else if (type == "DateTime('UTC')") {
    cell.kind = CellKind::DateTimeUtc;
    cell.column_type = ColumnType::DateTime;
  } else if (type == "FixedString(16)") {
    cell.kind = CellKind::Fixed16;
    cell.column_type = ColumnType::Ipv6;
  }
  return cell;
}

int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int64_t>(era) * 146097 + static_cast<int64_t>(doe) - 719468;
}

template <typename N>
N number(std::string_view text) {
  N value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) malformed("number '" + std::string(text) + "'");
  return value;
}

// "YYYY-MM-DD hh:mm:ss" in UTC; 18.16 prints the zero DateTime as "0000-00-00 00:00:00".
uint64_t epoch_seconds(std::string_view text) {
  if (text.size() != 19 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' ||
      text[16] != ':')
    malformed("date-time '" + std::string(text) + "'");
  const int year = number<int>(text.substr(0, 4));
  if (year == 0) return 0;
  const int64_t days =
      days_from_civil(year, number<unsigned>(text.substr(5, 2)), number<unsigned>(text.substr(8, 2)));
  const int64_t seconds = number<int>(text.substr(11, 2)) * 3600 + number<int>(text.substr(14, 2)) * 60 +
                          number<int>(text.substr(17, 2));
  return static_cast<uint64_t>(days * 86400 + seconds);
}

double floating(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) malformed("number '" + text + "'");
  return value;
}

Value cell_value(std::string_view raw, const CellType& type) {
  if (type.nullable && raw == "\\N") return std::monostate{};
  switch (type.kind) {
    case CellKind::Unsigned:
      return number<uint64_t>(raw);
    case CellKind::Signed:
      return number<int64_t>(raw);
    case CellKind::Float:
      return floating(std::string(raw));
    case CellKind::DateTimeUtc:
      return epoch_seconds(raw);
    case CellKind::Fixed16: {
      const std::string bytes = unescape(raw);
      if (bytes.size() != 16) malformed("FixedString(16) of " + std::to_string(bytes.size()) + " bytes");
      std::array<uint8_t, 16> out{};
      std::memcpy(out.data(), bytes.data(), 16);
      return out;
    }
    case CellKind::Text:
      break;
  }
  return unescape(raw);
}

// Splits at `separator`, no copy; the views point into `text`.
std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t at; (at = text.find(separator, start)) != std::string_view::npos; start = at + 1)
    parts.push_back(text.substr(start, at - start));
  parts.push_back(text.substr(start));
  return parts;
}

}  // namespace

ResultTable parse_tsv_with_names_and_types(std::string_view answer, const RenderedQuery& query) {
  if (answer.ends_with('\n')) answer.remove_suffix(1);
  const auto lines = split(answer, '\n');
  if (lines.size() < 2) malformed("no names and types rows");
  const auto names = split(lines[0], '\t');
  const auto types = split(lines[1], '\t');
  if (names.size() != types.size()) malformed("names and types rows differ in length");

  std::vector<CellType> cells;
  ResultTable table;
  for (size_t i = 0; i < names.size(); ++i) {
    cells.push_back(cell_type(unescape(types[i])));
    table.column_names.push_back(unescape(names[i]));
    table.column_types.push_back(cells.back().column_type);
  }
  if (query.column_names.size() == names.size()) table.column_names = query.column_names;
  if (query.column_types.size() == names.size()) table.column_types = query.column_types;

  table.rows.reserve(lines.size() - 2);
  for (size_t line = 2; line < lines.size(); ++line) {
    const auto fields = split(lines[line], '\t');
    if (fields.size() != cells.size()) malformed("row " + std::to_string(line - 1) + " has the wrong width");
    auto& row = table.rows.emplace_back();
    row.reserve(fields.size());
    for (size_t i = 0; i < fields.size(); ++i)
      row.push_back(cell_value(fields[i], cells[i]));
  }
  return table;
}

}  // namespace netmeter::history::clickhouse
