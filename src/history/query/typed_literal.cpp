#include "history/query/typed_literal.hpp"

#include <limits>

#include "core/ip_address.hpp"
#include "history/query/clause_error.hpp"

namespace netmeter::history::query {
namespace {

std::string type_name(ColumnType type) {
  switch (type) {
    case ColumnType::UInt8:
      return "UInt8";
    case ColumnType::UInt16:
      return "UInt16";
    case ColumnType::UInt32:
      return "UInt32";
    case ColumnType::UInt64:
      return "UInt64";
    case ColumnType::DateTime:
      return "DateTime (epoch seconds)";
    case ColumnType::Ipv4:
      return "IPv4 address";
    case ColumnType::Ipv6:
      return "IPv6 address";
    case ColumnType::String:
      return "text";
  }
  return "?";
}

// Digits only, at most max; nullopt otherwise (overflow included).
std::optional<uint64_t> parse_unsigned(std::string_view text, uint64_t max) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto d = static_cast<uint64_t>(c - '0');
    if (v > (std::numeric_limits<uint64_t>::max() - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  if (v > max) return std::nullopt;
  return v;
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

TypedLiteral integer_literal(const ColumnInfo& column, std::string_view text) {
  const uint64_t max = max_of(column.type);
  if (auto v = parse_unsigned(text, max)) return {Value{*v}, {}};
  const std::string range = "column " + std::string(column.name) + " (" + type_name(column.type) +
                            ") holds whole numbers from 0 to " + std::to_string(max);
  if (all_digits(text) || (text.size() > 1 && text[0] == '-' && all_digits(text.substr(1))))
    return {std::nullopt, "value " + quote_for_error(text) + " out of range: " + range};
  return {std::nullopt, "invalid number " + quote_for_error(text) + ": " + range};
}

TypedLiteral address_literal(const ColumnInfo& column, std::string_view text) {
  const bool want_v4 = column.type == ColumnType::Ipv4;
  if (want_v4 && all_digits(text)) return integer_literal(column, text);
  const auto address = core::IpAddress::parse(text);
  if (!address)
    return {std::nullopt, "invalid " + type_name(column.type) + " " + quote_for_error(text) + " for column " +
                              std::string(column.name)};
  if (want_v4 && address->is_v4()) {
    const auto& b = address->bytes();
    return {Value{uint64_t{(uint64_t{b[0]} << 24) | (uint64_t{b[1]} << 16) | (uint64_t{b[2]} << 8) | b[3]}},
            {}};
  }
  if (!want_v4 && address->is_v6()) return {Value{address->bytes()}, {}};
  return {std::nullopt, std::string(address->is_v4() ? "an IPv4" : "an IPv6") + " address " +
                            quote_for_error(text) + " cannot match column " + std::string(column.name) +
                            " (" + type_name(column.type) + "; use the IPV" + (want_v4 ? "6" : "4") +
                            "_ columns)"};
}

}  // namespace

uint64_t max_of(ColumnType type) {
  switch (type) {
    case ColumnType::UInt8:
      return std::numeric_limits<uint8_t>::max();
    case ColumnType::UInt16:
      return std::numeric_limits<uint16_t>::max();
    case ColumnType::UInt32:
    case ColumnType::DateTime:
    case ColumnType::Ipv4:
      return std::numeric_limits<uint32_t>::max();
    case ColumnType::UInt64:
    case ColumnType::Ipv6:
    case ColumnType::String:
      break;
  }
  return std::numeric_limits<uint64_t>::max();
}

TypedLiteral typed_literal(const ColumnInfo& column, const Token& token) {
  const std::string_view text = token.text;
  switch (column.type) {
    case ColumnType::String:
      if (token.kind == Token::Kind::String) return {Value{token.text}, {}};
      return {std::nullopt, "column " + std::string(column.name) + " holds text: quote the value, found " +
                                quote_for_error(text)};
    case ColumnType::Ipv4:
    case ColumnType::Ipv6:
      return address_literal(column, text);
    default:
      return integer_literal(column, text);
  }
}

std::vector<LikePiece> like_pattern(std::string_view text) {
  std::vector<LikePiece> pieces;
  auto add_text = [&pieces](char c) {
    if (pieces.empty() || pieces.back().kind != LikePiece::Kind::Text) pieces.push_back({});
    pieces.back().text += c;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' && i + 1 < text.size() &&
        (text[i + 1] == '%' || text[i + 1] == '_' || text[i + 1] == '\\')) {
      add_text(text[++i]);
    } else if (c == '%') {
      // `%%` means what `%` does: keep one.
      if (pieces.empty() || pieces.back().kind != LikePiece::Kind::AnyRun)
        pieces.push_back({LikePiece::Kind::AnyRun, {}});
    } else if (c == '_') {
      pieces.push_back({LikePiece::Kind::AnyOne, {}});
    } else {
      add_text(c);
    }
  }
  return pieces;
}

}  // namespace netmeter::history::query
