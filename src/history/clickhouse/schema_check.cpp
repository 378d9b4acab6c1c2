#include "history/clickhouse/schema_check.hpp"

#include <map>

#include "history/clickhouse/clickhouse_client.hpp"
#include "history/clickhouse/flow_schema.hpp"
#include "history/clickhouse/tsv_result_parser.hpp"
#include "history/history_store.hpp"

namespace netmeter::history::clickhouse {

std::optional<std::string> flow_table_mismatch(const ResultTable& columns) {
  std::map<std::string, std::string, std::less<>> types;
  for (const auto& row : columns.rows) {
    const auto* name = row.size() == 2 ? std::get_if<std::string>(&row[0]) : nullptr;
    const auto* type = row.size() == 2 ? std::get_if<std::string>(&row[1]) : nullptr;
    if (name && type) types[*name] = *type;
  }
  if (types.empty()) return "there is no table " + std::string(kFlowTable);
  for (const auto& column : flow_columns()) {
    const auto it = types.find(column.name);
    if (it == types.end())
      return "the table " + std::string(kFlowTable) + " has no column " + std::string(column.name);
    if (it->second != clickhouse_type(column.type))
      return "column " + std::string(column.name) + " of " + std::string(kFlowTable) + " is " + it->second +
             ", netmeter writes " + std::string(clickhouse_type(column.type));
  }
  return std::nullopt;
}

void check_flow_table(ClickHouseClient& client) {
  // The database name is a checked identifier (clickhouse_url.hpp), safe inside quotes.
  const std::string sql = "SELECT name, type FROM system.columns WHERE database = '" + client.url().database +
                          "' AND table = '" + std::string(kFlowTable) +
                          "' FORMAT TabSeparatedWithNamesAndTypes";
  if (auto mismatch = flow_table_mismatch(parse_tsv_with_names_and_types(client.query(sql), {})))
    throw HistoryError("ClickHouse: " + *mismatch);
}

}  // namespace netmeter::history::clickhouse
