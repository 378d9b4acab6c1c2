#include "history/query/column_names.hpp"

#include <string>

#include "history/flow_columns.hpp"

namespace netmeter::history::query {
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::optional<size_t> index_of(std::string_view name) {
  const auto columns = flow_columns();
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == name) return i;
  return std::nullopt;
}

}  // namespace

std::optional<size_t> resolve_column(std::string_view name) {
  constexpr std::string_view kFormatted = "_FORMATTED";
  if (name.size() > 64) return std::nullopt;
  const std::string wanted = upper(name);
  if (auto i = index_of(wanted)) return i;
  if (wanted.size() <= kFormatted.size() || !wanted.ends_with(kFormatted)) return std::nullopt;
  const auto i = index_of(std::string_view(wanted).substr(0, wanted.size() - kFormatted.size()));
  if (!i) return std::nullopt;
  const ColumnType type = flow_columns()[*i].type;
  if (type != ColumnType::Ipv4 && type != ColumnType::Ipv6) return std::nullopt;
  return i;
}

bool is_aggregate_name(std::string_view name) {
  const std::string u = upper(name);
  return u == "SUM" || u == "COUNT" || u == "AVG" || u == "MIN" || u == "MAX";
}

}  // namespace netmeter::history::query
